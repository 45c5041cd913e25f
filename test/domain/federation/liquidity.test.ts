import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Money } from '#domain/money.ts';
import {
  planTransfers,
  type LiquidityPlan,
  type LiquidityPosition,
} from '#domain/federation/liquidity.ts';
import { refusalOf } from '../../support/refusal.ts';

/** A position from cash, reserve floor, demand and placement cap, in that order. */
function at(id: string, cash: string, reserveFloor: string, demand: string, placementCap: string) {
  return { id, cash, reserveFloor, demand, placementCap };
}

function plan(...associations: LiquidityPosition[]): LiquidityPlan {
  return planTransfers({ associations });
}

describe('planTransfers, worked by hand', () => {
  it('one lender covers one borrower fully and the other in part', () => {
    // A: 10000 − 2000 − 1000 = 7000 spare, capped at 5000. C short 3000.50 (largest, served
    // first), B short 3000: C gets 3000.50, B the remaining 1999.50 and stays 1000.50 short.
    expect(
      plan(
        at('C', '500', '500', '3000.50', '0'),
        at('A', '10000', '2000', '1000', '5000'),
        at('B', '1000', '1000', '3000', '0'),
      ),
    ).toEqual({
      transfers: [
        { from: 'A', to: 'C', amount: '3000.50' },
        { from: 'A', to: 'B', amount: '1999.50' },
      ],
      shortfalls: [{ id: 'B', amount: '1000.50' }],
    });
  });

  it('pairs exact matches first, saving a transfer the greedy pass alone would spend', () => {
    // Greedy alone: L1→B1 400, L1→B2 100, L2→B2 200, L2→B3 100 (four transfers).
    const result = plan(
      at('L1', '500', '0', '0', '500'),
      at('L2', '300', '0', '0', '300'),
      at('B1', '0', '0', '400', '0'),
      at('B2', '0', '0', '300', '0'),
      at('B3', '0', '0', '100', '0'),
    );
    expect(result).toEqual({
      transfers: [
        { from: 'L1', to: 'B1', amount: '400.00' },
        { from: 'L2', to: 'B2', amount: '300.00' },
        { from: 'L1', to: 'B3', amount: '100.00' },
      ],
      shortfalls: [],
    });
  });

  it('goes on past a lender and a borrower emptied by the same transfer', () => {
    // No exact match; greedy: L5→B4a 4, L5→B4b 1, L3→B4b 3 (both emptied), L1→Bh 0.50.
    expect(
      plan(
        at('L5', '5', '0', '0', '5'),
        at('L3', '3', '0', '0', '3'),
        at('L1', '1', '0', '0', '1'),
        at('B4a', '0', '0', '4', '0'),
        at('B4b', '0', '0', '4', '0'),
        at('Bh', '0', '0', '0.5', '0'),
      ),
    ).toEqual({
      transfers: [
        { from: 'L5', to: 'B4a', amount: '4.00' },
        { from: 'L3', to: 'B4b', amount: '3.00' },
        { from: 'L5', to: 'B4b', amount: '1.00' },
        { from: 'L1', to: 'Bh', amount: '0.50' },
      ],
      shortfalls: [],
    });
  });

  it('pairs equal amounts in id order', () => {
    expect(
      plan(
        at('y', '0', '0', '0.07', '0'),
        at('b', '0.07', '0', '0', '1'),
        at('x', '0', '0', '0.07', '0'),
        at('a', '0.07', '0', '0', '1'),
      ).transfers,
    ).toEqual([
      { from: 'a', to: 'x', amount: '0.07' },
      { from: 'b', to: 'y', amount: '0.07' },
    ]);
  });

  it('moves nothing when every association holds exactly what it needs', () => {
    expect(plan(at('A', '3000', '1000', '2000', '3000'), at('B', '0', '0', '0', '0'))).toEqual({
      transfers: [],
      shortfalls: [],
    });
  });

  it('moves nothing with only lenders, and reports every deficit with only borrowers', () => {
    expect(plan(at('A', '900', '0', '0', '900'), at('B', '50.5', '0', '0', '50'))).toEqual({
      transfers: [],
      shortfalls: [],
    });
    expect(plan(at('A', '0', '100', '0', '0'), at('B', '10', '0', '200.01', '0'))).toEqual({
      transfers: [],
      shortfalls: [
        { id: 'B', amount: '190.01' },
        { id: 'A', amount: '100.00' },
      ],
    });
  });

  it('lets the placement cap bind: a rich association with cap 0 lends nothing', () => {
    expect(
      plan(
        at('rich', '1000000', '0', '0', '0'),
        at('capped', '5000', '1000', '0', '1200.40'),
        at('short', '0', '2000', '0', '0'),
      ),
    ).toEqual({
      transfers: [{ from: 'capped', to: 'short', amount: '1200.40' }],
      shortfalls: [{ id: 'short', amount: '799.60' }],
    });
  });

  it('never counts a placement cap against a borrower', () => {
    expect(plan(at('A', '100', '0', '0', '100'), at('B', '0', '0', '50', '999')).transfers).toEqual(
      [{ from: 'A', to: 'B', amount: '50.00' }],
    );
  });
});

