import { describe, expect, it } from 'vitest';
import { charterSchema, defaultCharter, type Charter } from '#domain/charter.ts';
import { openLoan, type LoanOpening } from '#domain/loans/eligibility.ts';
import type { Loan } from '#domain/loans/loan.ts';
import { recordRepayment, reverseRepayment, writeOff } from '#domain/loans/repayment.ts';
import { Money } from '#domain/money.ts';
import { parseClaimPeriod } from '#domain/subsidy/claim-period.ts';
import {
  subsidyClaim,
  subsidyFacts,
  type ClaimBorrower,
  type SubsidyClaimInput,
} from '#domain/subsidy/claim.ts';
import { guarantorA, guarantorB, member, teaGarden as gardenOf } from '../loans/loan-fixtures.ts';
import { refusalOf } from '../../support/refusal.ts';

/** The default charter with room for a 10万 tea-garden loan. */
const charter: Charter = (() => {
  const base = defaultCharter();
  return {
    ...base,
    loans: { ...base.loans, firstLoanCap: '100000.00', maxLoan: '100000.00', sharesMultiple: 100 },
  };
})();

const borrowers: ClaimBorrower[] = [
  { id: 'm0001', name: '雷大山', idNumber: '332529198001010018' },
  { id: 'm0004', name: '蓝春花', idNumber: '33252919850505002X' },
  { id: 'm0005', name: '钟石根', idNumber: '332529197203030031' },
  { id: 'm0006', name: '吴天明', idNumber: '332529196911110013' },
];

/** 按月付费到期还本 at 5‰ a month (30/360): the fee is principal × 0.5% every month. */
function open(overrides: Partial<LoanOpening> & { id: string; memberId: string }): Loan {
  const { memberId, ...rest } = overrides;
  const borrower = member({ id: memberId, ownShareAmount: Money.of('10000.00') });
  const garden = gardenOf(borrower, 't0001', {
    appraisedOn: '2025-12-01',
    validUntil: '2027-11-30',
  });
  return openLoan(charter, {
    entryId: `je-${overrides.id}`,
    member: borrower,
    certificates: (overrides.product ?? 'tea-garden') === 'tea-garden' ? [garden] : [],
    hasOverdue: false,
    firstLoan: false,
    principal: Money.of('100000.00'),
    rate: { monthlyPermille: '5' },
    installments: 12,
    frequency: 'monthly',
    method: 'interest-only',
    dayCount: '30/360',
    disbursedOn: '2026-06-15',
    approvedOn: '2025-12-01',
    boardMinute: '理事会〔2026〕6号',
    guarantors: [guarantorA, guarantorB],
    guarantorsOverdue: [],
    purpose: '茶园管护',
    product: 'tea-garden',
    channel: 'cash',
    ...rest,
  }).loan;
}

function repay(loan: Loan, ...payments: [string, string][]): Loan {
  return payments.reduce(
    (current, [on, amount], i) =>
      recordRepayment(current, {
        id: `${loan.id}-r${i + 1}`,
        entryId: `je-${loan.id}-r${i + 1}`,
        on,
        amount: Money.of(amount),
        channel: 'cash',
      }).loan,
    loan,
  );
}

/** 10万 tea-garden loan, 2026-06-15, fee 500.00 paid on every due date up to 10-15. */
const teaGarden = repay(
  open({ id: 'l0002', memberId: 'm0001' }),
  ['2026-07-15', '500.00'],
  ['2026-08-15', '500.00'],
  ['2026-09-15', '500.00'],
  ['2026-10-15', '500.00'],
);

/** 3万 poverty-alleviation loan at 3‰ a month (3.6% a year, below the 4.35% reference). */
const poverty = repay(
  open({
    id: 'l0003',
    memberId: 'm0004',
    product: 'poverty-alleviation',
    principal: Money.of('30000.00'),
    rate: { monthlyPermille: '3' },
    disbursedOn: '2026-07-01',
  }),
  ['2026-08-01', '90.00'],
  ['2026-09-01', '90.00'],
  ['2026-10-01', '90.00'],
);

/** A standard loan: no policy, never on a claim. */
const standard = repay(
  open({
    id: 'l0001',
    memberId: 'm0005',
    product: 'standard',
    principal: Money.of('5000.00'),
    disbursedOn: '2026-06-15',
  }),
  ['2026-07-15', '25.00'],
);

/** 2万 tea-garden loan whose 08-10 fee is paid a month late, on 09-09. */
const late = repay(
  open({
    id: 'l0004',
    memberId: 'm0006',
    principal: Money.of('20000.00'),
    disbursedOn: '2026-05-10',
  }),
  ['2026-06-10', '100.00'],
  ['2026-07-10', '100.00'],
  ['2026-09-09', '100.00'],
  ['2026-09-10', '100.00'],
  ['2026-10-10', '100.00'],
);

