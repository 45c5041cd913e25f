import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCharter, type Charter } from '#domain/charter.ts';
import { Decimal, largestRemainder, Money } from '#domain/money.ts';
import {
  distributionEntry,
  shareDays,
  yearEndDistribution,
  type LedgerEntry,
} from '#domain/reports/distribution.ts';
import { Refusal } from '#domain/refusal.ts';
import {
  contribution,
  fiscalShares,
  linesOf,
  managementCost,
  relief,
  repaid,
  reversal,
  shares,
  writtenOff,
} from './ledger-fixtures.ts';

const texts = (amounts: Money[]) => amounts.map((a) => a.toString());

function distribute(entries: LedgerEntry[], charter: Charter = defaultCharter(), year = 2025) {
  return yearEndDistribution({ associationId: 'zhuyang-02', year, charter, entries });
}

describe('largest remainder to the 分', () => {
  it('gives the left-over 分 to the largest remainders, ties in the order given', () => {
    expect(texts(largestRemainder(Money.of('100.00'), [1n, 1n, 1n]))).toEqual([
      '33.34',
      '33.33',
      '33.33',
    ]);
    expect(texts(largestRemainder(Money.of('0.05'), [1n, 1n, 1n, 1n, 1n, 1n]))).toEqual([
      '0.01',
      '0.01',
      '0.01',
      '0.01',
      '0.01',
      '0.00',
    ]);
    // 10.00 by 1:2:3 → 1.666…, 3.333…, 5.00: the largest remainder (.666) takes the 分.
    expect(texts(largestRemainder(Money.of('10.00'), [1n, 2n, 3n]))).toEqual([
      '1.67',
      '3.33',
      '5.00',
    ]);
    // A zero weight never gets a 分.
    expect(texts(largestRemainder(Money.of('0.03'), [0n, 1n, 1n]))).toEqual([
      '0.00',
      '0.02',
      '0.01',
    ]);
  });

  it('refuses what it cannot split', () => {
    expect(() => largestRemainder(Money.of('-1.00'), [1n])).toThrow(RangeError);
    expect(() => largestRemainder(Money.of('1.00'), [0n, 0n])).toThrow(RangeError);
  });

  it('always sums exactly, and no part is more than 1分 from its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10_000_000_00n }),
        fc.array(fc.bigInt({ min: 0n, max: 1_000_000n }), { minLength: 1, maxLength: 40 }),
        (totalCents, weights) => {
          fc.pre(weights.some((w) => w > 0n));
          const total = Money.exact(new Decimal(totalCents.toString()).div(100));
          const parts = largestRemainder(total, weights);
          expect(Money.sum(parts).toString()).toBe(total.toString());
          const sum = weights.reduce((a, b) => a + b, 0n);
          parts.forEach((part, i) => {
            const exact = total.value.times((weights[i] ?? 0n).toString()).div(sum.toString());
            expect(part.value.minus(exact).abs().lt('0.01')).toBe(true);
          });
        },
      ),
    );
  });
});

describe('days held', () => {
  it('counts own shares × days from purchase to withdrawal; fiscal shares and reversed entries never', () => {
    const mistaken = shares('2025-05-01', 'm0005', 3);
    const entries = [
      shares('2013-05-01', 'm0001', 2), // held all year: 2 × 365
      shares('2025-03-01', 'm0002', 1), // from 1 March: 306 days
      shares('2014-01-01', 'm0003', 3),
      shares('2025-07-01', 'm0003', -1), // 3 × 181 (to 30 June) + 2 × 184
      shares('2013-05-01', 'm0004', 1),
      shares('2025-02-01', 'm0004', -1), // exits: 31 days (January)
      mistaken,
      reversal(mistaken, '2025-06-01'), // a mistake and its undoing: never happened
      fiscalShares('2013-05-15', 'm0006', 2), // the fund's shares: no days
      shares('2026-01-01', 'm0007', 1), // next year
    ];
    expect(Object.fromEntries(shareDays(entries, 2025))).toEqual({
      m0001: 730,
      m0002: 306,
      m0003: 3 * 181 + 2 * 184,
      m0004: 31,
    });
  });

  it('knows a leap year', () => {
    expect(shareDays([shares('2020-01-01', 'm0001', 1)], 2024).get('m0001')).toBe(366);
  });
});