describe('planTransfers refuses bad input', () => {
  it.each([
    ['cash', '-1'],
    ['cash', '1.234'],
    ['reserveFloor', '1.500'],
    ['demand', '1e3'],
    ['demand', ' 1'],
    ['placementCap', '1,000'],
    ['placementCap', ''],
    ['cash', '.5'],
    ['cash', 12],
    ['demand', undefined],
  ])('%s = %j', (field, value) => {
    const bad = { ...at('B', '1', '1', '1', '1'), [field]: value } as LiquidityPosition;
    const refusal = refusalOf(() => plan(at('A', '1', '1', '1', '1'), bad));
    expect(refusal.code).toBe('LIQUIDITY_AMOUNT_INVALID');
    expect(refusal.kind).toBe('invalid');
    expect(refusal.details).toEqual({ field: `associations[1].${field}` });
  });

  it('refuses a duplicate id', () => {
    const refusal = refusalOf(() =>
      plan(at('A', '1', '0', '0', '1'), at('B', '0', '0', '1', '0'), at('A', '0', '0', '0', '0')),
    );
    expect(refusal.code).toBe('LIQUIDITY_DUPLICATE_ID');
    expect(refusal.kind).toBe('invalid');
    expect(refusal.details).toEqual({ field: 'associations[2].id', id: 'A' });
  });
});

/** Cents written in any accepted form: "7", "7.5", "7.50". */
function written(cents: fc.Arbitrary<bigint>): fc.Arbitrary<string> {
  return fc.tuple(cents, fc.boolean()).map(([value, short]) => {
    const text = Money.exact(Money.of(value.toString()).value.div(100)).toString();
    return short ? text.replace(/\.?0+$/, '') : text;
  });
}

// Half the federations hold only whole yuan from 0 to 10, so that equal amounts (exact
// matches, ties, a lender and a borrower emptied by the same transfer) come up often; the
// other half mix small amounts in 分 with amounts up to 1,000,000.00. Cash is the sum of two
// draws, so lenders and borrowers come about as often and either side's total can be the
// smaller.
const roundCents = fc.bigInt({ min: 0n, max: 10n }).map((yuan) => yuan * 100n);
const mixedCents = fc.oneof(
  fc.bigInt({ min: 0n, max: 2_000n }),
  fc.bigInt({ min: 0n, max: 100_000_000n }),
);

const federation = fc.constantFrom(roundCents, mixedCents).chain((cents) =>
  fc.uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 6 }),
      cash: written(fc.tuple(cents, cents).map(([x, y]) => x + y)),
      reserveFloor: written(cents),
      demand: written(cents),
      placementCap: written(cents),
    }),
    // size 'max' spreads lengths over the whole range; the default keeps them near 10.
    { minLength: 1, maxLength: 500, selector: (a) => a.id, size: 'max' },
  ),
);

