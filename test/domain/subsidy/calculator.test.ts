import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from '#domain/money.ts';
import { addDays, addMonths, isBusinessDate } from '#domain/dates.ts';
import { Refusal } from '#domain/refusal.ts';
import {
  maxLoanTermMonths,
  maxQuoteListLength,
  quoteSubsidy,
  type SubsidyInput,
  type SubsidyPolicy,
} from '#domain/subsidy/calculator.ts';
import { seedSubsidyCase } from './seed-case.ts';

function quote(change: (input: SubsidyInput) => void) {
  const input = seedSubsidyCase();
  change(input);
  return quoteSubsidy(input);
}

/** [from, to, days, subsidy] of each row: the figures a county would check. */
function summary(result: ReturnType<typeof quoteSubsidy>) {
  return result.periods.map((p) => [p.from, p.to, p.days, p.subsidy]);
}

describe('quoteSubsidy: hand-worked cases', () => {
  it('pays the seed case: 100,000 at 2.4% for 2026 is 2400.00', () => {
    expect(quoteSubsidy(seedSubsidyCase())).toEqual({
      periods: [
        {
          from: '2026-01-01',
          to: '2026-12-31',
          days: 365,
          eligiblePrincipal: '100000.00',
          principalDays: '36500000.00',
          rate: '2.4',
          subsidy: '2400.00',
        },
      ],
      total: '2400.00',
    });
  });

  it('counts 366 days in a leap year on a 365-day basis', () => {
    const result = quote((i) => {
      i.loan.disbursedOn = '2024-01-01';
      i.loan.maturesOn = '2025-01-01';
    });
    // 100000 × 2.4% × 366 / 365 = 2406.5753…
    expect(summary(result)).toEqual([['2024-01-01', '2024-12-31', 366, '2406.58']]);
    expect(result.total).toBe('2406.58');
  });

  it('rounds half-up once per period, not per day', () => {
    const oneDay = quote((i) => {
      i.policy = { kind: 'fixed-rate', annualPercent: '0.9' };
      i.dayBasis = 360;
      i.loan = { principal: '1000.00', disbursedOn: '2026-01-01', maturesOn: '2026-01-02' };
    });
    expect(oneDay.total).toBe('0.03'); // 1000 × 0.9% / 360 = 0.025 → 0.03
    const month = quote((i) => {
      i.policy = { kind: 'fixed-rate', annualPercent: '0.9' };
      i.dayBasis = 360;
      i.settlement = 'monthly';
      i.loan = { principal: '1000.00', disbursedOn: '2026-01-01', maturesOn: '2026-02-01' };
    });
    expect(month.total).toBe('0.78'); // 31 × 0.025 = 0.775 → 0.78 (per day it would be 0.93)
  });

  it('splits a loan crossing a quarter boundary', () => {
    const result = quote((i) => {
      i.dayBasis = 360;
      i.settlement = 'quarterly';
      i.loan.disbursedOn = '2026-02-15';
      i.loan.maturesOn = '2026-05-15';
    });
    // 2400 × 45 / 360 = 300; 2400 × 44 / 360 = 293.333…
    expect(summary(result)).toEqual([
      ['2026-02-15', '2026-03-31', 45, '300.00'],
      ['2026-04-01', '2026-05-14', 44, '293.33'],
    ]);
    expect(result.total).toBe('593.33');
  });

  it('lowers the principal from the day of a partial repayment', () => {
    const result = quote((i) => {
      i.settlement = 'quarterly';
      i.loan.maturesOn = '2026-04-01';
      i.loan.repayments = [{ on: '2026-02-15', principal: '40000.00' }];
    });
    // 100000 × 45 days + 60000 × 45 days = 7,200,000; × 2.4% / 365 = 473.4246…
    expect(result.periods).toEqual([
      {
        from: '2026-01-01',
        to: '2026-03-31',
        days: 90,
        eligiblePrincipal: '80000.00',
        principalDays: '7200000.00',
        rate: '2.4',
        subsidy: '473.42',
      },
    ]);
  });

  it('stops accruing once the loan is repaid in full', () => {
    const result = quote((i) => {
      i.settlement = 'quarterly';
      i.loan.repayments = [
        { on: '2026-02-01', principal: '50000.00' },
        { on: '2026-03-01', principal: '50000.00' },
      ];
    });
    // 100000 × 31 + 50000 × 28 = 4,500,000; × 2.4% / 365 = 295.89…; no rows after March.
    expect(summary(result)).toEqual([['2026-01-01', '2026-02-28', 59, '295.89']]);
  });

  it('gives nothing on principal above the cap', () => {
    const result = quote((i) => {
      i.principalCap = '50000.00';
    });
    expect(result.total).toBe('1200.00');
    expect(result.periods[0]!.eligiblePrincipal).toBe('50000.00');
    expect(result.periods[0]!.excluded).toEqual([
      {
        from: '2026-01-01',
        to: '2026-12-31',
        days: 365,
        reason: 'above-principal-cap',
        amount: '50000.00',
        note: '本金超过贴息上限50000.00元的部分50000.00元不予贴息',
      },
    ]);
  });

  it('caps only while the outstanding principal is above the cap', () => {
    const result = quote((i) => {
      i.principalCap = '50000.00';
      i.loan.repayments = [{ on: '2026-07-01', principal: '60000.00' }];
    });
    // 50000 × 181 + 40000 × 184 = 16,410,000; × 2.4% / 365 = 1079.0137…
    const [row] = result.periods;
    expect(row!.principalDays).toBe('16410000.00');
    expect(row!.subsidy).toBe('1079.01');
    expect(row!.excluded).toMatchObject([
      { from: '2026-01-01', to: '2026-06-30', days: 181, amount: '50000.00' },
    ]);
  });

  it('stops at the term cap', () => {
    const result = quote((i) => {
      i.principalCap = '50000.00';
      i.termCapMonths = 30; // ends before 2028-07-01
      i.loan = { principal: '50000.00', disbursedOn: '2026-01-01', maturesOn: '2030-01-01' };
    });
    // 2028 is a leap year: 1200 × 182 / 365 = 598.356…
    expect(summary(result)).toEqual([
      ['2026-01-01', '2026-12-31', 365, '1200.00'],
      ['2027-01-01', '2027-12-31', 365, '1200.00'],
      ['2028-01-01', '2028-12-31', 182, '598.36'],
      ['2029-01-01', '2029-12-31', 0, '0.00'],
    ]);
    expect(result.total).toBe('2998.36');
    expect(result.periods[2]!.excluded).toEqual([
      {
        from: '2028-07-01',
        to: '2028-12-31',
        days: 184,
        reason: 'term-cap',
        note: '超过贴息期限30个月，2028-07-01起不予贴息',
      },
    ]);
    expect(result.periods[3]!.eligiblePrincipal).toBe('0.00');
  });

  it('skips an overdue month inside a quarter', () => {
    const result = quote((i) => {
      i.dayBasis = 360;
      i.settlement = 'quarterly';
      i.loan.maturesOn = '2026-07-01';
      i.loan.overdue = [{ from: '2026-02-01', to: '2026-02-28' }];
    });
    // 2400 × 62 / 360 = 413.333…; 2400 × 91 / 360 = 606.666…
    expect(summary(result)).toEqual([
      ['2026-01-01', '2026-03-31', 62, '413.33'],
      ['2026-04-01', '2026-06-30', 91, '606.67'],
    ]);
    expect(result.total).toBe('1020.00');
    expect(result.periods[0]!.excluded).toEqual([
      {
        from: '2026-02-01',
        to: '2026-02-28',
        days: 28,
        reason: 'overdue',
        note: '2026-02-01至2026-02-28逾期，共28天不予贴息',
      },
    ]);
  });

  it('splits an overdue span across periods', () => {
    const result = quote((i) => {
      i.settlement = 'monthly';
      i.loan.maturesOn = '2026-04-01';
      i.loan.overdue = [{ from: '2026-01-20', to: '2026-02-10' }];
    });
    expect(result.periods.map((p) => [p.days, p.excluded?.map((e) => e.days)])).toEqual([
      [19, [12]],
      [18, [10]],
      [31, undefined],
    ]);
  });

  it('caps reference-rate subsidy by the interest paid for the period', () => {
    const result = quote((i) => {
      i.policy = { kind: 'reference-rate', referenceAnnualPercent: '4.35', share: '1' };
      i.dayBasis = 360;
      i.settlement = 'quarterly';
      i.loan.maturesOn = '2026-07-01';
      i.loan.interestPaid = [
        { from: '2026-01-01', to: '2026-03-31', amount: '1000.00' },
        { from: '2026-04-01', to: '2026-06-30', amount: '1500.00' },
      ];
    });
    // Q1: 100000 × 4.35% × 90 / 360 = 1087.50 → capped at 1000.00; Q2: × 91 = 1099.583…
    expect(summary(result)).toEqual([
      ['2026-01-01', '2026-03-31', 90, '1000.00'],
      ['2026-04-01', '2026-06-30', 91, '1099.58'],
    ]);
    expect(result.periods[0]!.interestPaid).toBe('1000.00');
    expect(result.periods[0]!.excluded).toEqual([
      {
        from: '2026-01-01',
        to: '2026-03-31',
        days: 90,
        reason: 'interest-paid-cap',
        amount: '87.50',
        note: '贴息不超过实付利息，核减87.50元',
      },
    ]);
    expect(result.periods[1]!.excluded).toBeUndefined();
  });

  it('spreads interest paid across periods by days (bank settlement on the 20th)', () => {
    const result = quote((i) => {
      i.policy = { kind: 'reference-rate', referenceAnnualPercent: '4.35', share: '1' };
      i.dayBasis = 360;
      i.settlement = 'quarterly';
      i.loan.maturesOn = '2026-07-01';
      i.loan.interestPaid = [
        { from: '2026-01-01', to: '2026-03-20', amount: '790.00' }, // 79 days, 10 a day
        { from: '2026-03-21', to: '2026-06-30', amount: '1020.00' }, // 102 days, 10 a day
      ];
    });
    expect(result.periods.map((p) => [p.interestPaid, p.subsidy])).toEqual([
      ['900.00', '900.00'],
      ['910.00', '910.00'],
    ]);
  });

  it('does not let interest paid for overdue days raise the cap', () => {
    const result = quote((i) => {
      i.policy = { kind: 'reference-rate', referenceAnnualPercent: '4.35', share: '0.5' };
      i.dayBasis = 360;
      i.settlement = 'quarterly';
      i.loan.maturesOn = '2026-04-01';
      i.loan.overdue = [{ from: '2026-03-02', to: '2026-03-31' }]; // 30 days
      i.loan.interestPaid = [{ from: '2026-01-01', to: '2026-03-31', amount: '450.00' }];
    });
    // 60 counted days: 100000 × 2.175% × 60 / 360 = 362.50; paid for them 450 × 60/90 = 300.
    expect(result.periods[0]).toMatchObject({
      rate: '2.175',
      interestPaid: '300.00',
      subsidy: '300.00',
    });
  });

  it('gives nothing when interest paid is given and empty', () => {
    const result = quote((i) => {
      i.policy = { kind: 'reference-rate', referenceAnnualPercent: '4.35', share: '1' };
      i.loan.interestPaid = [];
    });
    expect(result.total).toBe('0.00');
  });

  it('pays the difference between loan and borrower rates', () => {
    const result = quote((i) => {
      i.policy = { kind: 'borrower-cap', loanAnnualPercent: '6.15', borrowerAnnualPercent: '2.15' };
      i.principalCap = '50000.00';
      i.dayBasis = 360;
      i.loan.principal = '50000.00';
    });
    // 50000 × 4% × 365 / 360 = 2027.777…
    expect(result.periods[0]).toMatchObject({ rate: '4', days: 365, subsidy: '2027.78' });
  });

  it('starts quarters on a subsidy year beginning 10-01', () => {
    const result = quote((i) => {
      i.settlement = 'quarterly';
      i.yearStartsOn = '10-01';
      i.loan.disbursedOn = '2026-08-15';
      i.loan.maturesOn = '2027-02-15';
    });
    // 2400 × 47/365 = 309.041…; × 92/365 = 604.931…; × 45/365 = 295.890…
    expect(summary(result)).toEqual([
      ['2026-08-15', '2026-09-30', 47, '309.04'],
      ['2026-10-01', '2026-12-31', 92, '604.93'],
      ['2027-01-01', '2027-02-14', 45, '295.89'],
    ]);
  });

  it('splits a calendar year at a subsidy year beginning 10-01', () => {
    const result = quote((i) => {
      i.yearStartsOn = '10-01';
    });
    expect(summary(result)).toEqual([
      ['2026-01-01', '2026-09-30', 273, '1795.07'],
      ['2026-10-01', '2026-12-31', 92, '604.93'],
    ]);
    expect(result.total).toBe('2400.00');
  });

  it('anchors monthly periods on the subsidy year day', () => {
    const mid = quote((i) => {
      i.settlement = 'monthly';
      i.yearStartsOn = '01-15';
      i.loan.maturesOn = '2026-03-01';
    });
    expect(mid.periods.map((p) => [p.from, p.to, p.days])).toEqual([
      ['2026-01-01', '2026-01-14', 14],
      ['2026-01-15', '2026-02-14', 31],
      ['2026-02-15', '2026-02-28', 14],
    ]);
    // A 31st falls on the month's last day and comes back to the 31st.
    const end = quote((i) => {
      i.settlement = 'monthly';
      i.yearStartsOn = '01-31';
      i.loan.disbursedOn = '2026-02-01';
      i.loan.maturesOn = '2026-04-01';
    });
    expect(end.periods.map((p) => [p.from, p.to, p.days])).toEqual([
      ['2026-02-01', '2026-02-27', 27],
      ['2026-02-28', '2026-03-30', 31],
      ['2026-03-31', '2026-03-31', 1],
    ]);
  });
});

