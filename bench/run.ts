/**
 * `npm run bench`: figures from one run on this machine. Shared machines are noisy: compare
 * ratios and orders of magnitude, not single milliseconds.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startLocalSystem } from '../local/system.ts';

const root = path.resolve(import.meta.dirname, '..');
import { benchBundleSizes } from './bundle-size.ts';
import { benchConsoleBundle } from './console-size.ts';
import { benchPlanTransfers } from './plan-transfers.ts';
import { benchLedgerWrites } from './ledger-writes.ts';
import { benchLoanApi, benchSchedules } from './loans.ts';
import { benchReadLatency } from './read-latency.ts';

function print(title: string, figures: Record<string, string>): void {
  console.log(`\n${title}`);
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [name, value] of Object.entries(figures))
    console.log(`  ${name.padEnd(width)}  ${value}`);
}

const system = await startLocalSystem({ port: 0 });
try {
  print('Read path (local adapter vs raw DynamoDB Local)', await benchReadLatency(system));
  print('Ledger writes (local adapter, DynamoDB Local)', await benchLedgerWrites(system));
  print('Loans (local adapter, DynamoDB Local)', {
    ...benchSchedules(),
    ...(await benchLoanApi(system)),
  });
} finally {
  await system.stop();
}
print('Lambda bundles (minified ESM, AWS SDK external)', await benchBundleSizes());
print('资金余缺调剂 planner', await benchPlanTransfers());
print('Console (web/)', await benchConsoleBundle());

// The dashboard bench starts a system of its own (a fresh DynamoDB Local and table); the
// handlers' store is one per process, so it runs in a process of its own.
console.log('\nSupervision dashboard (its own process and table)');
execFileSync(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'bench/dashboard.ts')], {
  stdio: 'inherit',
});