/** The rules, worked out with Money rather than the planner's own arithmetic. */
function sides(associations: readonly LiquidityPosition[]) {
  const surplus = new Map<string, Money>();
  const deficit = new Map<string, Money>();
  for (const a of associations) {
    const net = Money.of(a.cash).minus(Money.of(a.reserveFloor)).minus(Money.of(a.demand));
    const spare = net.min(Money.of(a.placementCap));
    if (spare.isPositive()) surplus.set(a.id, spare);
    if (net.isNegative()) deficit.set(a.id, net.negated());
  }
  return { surplus, deficit };
}

function totalsBy(entries: { id: string; amount: string }[]): Map<string, Money> {
  const totals = new Map<string, Money>();
  for (const { id, amount: text } of entries) {
    totals.set(id, (totals.get(id) ?? Money.zero).plus(Money.of(text)));
  }
  return totals;
}

describe('planTransfers, properties on random federations of 1 to 500 associations', () => {
  it('keeps every rule of the plan', () => {
    fc.assert(
      fc.property(federation, (associations) => {
        const { transfers, shortfalls } = planTransfers({ associations });
        const { surplus, deficit } = sides(associations);

        for (const t of [...transfers, ...shortfalls]) {
          expect(t.amount).toMatch(/^\d+\.\d{2}$/);
          expect(Money.of(t.amount).isPositive()).toBe(true);
        }
        // Lenders only give, borrowers only receive.
        for (const t of transfers) {
          expect(surplus.has(t.from), t.from).toBe(true);
          expect(deficit.has(t.to), t.to).toBe(true);
        }
        const given = totalsBy(transfers.map((t) => ({ id: t.from, amount: t.amount })));
        const received = totalsBy(transfers.map((t) => ({ id: t.to, amount: t.amount })));
        for (const [id, total] of given) expect(total.gt(surplus.get(id)!)).toBe(false);
        for (const [id, total] of received) expect(total.gt(deficit.get(id)!)).toBe(false);

        const totalSurplus = Money.sum(surplus.values());
        const totalDeficit = Money.sum(deficit.values());
        const moved = Money.sum(transfers.map((t) => Money.of(t.amount)));
        expect(moved.toString()).toBe(totalSurplus.min(totalDeficit).toString());

        // One shortfall per borrower left short, equal to what it still lacks.
        const expectedShortfalls = new Map<string, string>();
        for (const [id, lack] of deficit) {
          const left = lack.minus(received.get(id) ?? Money.zero);
          if (left.isPositive()) expectedShortfalls.set(id, left.toString());
        }
        expect(new Map(shortfalls.map((s) => [s.id, s.amount]))).toEqual(expectedShortfalls);
        expect(shortfalls).toHaveLength(expectedShortfalls.size);
        const uncovered = Money.sum(shortfalls.map((s) => Money.of(s.amount)));
        expect(uncovered.toString()).toBe(totalDeficit.minus(moved).toString());

        if (surplus.size === 0 || deficit.size === 0) expect(transfers).toEqual([]);
        else expect(transfers.length).toBeLessThanOrEqual(surplus.size + deficit.size - 1);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same plan for the same federation in any order', () => {
    fc.assert(
      fc.property(
        federation.chain((associations) =>
          fc.tuple(
            fc.constant(associations),
            fc.shuffledSubarray(associations, {
              minLength: associations.length,
              maxLength: associations.length,
            }),
          ),
        ),
        ([associations, shuffled]) => {
          expect(planTransfers({ associations: shuffled })).toEqual(
            planTransfers({ associations }),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('lists transfers and shortfalls largest first, then by id', () => {
    fc.assert(
      fc.property(federation, (associations) => {
        const { transfers, shortfalls } = planTransfers({ associations });
        const byId = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
        const byAmount = (x: { amount: string }, y: { amount: string }) =>
          Money.of(y.amount).compare(Money.of(x.amount));
        expect(transfers).toEqual(
          transfers.toSorted((x, y) => byAmount(x, y) || byId(x.from, y.from) || byId(x.to, y.to)),
        );
        expect(shortfalls).toEqual(
          shortfalls.toSorted((x, y) => byAmount(x, y) || byId(x.id, y.id)),
        );
      }),
      { numRuns: 100 },
    );
  });
});
