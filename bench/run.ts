/**
 * `npm run bench`: figures from one run on this machine. Shared machines are noisy: compare
 * ratios and orders of magnitude, not single milliseconds.
 */
import { startLocalSystem } from '../local/system.ts';
import { benchBundleSizes } from './bundle-size.ts';
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
