/**
 * How fast the 资金余缺调剂 planner is on a large federation: 10,000 associations, seeded so
 * every run plans the same federation. Run alone with `npx tsx bench/plan-transfers.ts`.
 */
import { performance } from 'node:perf_hooks';
import { planTransfers, type LiquidityPosition } from '#domain/federation/liquidity.ts';

const associationCount = 10_000;
const runs = 7;

/** mulberry32: a small seeded PRNG, so the federation is the same on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Whole 分 below `maxCents`, written as "1234.56": integers only, no float ever touches it. */
function amountBelow(next: () => number, maxCents: number): string {
  const cents = BigInt(next() % maxCents);
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/** Cash up to 200万, floor and demand up to 100万 each: about as many lenders as borrowers. */
export function benchFederation(seed = 2013): LiquidityPosition[] {
  const next = seededRandom(seed);
  return Array.from({ length: associationCount }, (_, index) => ({
    id: `assoc-${String(index).padStart(5, '0')}`,
    cash: amountBelow(next, 200_000_000),
    reserveFloor: amountBelow(next, 100_000_000),
    demand: amountBelow(next, 100_000_000),
    placementCap: amountBelow(next, 100_000_000),
  }));
}

export async function benchPlanTransfers(): Promise<Record<string, string>> {
  const associations = benchFederation();
  let plan = planTransfers({ associations }); // warm-up, so the JIT is not timed
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    plan = planTransfers({ associations });
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  return {
    'planTransfers 10,000 associations median ms': times[Math.floor(runs / 2)]!.toFixed(1),
    'planTransfers 10,000 associations max ms': times[runs - 1]!.toFixed(1),
    transfers: String(plan.transfers.length),
    shortfalls: String(plan.shortfalls.length),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [figure, value] of Object.entries(await benchPlanTransfers())) {
    console.log(`${figure}: ${value}`);
  }
}
