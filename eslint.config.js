import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * `import { z } from 'zod'` bundles every zod locale into each Lambda (about 370 KiB);
 * `import * as z` lets esbuild leave them out (README, Benchmarks).
 */
const zodNamespaceOnly = {
  selector:
    "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z']",
  message: "Import zod as a namespace: import * as z from 'zod'.",
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.data/', 'test-artifacts/', 'web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Money never passes through a JS number (shared/DESIGN.md, Money).
      'no-restricted-globals': [
        'error',
        { name: 'parseFloat', message: 'Use decimal.js for money.' },
      ],
      'no-restricted-syntax': ['error', zodNamespaceOnly],
    },
  },
  {
    // Tests read JSON answers of many shapes.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      // domain/ is pure: no AWS, no I/O, no clock.
      'no-restricted-imports': [
        'error',
        {
          // At any depth: a nested domain file reaches ../../functions/ (test/architecture
          // walks every import as well).
          patterns: [
            '@aws-sdk/*',
            'aws-cdk-lib*',
            '@middy/*',
            'node:fs*',
            'node:http*',
            '**/functions/**',
            '**/local/**',
            '**/infra/**',
            '**/web/**',
            '**/api/**',
            '#api/*',
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        zodNamespaceOnly,
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'domain/ takes dates as arguments.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'domain/ takes dates as arguments.',
        },
      ],
    },
  },
);
