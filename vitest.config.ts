import { defineConfig } from 'vitest/config';

/**
 * The suite in four projects, run in this order by `npm test` (test/run-projects.ts):
 * - unit: domain rules, the console's pure modules, pure functions/ and local/ modules, and the
 *   CDK stack by synthesis; no engine, seconds.
 * - integration: the local system (the real adapter and handlers) on DynamoDB Local, one
 *   engine per worker, each file on a table of its own seeded with what it uses.
 * - browser: pages in Debian's Chromium, one browser server shared by the files.
 * - smoke: `npm start` itself, in a child process.
 */
const browserFiles = ['test/web/*.test.ts', 'test/**/*-browser.test.ts'];
const smokeFiles = ['test/local/npm-start.test.ts'];
/** Files that start the local system, or DynamoDB Local, themselves. */
const systemFiles = [
  'test/functions/*.test.ts',
  'test/functions/{farmer-page,notifier,reports}/*.test.ts',
  'test/local/*.test.ts',
];
/** Files under those folders that need no engine. */
const pureFunctionFiles = [
  'test/functions/http/*.test.ts',
  'test/functions/farmer-page/render.test.ts',
  'test/functions/books-properties-in-memory.test.ts',
  'test/functions/federation-routes.test.ts',
  'test/functions/loan-items.test.ts',
  'test/functions/notifier/provider-codes.test.ts',
  'test/functions/notifier/sns-sender.test.ts',
  'test/functions/subsidy-claim-files.test.ts',
  'test/functions/transaction-limit.test.ts',
  'test/functions/store/*.test.ts',
  'test/local/console-route.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two cores, two workers: vitest's default (cores − 1) ran every file one after another.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Pure modules: one worker process serves many files, and imports are paid once.
          isolate: false,
          include: [
            'test/domain/**/*.test.ts',
            'test/web/unit/**/*.test.ts',
            'test/infra/**/*.test.ts',
            'test/architecture/*.test.ts',
            ...pureFunctionFiles,
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: systemFiles,
          exclude: [...pureFunctionFiles, ...browserFiles, ...smokeFiles],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: browserFiles,
          globalSetup: ['test/support/global-setup.ts', 'test/support/browser-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'smoke', include: smokeFiles },
      },
    ],
  },
});