function claim(period: string, overrides: Partial<SubsidyClaimInput> = {}) {
  return subsidyClaim({
    associationId: 'zhuyang-01',
    period: parseClaimPeriod(period),
    policies: charter.subsidyPolicies,
    loans: [late, poverty, standard, teaGarden],
    borrowers,
    today: '2026-11-28',
    ...overrides,
  });
}

describe('the charter subsidy policies', () => {
  it('defaults: tea-garden 2.4% fixed on 10万, poverty-alleviation 4.35% reference on 5万, standard none', () => {
    const policies = defaultCharter().subsidyPolicies;
    expect(policies).toEqual({
      'tea-garden': {
        policy: { kind: 'fixed-rate', annualPercent: '2.4' },
        principalCap: '100000.00',
        termCapMonths: 36,
        dayBasis: 365,
        settlement: 'quarterly',
        yearStartsOn: '01-01',
      },
      'poverty-alleviation': {
        policy: { kind: 'reference-rate', referenceAnnualPercent: '4.35', share: '1' },
        principalCap: '50000.00',
        termCapMonths: 36,
        dayBasis: 360,
        settlement: 'quarterly',
        yearStartsOn: '01-01',
      },
    });
    expect(policies.standard).toBeUndefined();
    // Each parse gets its own copy: changing one charter never changes the defaults.
    policies['tea-garden']!.principalCap = '1.00';
    expect(defaultCharter().subsidyPolicies['tea-garden']!.principalCap).toBe('100000.00');
  });

  it.each([
    ['a day basis of 364', { dayBasis: 364 }, ['dayBasis']],
    ['a year starting on 02-29', { yearStartsOn: '02-29' }, ['yearStartsOn']],
    [
      'a share above 1',
      { policy: { kind: 'reference-rate', referenceAnnualPercent: '4.35', share: '1.5' } },
      ['policy', 'share'],
    ],
    [
      'a rate as a number',
      { policy: { kind: 'fixed-rate', annualPercent: 2.4 } },
      ['policy', 'annualPercent'],
    ],
    ['a cap with three decimals', { principalCap: '100.001' }, ['principalCap']],
  ])('refuses %s, naming the field', (_, change, path) => {
    const teaGardenPolicy = { ...defaultCharter().subsidyPolicies['tea-garden'], ...change };
    const result = charterOf({ 'tea-garden': teaGardenPolicy });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['subsidyPolicies', 'tea-garden', ...path]);
  });

  it('refuses an unknown product and accepts a charter without any policy', () => {
    expect(charterOf({ housing: defaultCharter().subsidyPolicies['tea-garden'] }).success).toBe(
      false,
    );
    expect(charterOf({}).data!.subsidyPolicies).toEqual({});
  });
});

function charterOf(subsidyPolicies: unknown) {
  return charterSchema.safeParse({ subsidyPolicies });
}