describe('quoteSubsidy: refusals', () => {
  const cases: [string, (i: SubsidyInput) => void, string, string][] = [
    [
      'unknown policy kind',
      (i) => (i.policy = { kind: 'gift' } as unknown as SubsidyPolicy),
      'SUBSIDY_POLICY_UNKNOWN',
      'policy.kind',
    ],
    [
      'rate as a number',
      (i) => (i.policy = { kind: 'fixed-rate', annualPercent: 2.4 as unknown as string }),
      'SUBSIDY_RATE_INVALID',
      'policy.annualPercent',
    ],
    [
      'negative rate',
      (i) => (i.policy = { kind: 'fixed-rate', annualPercent: '-1' }),
      'SUBSIDY_RATE_INVALID',
      'policy.annualPercent',
    ],
    [
      'reference rate as a number',
      (i) =>
        (i.policy = {
          kind: 'reference-rate',
          referenceAnnualPercent: 4.35 as unknown as string,
          share: '1',
        }),
      'SUBSIDY_RATE_INVALID',
      'policy.referenceAnnualPercent',
    ],
    [
      'share above 1',
      (i) => (i.policy = { kind: 'reference-rate', referenceAnnualPercent: '4.35', share: '1.5' }),
      'SUBSIDY_RATE_INVALID',
      'policy.share',
    ],
    [
      'borrower rate above loan rate',
      (i) =>
        (i.policy = { kind: 'borrower-cap', loanAnnualPercent: '2', borrowerAnnualPercent: '3' }),
      'SUBSIDY_RATE_INVALID',
      'policy.borrowerAnnualPercent',
    ],
    ['principalCap -1', (i) => (i.principalCap = '-1'), 'SUBSIDY_AMOUNT_INVALID', 'principalCap'],
    [
      'principal with three decimals',
      (i) => (i.loan.principal = '1.234'),
      'SUBSIDY_AMOUNT_INVALID',
      'loan.principal',
    ],
    [
      'repayment after maturity',
      (i) => (i.loan.repayments = [{ on: '2027-01-02', principal: '1.00' }]),
      'SUBSIDY_REPAYMENT_AFTER_MATURITY',
      'loan.repayments[0].on',
    ],
    [
      'repayment before disbursement',
      (i) => (i.loan.repayments = [{ on: '2025-12-31', principal: '1.00' }]),
      'SUBSIDY_REPAYMENT_BEFORE_DISBURSEMENT',
      'loan.repayments[0].on',
    ],
    [
      'repayment on a day that does not exist',
      (i) => (i.loan.repayments = [{ on: '2026-02-30', principal: '1.00' }]),
      'SUBSIDY_DATE_INVALID',
      'loan.repayments[0].on',
    ],
    [
      'repayments over the principal',
      (i) =>
        (i.loan.repayments = [
          { on: '2026-03-01', principal: '60000.00' },
          { on: '2026-06-01', principal: '40000.01' },
        ]),
      'SUBSIDY_REPAYMENTS_EXCEED_PRINCIPAL',
      'loan.repayments[1].principal',
    ],
    [
      'overlapping overdue spans',
      (i) =>
        (i.loan.overdue = [
          { from: '2026-05-01', to: '2026-05-31' },
          { from: '2026-03-01', to: '2026-05-01' },
        ]),
      'SUBSIDY_SPANS_OVERLAP',
      'loan.overdue[0].from',
    ],
    [
      'overdue span ending before it starts',
      (i) => (i.loan.overdue = [{ from: '2026-05-01', to: '2026-04-30' }]),
      'SUBSIDY_SPAN_INVALID',
      'loan.overdue[0].to',
    ],
    [
      'interest paid after maturity',
      (i) => (i.loan.interestPaid = [{ from: '2026-10-01', to: '2027-01-01', amount: '1.00' }]),
      'SUBSIDY_INTEREST_PERIOD_OUTSIDE_LOAN',
      'loan.interestPaid[0].to',
    ],
    [
      'overlapping interest paid',
      (i) =>
        (i.loan.interestPaid = [
          { from: '2026-01-01', to: '2026-03-31', amount: '1.00' },
          { from: '2026-03-31', to: '2026-06-30', amount: '1.00' },
        ]),
      'SUBSIDY_SPANS_OVERLAP',
      'loan.interestPaid[1].from',
    ],
    [
      'yearStartsOn 02-30',
      (i) => (i.yearStartsOn = '02-30'),
      'SUBSIDY_YEAR_START_INVALID',
      'yearStartsOn',
    ],
    [
      'yearStartsOn 02-29',
      (i) => (i.yearStartsOn = '02-29'),
      'SUBSIDY_YEAR_START_INVALID',
      'yearStartsOn',
    ],
    [
      'yearStartsOn 1-1',
      (i) => (i.yearStartsOn = '1-1'),
      'SUBSIDY_YEAR_START_INVALID',
      'yearStartsOn',
    ],
    ['dayBasis 366', (i) => (i.dayBasis = 366 as 365), 'SUBSIDY_DAY_BASIS_INVALID', 'dayBasis'],
    ['termCapMonths 0', (i) => (i.termCapMonths = 0), 'SUBSIDY_TERM_CAP_INVALID', 'termCapMonths'],
    [
      'termCapMonths 1.5',
      (i) => (i.termCapMonths = 1.5),
      'SUBSIDY_TERM_CAP_INVALID',
      'termCapMonths',
    ],
    [
      'settlement weekly',
      (i) => (i.settlement = 'weekly' as 'monthly'),
      'SUBSIDY_SETTLEMENT_INVALID',
      'settlement',
    ],
    [
      'maturity on the disbursement day',
      (i) => (i.loan.maturesOn = '2026-01-01'),
      'SUBSIDY_MATURITY_INVALID',
      'loan.maturesOn',
    ],
    [
      'a loan running to 9999-12-31',
      (i) => (i.loan.maturesOn = '9999-12-31'),
      'SUBSIDY_TERM_TOO_LONG',
      'loan.maturesOn',
    ],
    [
      'a loan one day longer than 30 years',
      (i) => (i.loan.maturesOn = '2056-01-02'),
      'SUBSIDY_TERM_TOO_LONG',
      'loan.maturesOn',
    ],
  ];

  it.each(cases)('refuses %s', (_name, change, code, field) => {
    let refusal: unknown;
    try {
      quote(change);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(Refusal);
    expect(refusal).toMatchObject({ code, kind: 'invalid', details: { field } });
  });
});

describe('quoteSubsidy: bounded work', () => {
  it('names the limit of a loan longer than 30 years', () => {
    expect(() => quote((i) => (i.loan.maturesOn = '9999-12-31'))).toThrow(
      '借款期限不能超过 30 年（到期日最晚 2056-01-01）',
    );
    expect(maxLoanTermMonths).toBe(360);
  });

  it('prices the largest quote it accepts well under a second', () => {
    // 30 years monthly, every list at its limit: one repayment, overdue span and payment
    // every three weeks.
    const starts = Array.from({ length: maxQuoteListLength }, (_, k) =>
      addDays('2026-01-01', k * 21),
    );
    const input = seedSubsidyCase();
    input.settlement = 'monthly';
    input.termCapMonths = 120;
    input.loan.maturesOn = '2056-01-01';
    input.loan.repayments = starts.map((on) => ({ on: addDays(on, 3), principal: '1.00' }));
    input.loan.overdue = starts.map((on) => ({ from: addDays(on, 5), to: addDays(on, 7) }));
    input.loan.interestPaid = starts.map((on) => ({
      from: on,
      to: addDays(on, 20),
      amount: '100.00',
    }));
    const started = performance.now();
    const result = quoteSubsidy(input);
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.periods).toHaveLength(360);
  });
});

