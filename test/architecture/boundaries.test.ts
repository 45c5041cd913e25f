/**
 * The layout's arrows (shared/DESIGN.md, Layout), checked on every import of the source: a
 * forbidden arrow fails here, whatever the lint rules happen to match.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

interface Import {
  from: string;
  /** A repository path (domain/money.ts) or a package name (zod). */
  to: string;
}

/** `… from 'x'`, `import 'x'` on a line of its own, and `import('x')`. */
const specifier = /(?:\bfrom\s+|^\s*import\s+|\bimport\(\s*)['"]([^'"\n]+)['"]/gm;

/** Every import of one file, resolved against the repository and the package's aliases. */
export function importsOf(file: string, source: string): Import[] {
  return [...source.matchAll(specifier)].map(([, spec = '']) => {
    if (spec.startsWith('#')) return { from: file, to: spec.slice(1) };
    if (spec.startsWith('.')) return { from: file, to: path.join(path.dirname(file), spec) };
    const parts = spec.split('/');
    return { from: file, to: spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]! };
  });
}

const under = (folder: string) => (p: string) => p.startsWith(`${folder}/`);
const dynamoClients = [
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/util-dynamodb',
];

interface Rule {
  name: string;
  applies: (file: string) => boolean;
  forbids: (to: string) => boolean;
}

/** The arrows never drawn. */
export const rules: Rule[] = [
  {
    name: 'domain/ imports only its own files, zod and decimal.js',
    applies: under('domain'),
    forbids: (to) =>
      !under('domain')(to) && to !== 'zod' && to !== 'decimal.js' && !to.startsWith('zod/'),
  },
  {
    name: 'api/ imports only domain/, its own files and zod',
    applies: under('api'),
    forbids: (to) => !under('domain')(to) && !under('api')(to) && to !== 'zod',
  },
  {
    name: 'functions/ never imports infra/, local/, web/, bench/ or test/',
    applies: under('functions'),
    forbids: (to) => ['infra', 'local', 'web', 'bench', 'test'].some((f) => under(f)(to)),
  },
  {
    name: 'web/ never imports functions/, infra/ or local/',
    applies: under('web'),
    forbids: (to) => ['functions', 'infra', 'local'].some((f) => under(f)(to)),
  },
  {
    name: 'only functions/store/ (and the local adapter) knows DynamoDB clients and item keys',
    applies: (file) =>
      ['domain', 'api', 'functions', 'web'].some((f) => under(f)(file)) &&
      !under('functions/store')(file),
    forbids: (to) => dynamoClients.includes(to) || to === 'functions/store/table-definition.ts',
  },
];

export function violations(imports: Import[]): string[] {
  return imports
    .filter((i) => rules.some((rule) => rule.applies(i.from) && rule.forbids(i.to)))
    .map((i) => `${i.from} -> ${i.to}`);
}

function sourceImports(): Import[] {
  // Tracked files and new ones not yet added: a file is checked before its first commit.
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((file) => /^(domain|api|functions|infra|local|web\/src|bench)\//.test(file));
  return files.flatMap((file) => importsOf(file, readFileSync(path.join(root, file), 'utf8')));
}

describe('the layout', () => {
  const imports = sourceImports();

  it('reads the imports of every source folder', () => {
    for (const folder of ['domain', 'api', 'functions', 'infra', 'local', 'web']) {
      expect(
        imports.some((i) => under(folder)(i.from)),
        folder,
      ).toBe(true);
    }
    expect(imports.length).toBeGreaterThan(500);
  });

  it('draws no forbidden arrow', () => {
    expect([...new Set(violations(imports))].sort()).toEqual([]);
  });

  it('catches a planted forbidden import, however deep or aliased', () => {
    const planted = [
      ['domain/loans/deep/rule.ts', "import { store } from '../../../functions/store/client.ts';"],
      ['domain/money.ts', "import { routes } from '#api/routes.ts';"],
      ['api/loans.ts', "import type { Identity } from '../functions/http/identity.ts';"],
      ['functions/loans/handler.ts', "const m = await import('../../local/seed.ts');"],
      ['web/src/app.ts', "import type { x } from '../../functions/loans/views.ts';"],
      ['functions/members/handler.ts', "import { GetCommand } from '@aws-sdk/lib-dynamodb';"],
      ['web/src/ui.ts', "export { keys } from '../../functions/store/table-definition.ts';"],
    ] as const;
    for (const [file, line] of planted) {
      expect(violations(importsOf(file, line)), `${file}: ${line}`).toHaveLength(1);
    }
    expect(
      violations(
        importsOf('functions/store/loans.ts', "import 'a'; import '@aws-sdk/lib-dynamodb';"),
      ),
    ).toEqual([]);
    expect(
      violations(importsOf('functions/loans/handler.ts', "import { z } from '#api/loans.ts';")),
    ).toEqual([]);
  });
});