describe('claim periods', () => {
  it.each([
    ['2026Q3', '2026-07-01', '2026-09-30'],
    ['2026Q1', '2026-01-01', '2026-03-31'],
    ['2026-09', '2026-09-01', '2026-09-30'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2026', '2026-01-01', '2026-12-31'],
  ])('%s runs from %s to %s', (name, from, to) => {
    expect(parseClaimPeriod(name)).toEqual({ name, from, to });
  });

  it.each(['Q3', '2026Q5', '2026Q0', '2026-13', '2026-9', '26', '2026q3', '2026 Q3', ''])(
    'refuses %j naming query.period',
    (text) => {
      const refusal = refusalOf(() => parseClaimPeriod(text));
      expect(refusal).toMatchObject({ code: 'SUBSIDY_CLAIM_PERIOD_INVALID', kind: 'invalid' });
      expect(refusal.details?.field).toBe('query.period');
    },
  );
});

describe('subsidyClaim: hand-worked figures', () => {
  it('2026Q3: tea-garden, poverty-alleviation and the late loan; the standard loan is not on it', () => {
    const result = claim('2026Q3');
    expect(result).toMatchObject({
      associationId: 'zhuyang-01',
      period: '2026Q3',
      from: '2026-07-01',
      to: '2026-09-30',
    });
    expect(result.rows.map((r) => r.loanId)).toEqual(['l0002', 'l0003', 'l0004']);
    const [tea, pov, lateRow] = result.rows;

    // 100000 × 2.4% × 92 / 365 = 604.9315… → 604.93: only Q3's days of a loan from 06-15.
    // Fee paid for them: 14/30 of the 07-15 payment, the 08-15 and 09-15 ones whole,
    // 16/30 of the 10-15 one: 233.33… + 500 + 500 + 266.66… = 1500.00.
    expect(tea).toEqual({
      loanId: 'l0002',
      memberId: 'm0001',
      borrower: '雷大山',
      idNumber: '332529198001010018',
      product: 'tea-garden',
      principal: '100000.00',
      disbursedOn: '2026-06-15',
      maturesOn: '2027-06-15',
      from: '2026-07-01',
      to: '2026-09-30',
      days: 92,
      eligiblePrincipal: '100000.00',
      rate: '2.4',
      interestPaid: '1500.00',
      subsidy: '604.93',
      notes: [],
    });

    // 30000 × 4.35% × 92 / 360 = 333.50, but the household paid only 3 × 90.00 for those
    // days: the subsidy is capped at 270.00.
    expect(pov).toMatchObject({
      loanId: 'l0003',
      borrower: '蓝春花',
      idNumber: '33252919850505002X',
      product: 'poverty-alleviation',
      days: 92,
      eligiblePrincipal: '30000.00',
      rate: '4.35',
      interestPaid: '270.00',
      subsidy: '270.00',
      notes: ['贴息不超过实付利息，核减63.50元'],
    });

    // The 08-10 fee was paid on 09-09: 08-11..09-09 (30 days) overdue, 62 days left.
    // 20000 × 2.4% × 62 / 365 = 81.5342… → 81.53.
    expect(lateRow).toMatchObject({
      loanId: 'l0004',
      days: 62,
      eligiblePrincipal: '20000.00',
      subsidy: '81.53',
      notes: ['2026-08-11至2026-09-09逾期，共30天不予贴息'],
    });
    // Fee for the counted days: 9/30 of 100 + 32/61 of 100 + 21/30 of 100 = 152.459… → 152.46.
    expect(lateRow!.interestPaid).toBe('152.46');

    expect(result.totals).toEqual({
      loans: 3,
      principal: '150000.00',
      eligiblePrincipal: '150000.00',
      interestPaid: '1922.46',
      subsidy: '956.46',
    });
  });

  it('2026Q2: only the days up to 06-30 of the loans running then', () => {
    const result = claim('2026Q2');
    // Tea garden: 06-15..06-30 = 16 days, 100000 × 2.4% × 16 / 365 = 105.2054… → 105.21.
    // Late loan: 05-10..06-30 = 52 days, 20000 × 2.4% × 52 / 365 = 68.3835… → 68.38.
    expect(result.rows.map((r) => [r.loanId, r.from, r.to, r.days, r.subsidy])).toEqual([
      ['l0002', '2026-06-15', '2026-06-30', 16, '105.21'],
      ['l0004', '2026-05-10', '2026-06-30', 52, '68.38'],
    ]);
    expect(result.totals.subsidy).toBe('173.59');
  });

  it('a year is the sum of its quarters, to the 分, and totals are the sum of the rows', () => {
    const today = '2027-01-10';
    const year = claim('2026', { today });
    const quarters = ['2026Q1', '2026Q2', '2026Q3', '2026Q4'].map((q) => claim(q, { today }));
    expect(year.totals.subsidy).toBe(
      Money.sum(quarters.map((q) => Money.of(q.totals.subsidy))).toString(),
    );
    for (const result of [year, ...quarters]) {
      for (const field of ['principal', 'eligiblePrincipal', 'interestPaid', 'subsidy'] as const) {
        expect(result.totals[field]).toBe(
          Money.sum(result.rows.map((r) => Money.of(r[field]))).toString(),
        );
      }
      expect(result.totals.loans).toBe(result.rows.length);
    }
    // The tea-garden loan over 2026: 06-15..12-31 is 200 days, but its 11-15 fee is unpaid,
    // so 11-16..12-31 (46 days) are overdue. Q2 105.21 + Q3 604.93 + Q4 46 days
    // (100000 × 2.4% × 46 / 365 = 302.4657… → 302.47) = 1012.61.
    expect(year.rows.find((r) => r.loanId === 'l0002')).toMatchObject({
      days: 154,
      subsidy: '1012.61',
    });
  });

  it('an installment still unpaid at the end of the period is overdue to its last day', () => {
    // Nothing paid after 07-10: the 08-10 and 09-10 fees are overdue from 08-11 to 09-30.
    const unpaid = repay(
      open({
        id: 'l0005',
        memberId: 'm0006',
        principal: Money.of('20000.00'),
        disbursedOn: '2026-05-10',
      }),
      ['2026-06-10', '100.00'],
      ['2026-07-10', '100.00'],
    );
    expect(subsidyFacts(unpaid, '2026-09-30')!.overdue).toEqual([
      { from: '2026-08-11', to: '2026-09-30' },
    ]);
    const [row] = claim('2026Q3', { loans: [unpaid] }).rows;
    // 07-01..08-10 = 41 days: 20000 × 2.4% × 41 / 365 = 53.9178… → 53.92.
    expect(row).toMatchObject({ days: 41, subsidy: '53.92' });
  });

  it('a loan overdue for the whole period is not on the claim', () => {
    const unpaid = open({
      id: 'l0006',
      memberId: 'm0006',
      principal: Money.of('20000.00'),
      disbursedOn: '2026-05-10',
    });
    // Unpaid since the 06-10 fee: overdue from 06-11, all of Q3.
    expect(claim('2026Q3', { loans: [unpaid] }).rows).toEqual([]);
  });

  it('a reversed repayment pays nothing; a written-off loan stops on its write-off date', () => {
    const reversed = reverseRepayment(teaGarden, 'l0002-r4', '2026-10-20').loan;
    expect(subsidyFacts(reversed, '2026-12-31')!.interestPaid).toHaveLength(3);

    const unpaid = repay(
      open({
        id: 'l0007',
        memberId: 'm0006',
        principal: Money.of('20000.00'),
        disbursedOn: '2026-05-10',
      }),
      ['2026-06-10', '100.00'],
      ['2026-07-10', '100.00'],
      ['2026-08-10', '100.00'],
      ['2026-09-10', '100.00'],
    );
    const writtenOff = writeOff(unpaid, '2026-11-20', 'je-l0007-wo').loan;
    expect(subsidyFacts(writtenOff, '2026-12-31')!.maturesOn).toBe('2026-11-20');
    // Q3 whole (all fees paid on time): 20000 × 2.4% × 92 / 365 = 120.9863… → 120.99.
    expect(claim('2026Q3', { loans: [writtenOff] }).rows[0]!.subsidy).toBe('120.99');
  });

  it('counts a fee paid after maturity only for the days before maturity', () => {
    // 利随本清 over 3 months: 20000 due 2026-04-10 with 300.00 fee, paid 10 days late with
    // 33.33 overdue fee (20000 × 5‰ / 30 × 10) and 16.67 penalty, which never counts.
    const bullet = open({
      id: 'l0008',
      memberId: 'm0006',
      principal: Money.of('20000.00'),
      method: 'bullet',
      installments: 3,
      disbursedOn: '2026-01-10',
    });
    const paidLate = repay(bullet, ['2026-04-20', '20350.00']);
    const paid = paidLate.repayments[0]!.allocation;
    expect([paid.principal, paid.fee, paid.penaltyFee].map(String)).toEqual([
      '20000.00',
      '333.33',
      '16.67',
    ]);
    const facts = subsidyFacts(paidLate, '2026-06-30')!;
    // The fee covers 01-10..04-19 (100 days); 90 of them are before maturity (04-10):
    // 333.33 × 90 / 100 = 299.997, rounded down to 299.99.
    expect(facts.interestPaid).toEqual([
      { from: '2026-01-10', to: '2026-04-09', amount: '299.99' },
    ]);
    expect(facts.repayments).toEqual([]);
    expect(facts.overdue).toEqual([{ from: '2026-04-11', to: '2026-04-20' }]);
  });

  it('refuses a month when the charter settles by quarter, and a period not yet over', () => {
    const month = refusalOf(() => claim('2026-09'));
    expect(month).toMatchObject({ code: 'SUBSIDY_CLAIM_PERIOD_NOT_SETTLEMENT', kind: 'invalid' });
    expect(month.details?.field).toBe('query.period');
    expect(month.title).toContain('按季结算');

    const early = refusalOf(() => claim('2026Q4'));
    expect(early).toMatchObject({ code: 'SUBSIDY_CLAIM_PERIOD_NOT_ENDED', kind: 'refused' });
    expect(early.details?.field).toBe('query.period');
  });

  it('claims a month when every policy settles monthly', () => {
    const monthly = Object.fromEntries(
      Object.entries(charter.subsidyPolicies).map(([k, p]) => [k, { ...p, settlement: 'monthly' }]),
    ) as Charter['subsidyPolicies'];
    const result = claim('2026-09', { policies: monthly });
    // Tea garden, September: 100000 × 2.4% × 30 / 365 = 197.2602… → 197.26.
    expect(result.rows.find((r) => r.loanId === 'l0002')).toMatchObject({
      days: 30,
      subsidy: '197.26',
    });
  });
});