describe('quoteSubsidy: properties', () => {
  const percent = fc.integer({ min: 0, max: 1000 }).map((n) => new Decimal(n).div(100).toString());
  const cents = (max: number) =>
    fc.integer({ min: 1, max }).map((n) => new Decimal(n).div(100).toFixed(2));
  const policy: fc.Arbitrary<SubsidyPolicy> = fc.oneof(
    percent.map((annualPercent) => ({ kind: 'fixed-rate' as const, annualPercent })),
    fc
      .record({ rate: percent, share: fc.integer({ min: 0, max: 100 }) })
      .map(({ rate, share }) => ({
        kind: 'reference-rate' as const,
        referenceAnnualPercent: rate,
        share: new Decimal(share).div(100).toString(),
      })),
    fc.tuple(percent, percent).map(([a, b]) => ({
      kind: 'borrower-cap' as const,
      loanAnnualPercent: new Decimal(a).gte(b) ? a : b,
      borrowerAnnualPercent: new Decimal(a).gte(b) ? b : a,
    })),
  );
  const yearStart = fc
    .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
    .map(([m, d]) => `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
    .filter((mmdd) => isBusinessDate(`2023-${mmdd}`));
  /** Sorted distinct day offsets taken in pairs: non-overlapping inclusive spans. */
  const spans = (length: number) =>
    fc.uniqueArray(fc.integer({ min: -20, max: length + 20 }), { maxLength: 8 }).map((points) => {
      const sorted = [...points].sort((a, b) => a - b);
      const pairs: [number, number][] = [];
      for (let k = 0; k + 1 < sorted.length; k += 2) pairs.push([sorted[k]!, sorted[k + 1]!]);
      return pairs;
    });

  const inputs = fc
    .record({
      startOffset: fc.integer({ min: 0, max: 1500 }),
      length: fc.integer({ min: 1, max: 1100 }),
    })
    .chain(({ startOffset, length }) =>
      fc.record({
        startOffset: fc.constant(startOffset),
        length: fc.constant(length),
        policy,
        principal: cents(20_000_000),
        principalCap: cents(20_000_000),
        termCapMonths: fc.integer({ min: 1, max: 48 }),
        dayBasis: fc.constantFrom(360 as const, 365 as const),
        settlement: fc.constantFrom('monthly' as const, 'quarterly' as const, 'yearly' as const),
        yearStartsOn: yearStart,
        repayments: fc.array(
          fc.record({ day: fc.integer({ min: 0, max: length }), cents: fc.integer({ min: 1 }) }),
          { maxLength: 4 },
        ),
        overdue: spans(length),
        interestPaid: fc.option(
          fc.tuple(spans(length), fc.array(cents(500_000), { minLength: 4, maxLength: 4 })),
        ),
      }),
    )
    .map((g): SubsidyInput => {
      const start = addDays('2024-01-01', g.startOffset);
      const end = addDays(start, g.length);
      const at = (offset: number) => addDays(start, offset);
      // Repayments take a share of what is left, so they never exceed the principal.
      let left = new Decimal(g.principal).times(100);
      const repayments = [];
      for (const r of g.repayments) {
        if (left.lte(0)) break;
        const take = new Decimal(r.cents).mod(left).plus(1);
        left = left.minus(take);
        repayments.push({ on: at(r.day), principal: take.div(100).toFixed(2) });
      }
      // Interest-paid spans clamped into the accrual window; drop any that then overlap.
      const inside = (offset: number) => Math.min(Math.max(offset, 0), g.length - 1);
      const paid = g.interestPaid?.[0]
        .map(([a, b]) => ({ from: at(inside(a)), to: at(inside(b)) }))
        .filter((span, k, all) => k === 0 || span.from > all[k - 1]!.to)
        .map((span, k) => ({ ...span, amount: g.interestPaid![1][k]! }));
      return {
        policy: g.policy,
        principalCap: g.principalCap,
        termCapMonths: g.termCapMonths,
        dayBasis: g.dayBasis,
        settlement: g.settlement,
        yearStartsOn: g.yearStartsOn,
        loan: {
          principal: g.principal,
          disbursedOn: start,
          maturesOn: end,
          repayments,
          overdue: g.overdue.map(([a, b]) => ({ from: at(a), to: at(b) })),
          ...(paid && { interestPaid: paid }),
        },
      };
    });

  it('totals the periods, never pays a negative amount, and prices each row exactly', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const result = quoteSubsidy(input);
        const sum = result.periods.reduce((s, p) => s.plus(p.subsidy), new Decimal(0));
        expect(result.total).toBe(sum.toFixed(2));
        for (const p of result.periods) {
          expect(new Decimal(p.subsidy).gte(0)).toBe(true);
          const exact = new Decimal(p.principalDays).times(p.rate).div(100).div(input.dayBasis);
          const rounded = exact.toDecimalPlaces(2);
          // Rounding is monotone, so round(min(exact, paid)) = min(round(exact), round(paid)).
          const capped = input.policy.kind === 'reference-rate' && p.interestPaid !== undefined;
          const expected = capped ? Decimal.min(rounded, p.interestPaid!) : rounded;
          expect(p.subsidy).toBe(expected.toFixed(2));
        }
      }),
    );
  });

  it('agrees with a day-by-day count and never counts an overdue day', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const { loan } = input;
        const result = quoteSubsidy(input);
        const termEnd = addMonths(loan.disbursedOn, input.termCapMonths);
        const days = result.periods.map(() => 0);
        const principalDays = result.periods.map(() => new Decimal(0));
        for (let d = loan.disbursedOn; d < loan.maturesOn; d = addDays(d, 1)) {
          const repaid = (loan.repayments ?? [])
            .filter((r) => r.on <= d)
            .reduce((s, r) => s.plus(r.principal), new Decimal(0));
          const outstanding = new Decimal(loan.principal).minus(repaid);
          if (outstanding.lte(0)) break;
          const row = result.periods.findIndex((p) => p.from <= d && d <= p.to);
          expect(row).toBeGreaterThanOrEqual(0);
          const reasons = (result.periods[row]!.excluded ?? [])
            .filter((e) => e.from <= d && d <= e.to)
            .map((e) => e.reason);
          const overdue = (loan.overdue ?? []).some((s) => s.from <= d && d <= s.to);
          if (d >= termEnd) expect(reasons).toContain('term-cap');
          else if (overdue) expect(reasons).toContain('overdue');
          else {
            expect(reasons).not.toContain('overdue');
            expect(reasons).not.toContain('term-cap');
            days[row] = days[row]! + 1;
            principalDays[row] = principalDays[row]!.plus(
              Decimal.min(outstanding, input.principalCap),
            );
          }
        }
        expect(result.periods.map((p) => p.days)).toEqual(days);
        expect(result.periods.map((p) => p.principalDays)).toEqual(
          principalDays.map((x) => x.toFixed(2)),
        );
      }),
    );
  });
});