describe('year-end distribution', () => {
  const holders = [
    shares('2013-05-01', 'm0001', 1),
    shares('2013-05-01', 'm0002', 1),
    shares('2013-05-01', 'm0003', 1),
  ];

  it('splits the fee income by the charter to the 分, by largest remainder', () => {
    const d = distribute([...holders, repaid('2025-03-10', '1000.00', '1234.57')]);
    // 1234.57 × 30%, 15%, 5%, 40%, 10% = 370.371, 185.1855, 61.7285, 493.828, 123.457:
    // the floors leave 3分, which go to the remainders .85, .8 and .7.
    expect(d.distributable.toString()).toBe('1234.57');
    expect(Object.fromEntries(Object.entries(d.parts).map(([k, v]) => [k, v.toString()]))).toEqual({
      riskReserve: '370.37',
      capital: '185.18',
      welfare: '61.73',
      runningCosts: '493.83',
      shareReturn: '123.46',
    });
    expect(Money.sum(Object.values(d.parts)).toString()).toBe('1234.57');
    // Three equal holders: 41.153… each, the 分 left over to the lowest member id.
    expect(d.memberReturns.map((r) => [r.memberId, r.shareDays, r.amount.toString()])).toEqual([
      ['m0001', 365, '41.16'],
      ['m0002', 365, '41.15'],
      ['m0003', 365, '41.15'],
    ]);
    const entry = distributionEntry(d, 'je-20251231-0000000001');
    expect(entry).toMatchObject({ date: '2025-12-31', kind: 'year-end-distribution' });
    expect(linesOf(entry.lines)).toEqual([
      ['4101', '1234.57', '0.00'],
      ['3301', '0.00', '370.37'],
      ['3302', '0.00', '185.18'],
      ['3303', '0.00', '61.73'],
      ['3304', '0.00', '493.83'],
      ['2202', '0.00', '123.46'],
    ]);
  });

  it('puts the share part to capital when the charter forbids a return on shares', () => {
    const charter = { ...defaultCharter(), shareReturnAllowed: false };
    const d = distribute([...holders, repaid('2025-03-10', '1000.00', '1234.57')], charter);
    // Capital gets 15% + 10% = 25%: 308.6425; the 2分 left go to welfare and running costs.
    expect(d.shareReturnToCapital).toBe('forbidden-by-charter');
    expect(d.parts.capital.toString()).toBe('308.64');
    expect(d.parts.shareReturn.toString()).toBe('0.00');
    expect(d.memberReturns).toEqual([]);
    expect(Money.sum(Object.values(d.parts)).toString()).toBe('1234.57');
    expect(linesOf(d.lines).map(([account]) => account)).not.toContain('2202');
  });

  it('puts the share part to capital when nobody held shares', () => {
    const d = distribute([repaid('2025-03-10', '0.00', '100.00')]);
    expect(d.shareReturnToCapital).toBe('no-shares-held');
    expect(d.parts.capital.toString()).toBe('25.00');
  });

  it('divides the share part pro rata to shares × days, and the returns sum to it', () => {
    const entries = [
      shares('2013-05-01', 'm0001', 2), // 730
      shares('2025-07-01', 'm0002', 1), // 184
      shares('2013-05-01', 'm0003', 1),
      shares('2025-04-01', 'm0003', -1), // 90
      fiscalShares('2013-05-15', 'm0004', 2), // none
      repaid('2025-08-01', '0.00', '333.33'),
    ];
    const d = distribute(entries);
    expect(d.parts.shareReturn.toString()).toBe('33.33');
    expect(d.shareDaysTotal).toBe(730 + 184 + 90);
    // 3333分 × 730/1004 = 2423.40…, × 184/1004 = 610.83…, × 90/1004 = 298.77…: the floors
    // 2423, 610, 298 leave 2分 for the largest remainders, .83 (m0002) and .77 (m0003).
    expect(d.memberReturns.map((r) => [r.memberId, r.amount.toString()])).toEqual([
      ['m0001', '24.23'],
      ['m0002', '6.11'],
      ['m0003', '2.99'],
    ]);
    expect(Money.sum(d.memberReturns.map((r) => r.amount)).toString()).toBe('33.33');
  });

  it('takes costs and write-offs off the fee income; the write-offs go back to the risk reserve', () => {
    const d = distribute([
      ...holders,
      relief('2025-05-01', '500.00'),
      writtenOff('2025-06-01', '500.00'),
      repaid('2025-03-10', '800.00', '1900.00'),
      repaid('2025-04-10', '0.00', '95.00', '5.00'),
      contribution('2025-06-30', '60.00'),
      managementCost('2025-09-30', '40.00'),
    ]);
    expect(d.figures.income.toString()).toBe('2000.00');
    expect(d.figures.costs.toString()).toBe('100.00');
    expect(d.figures.writeOffs.toString()).toBe('500.00');
    // 2000 − 100 − 500 = 1400: 420, 210, 70, 560, 140.
    expect(d.distributable.toString()).toBe('1400.00');
    expect(d.writeOffsMadeGood.toString()).toBe('500.00');
    expect(linesOf(d.lines)).toEqual([
      ['4101', '1995.00', '0.00'],
      ['4102', '5.00', '0.00'],
      ['5101', '0.00', '40.00'],
      ['5201', '0.00', '60.00'],
      ['3301', '0.00', '920.00'],
      ['3302', '0.00', '210.00'],
      ['3303', '0.00', '70.00'],
      ['3304', '0.00', '560.00'],
      ['2202', '0.00', '140.00'],
    ]);
  });

  it("meets the year's costs from the running costs earlier years set aside", () => {
    const year2024 = distribute(
      [...holders, repaid('2024-06-01', '0.00', '500.00')],
      undefined,
      2024,
    );
    const closing2024 = { ...distributionEntry(year2024, 'je-20241231-0000000001') };
    expect(year2024.parts.runningCosts.toString()).toBe('200.00');
    const d = distribute([
      ...holders,
      repaid('2024-06-01', '0.00', '500.00'),
      closing2024,
      repaid('2025-06-01', '0.00', '1000.00'),
      managementCost('2025-09-30', '150.00'),
    ]);
    expect(d.figures.runningCostsReserve.toString()).toBe('200.00');
    expect(d.costsCoveredByReserve.toString()).toBe('150.00');
    expect(d.distributable.toString()).toBe('1000.00');
    expect(linesOf(d.lines)).toEqual([
      ['4101', '1000.00', '0.00'],
      ['3304', '150.00', '0.00'],
      ['5101', '0.00', '150.00'],
      ['3301', '0.00', '300.00'],
      ['3302', '0.00', '150.00'],
      ['3303', '0.00', '50.00'],
      ['3304', '0.00', '400.00'],
      ['2202', '0.00', '100.00'],
    ]);
  });

  it('splits nothing when write-offs or costs eat the income; a loss is borne by the reserve as far as it holds', () => {
    const short = distribute([
      relief('2025-05-01', '500.00'),
      writtenOff('2025-06-01', '500.00'),
      repaid('2025-03-10', '0.00', '300.00'),
    ]);
    expect(short.distributable.toString()).toBe('0.00');
    expect(short.writeOffsMadeGood.toString()).toBe('300.00');
    expect(linesOf(short.lines)).toEqual([
      ['4101', '300.00', '0.00'],
      ['3301', '0.00', '300.00'],
    ]);
    const loss = distribute([
      repaid('2025-03-10', '0.00', '100.00'),
      contribution('2025-06-30', '300.00'),
    ]);
    expect(loss.netIncome.toString()).toBe('-200.00');
    // No reserve is held: the loss stays in the result, carried forward (5201 left open).
    expect(loss.lossCarriedForward.toString()).toBe('200.00');
    expect(linesOf(loss.lines)).toEqual([
      ['4101', '100.00', '0.00'],
      ['5201', '0.00', '100.00'],
    ]);
    // With 150.00 in the reserve it bears that much; 公积金 holds nothing, 50.00 is carried.
    const borne = distribute([
      relief('2025-01-05', '150.00'),
      repaid('2025-03-10', '0.00', '100.00'),
      contribution('2025-06-30', '300.00'),
    ]);
    expect(borne.lossCarriedForward.toString()).toBe('50.00');
    expect(linesOf(borne.lines)).toEqual([
      ['4101', '100.00', '0.00'],
      ['5201', '0.00', '250.00'],
      ['3301', '150.00', '0.00'],
    ]);
  });

  it("leaves out its own earlier closing and that closing's reversal, and other years", () => {
    const base = [
      ...holders,
      repaid('2024-12-31', '0.00', '70.00'),
      repaid('2025-02-01', '0.00', '700.00'),
    ];
    const first = distribute(base);
    const posted = { ...distributionEntry(first, 'je-20251231-0000000009') };
    const undo = reversal(posted, '2025-12-31');
    const again = distribute([...base, posted, undo]);
    expect(again.figures.income.toString()).toBe('700.00');
    expect(linesOf(again.lines)).toEqual(linesOf(first.lines));
  });

  it('refuses a year with nothing to close', () => {
    try {
      distribute(holders);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Refusal);
      expect((error as Refusal).code).toBe('DISTRIBUTION_NOTHING_TO_CLOSE');
    }
  });
});
