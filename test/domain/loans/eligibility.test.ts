import { describe, expect, it } from 'vitest';
import { checkLoanEligibility, openLoan, type LoanApplication } from '#domain/loans/eligibility.ts';
import { buildSchedule } from '#domain/loans/schedule.ts';
import { Money } from '#domain/money.ts';
import { Refusal } from '#domain/refusal.ts';
import { charter, guarantorA, guarantorB, member, opening } from './loan-fixtures.ts';

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

/** The default charter: first loan ≤ 5000, any loan ≤ 20000, 10× shares, ≤ 12 months, 2 guarantors. */
function check(overrides: Partial<LoanApplication> = {}) {
  return checkLoanEligibility(charter, { ...opening(), ...overrides });
}
const codes = (overrides: Partial<LoanApplication> = {}) =>
  check(overrides).refusals.map((r) => r.code);

describe('checkLoanEligibility: the charter at its edges', () => {
  it('accepts the 12,000 loan of the fixtures and says which limit applies', () => {
    const result = check();
    expect(result).toMatchObject({ eligible: true, refusals: [], termMonths: 4 });
    expect(result.limit.toString()).toBe('20000.00'); // 2 shares × 1000 × 10 = the maximum
    expect(result.rate?.monthly.toString()).toBe('0.02');
  });

  it.each([
    ['first loan exactly at the cap', { firstLoan: true, principal: Money.of('5000.00') }, []],
    [
      'first loan 1分 over the cap',
      { firstLoan: true, principal: Money.of('5000.01') },
      ['LOAN_ABOVE_FIRST_LOAN_CAP'],
    ],
    [
      'exactly 10× the shares (1 share)',
      {
        member: member({ ownShares: 1, ownShareAmount: Money.of('1000.00') }),
        principal: Money.of('10000.00'),
      },
      [],
    ],
    [
      '1分 over 10× the shares',
      {
        member: member({ ownShares: 1, ownShareAmount: Money.of('1000.00') }),
        principal: Money.of('10000.01'),
      },
      ['LOAN_ABOVE_SHARES_MULTIPLE'],
    ],
    [
      'fiscal shares (配股) count for the multiple',
      {
        member: member({
          ownShares: 1,
          ownShareAmount: Money.of('1000.00'),
          fiscalShares: 1,
          fiscalShareAmount: Money.of('1000.00'),
          lowIncome: 'dibao',
        }),
        principal: Money.of('20000.00'),
      },
      [],
    ],
    [
      'no shares at all',
      { member: member({ ownShares: 0, ownShareAmount: Money.zero }), principal: Money.of('0.01') },
      ['LOAN_ABOVE_SHARES_MULTIPLE'],
    ],
    [
      'the maximum loan exactly',
      { member: member({ ownShareAmount: Money.of('3000.00') }), principal: Money.of('20000.00') },
      [],
    ],
    [
      '1分 over the maximum loan',
      { member: member({ ownShareAmount: Money.of('3000.00') }), principal: Money.of('20000.01') },
      ['LOAN_ABOVE_MAXIMUM'],
    ],
    ['12 monthly installments', { installments: 12 }, []],
    ['13 monthly installments', { installments: 13 }, ['LOAN_TERM_ABOVE_MAXIMUM']],
    ['4 quarterly installments (12 months)', { installments: 4, frequency: 'quarterly' }, []],
    [
      '5 quarterly installments (15 months)',
      { installments: 5, frequency: 'quarterly' },
      ['LOAN_TERM_ABOVE_MAXIMUM'],
    ],
    ['an exited member', { member: member({ status: 'exited' }) }, ['LOAN_MEMBER_EXITED']],
    ['credit grade D', { member: member({ creditGrade: 'D' }) }, ['LOAN_CREDIT_GRADE_D']],
    ['credit grade C still borrows', { member: member({ creditGrade: 'C' }) }, []],
    ['the household has an overdue loan', { hasOverdue: true }, ['LOAN_MEMBER_OVERDUE']],
    ['an open loan already', { member: member({ openLoans: 1 }) }, ['LOAN_OPEN_LOAN_EXISTS']],
    [
      'a guarantor from another group',
      { guarantors: [guarantorA, { ...guarantorB, group: 'g2' }] },
      ['LOAN_GUARANTOR_OTHER_GROUP'],
    ],
    [
      'a guarantor of another association with the same group name',
      { guarantors: [guarantorA, { ...guarantorB, associationId: 'zhuyang-02' }] },
      ['LOAN_GUARANTOR_OTHER_GROUP'],
    ],
    [
      'a guarantor with an overdue loan',
      { guarantorsOverdue: [guarantorB.id] },
      ['LOAN_GUARANTOR_OVERDUE'],
    ],
    [
      'the borrower as guarantor',
      { guarantors: [guarantorA, member()] },
      ['LOAN_GUARANTORS_TOO_FEW', 'LOAN_GUARANTOR_IS_BORROWER'],
    ],
    [
      'an exited guarantor',
      { guarantors: [guarantorA, { ...guarantorB, status: 'exited' }] },
      ['LOAN_GUARANTOR_EXITED'],
    ],
    [
      'one guarantor when two are required',
      { guarantors: [guarantorA] },
      ['LOAN_GUARANTORS_TOO_FEW'],
    ],
    [
      'the same guarantor twice',
      { guarantors: [guarantorA, guarantorA] },
      ['LOAN_GUARANTOR_DUPLICATE', 'LOAN_GUARANTORS_TOO_FEW'],
    ],
    [
      'a borrower in no group',
      { member: member({ group: undefined }) },
      ['LOAN_BORROWER_NO_GROUP'],
    ],
    ['a negative agreed rate', { rate: { monthlyPermille: '-1' } }, ['RATE_NEGATIVE']],
    ['a zero principal', { principal: Money.zero }, ['LOAN_PRINCIPAL_INVALID']],
  ] as [string, Partial<LoanApplication>, string[]][])('%s → %j', (_, overrides, expected) => {
    expect(codes(overrides)).toEqual(expected);
  });

  it('gives every reason at once, each with its figures and a Chinese title', () => {
    const result = check({
      member: member({ creditGrade: 'D', ownShares: 1, ownShareAmount: Money.of('1000.00') }),
      firstLoan: true,
      principal: Money.of('10000.01'),
      installments: 13,
    });
    expect(result.eligible).toBe(false);
    expect(result.refusals.map((r) => r.code)).toEqual([
      'LOAN_CREDIT_GRADE_D',
      'LOAN_ABOVE_FIRST_LOAN_CAP',
      'LOAN_ABOVE_SHARES_MULTIPLE',
      'LOAN_TERM_ABOVE_MAXIMUM',
    ]);
    expect(result.refusals.map((r) => r.details)).toEqual([
      { memberId: 'm0001', creditGrade: 'D' },
      { cap: '5000.00', requested: '10000.01' },
      {
        sharesHeld: '1000.00',
        ownShareAmount: '1000.00',
        fiscalShareAmount: '0.00',
        multiple: 10,
        cap: '10000.00',
        requested: '10000.01',
      },
      { termMonths: 13, maxTermMonths: 12, installments: 13, frequency: 'monthly' },
    ]);
    for (const refusal of result.refusals) {
      expect(refusal).toBeInstanceOf(Refusal);
      expect(refusal.kind).toBe('refused');
      expect(refusal.title).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(result.limit.toString()).toBe('5000.00');
  });

  it('names the guarantor and both groups', () => {
    const [refusal] = check({ guarantors: [guarantorA, { ...guarantorB, group: 'g2' }] }).refusals;
    expect(refusal?.details).toEqual({
      guarantorId: 'm0003',
      guarantorName: '钟国平',
      guarantorGroup: 'g2',
      borrowerGroup: 'g1',
    });
  });

  it('a charter allowing several loans per household, or needing no guarantor', () => {
    const relaxed = {
      ...charter,
      loans: { ...charter.loans, oneOpenLoanPerHousehold: false, guarantorsRequired: 0 },
    };
    const result = checkLoanEligibility(relaxed, {
      ...opening(),
      member: member({ openLoans: 1, group: undefined }),
      guarantors: [],
    });
    expect(result.refusals).toEqual([]);
  });

  it('prices the loan: the standard rate, the low-income rate, or the agreed one', () => {
    const rate = (overrides: Partial<LoanApplication>) =>
      check({ rate: undefined, ...overrides }).rate?.wording;
    expect(rate({})).toEqual({ monthlyPermille: '6' });
    expect(rate({ member: member({ lowIncome: 'wubao' }) })).toEqual({ monthlyPermille: '4.5' });
    expect(
      rate({ member: member({ lowIncome: 'wubao' }), rate: { annualPercent: '3.6' } }),
    ).toEqual({ annualPercent: '3.6' });
    expect(rate({ rate: { monthlyPermille: '0' } })).toEqual({ monthlyPermille: '0' });
  });
});

describe('openLoan', () => {
  it('records the loan with its schedule and books Dr loans out / Cr cash', () => {
    const opened = openLoan(charter, opening());
    const { loan } = opened;
    expect(loan).toMatchObject({
      id: 'loan-0001',
      associationId: 'zhuyang-01',
      memberId: 'm0001',
      rate: { wording: { monthlyPermille: '20' }, annualPercent: '24', monthlyPermille: '20' },
      method: 'equal-installment',
      frequency: 'monthly',
      installments: 4,
      dayCount: '30/360',
      rounding: 'half-up',
      disbursedOn: '2024-01-31',
      approvedOn: '2024-01-20',
      boardMinute: '理事会〔2024〕3号',
      guarantorIds: ['m0002', 'm0003'],
      product: 'standard',
      status: 'open',
      repayments: [],
      version: 0,
      terms: {
        allocationOrder: ['penalty', 'fee', 'principal'],
        earlyPayoffFeeToDateOnly: true,
        feeOnOverduePrincipal: true,
        penaltyMarkupPercent: '50',
      },
    });
    expect(loan.principal.toString()).toBe('12000.00');
    expect(loan.schedule).toEqual(
      buildSchedule({
        principal: '12000.00',
        rate: { monthlyPermille: '20' },
        installments: 4,
        frequency: 'monthly',
        method: 'equal-installment',
        disbursedOn: '2024-01-31',
        dayCount: '30/360',
      }),
    );
    expect(plain(opened.entry)).toEqual({
      id: 'je-20240131-disburse01',
      loanId: 'loan-0001',
      memberId: 'm0001',
      date: '2024-01-31',
      kind: 'loan-disbursement',
      memo: '雷大山 借款 ¥12,000.00（理事会〔2024〕3号）',
      lines: [
        { account: '1101', debit: '12000.00', credit: '0.00' },
        { account: '1001', debit: '0.00', credit: '12000.00' },
      ],
    });
    expect(opened.member).toMatchObject({ id: 'm0001', openLoans: 1, version: 3 });
    expect(opened.guarantors.map((g) => [g.id, g.guaranteesStanding])).toEqual([
      ['m0002', 1],
      ['m0003', 1],
    ]);
  });

  it('pays out by bank and keeps a half-even rounding on the loan', () => {
    const { loan, entry } = openLoan(charter, opening({ channel: 'bank', rounding: 'half-even' }));
    expect(loan.rounding).toBe('half-even');
    expect(entry.lines.map((l) => l.account)).toEqual(['1101', '1002']);
  });

  it('copies the loan rules given onto the loan', () => {
    const { loan } = openLoan(charter, opening(), {
      allocationOrder: ['principal', 'fee', 'penalty'],
      earlyPayoffFeeToDateOnly: false,
    });
    expect(loan.terms.allocationOrder).toEqual(['principal', 'fee', 'penalty']);
    expect(loan.terms.earlyPayoffFeeToDateOnly).toBe(false);
  });

  it('refuses with the first reason and lists the others', () => {
    const error = (() => {
      try {
        openLoan(charter, opening({ hasOverdue: true, installments: 13 }));
      } catch (e) {
        return e as Refusal;
      }
      throw new Error('expected a refusal');
    })();
    expect(error).toBeInstanceOf(Refusal);
    expect(error.code).toBe('LOAN_MEMBER_OVERDUE');
    expect(error.details).toMatchObject({
      memberId: 'm0001',
      otherReasons: [{ code: 'LOAN_TERM_ABOVE_MAXIMUM' }],
    });
  });

  it.each([
    [{ approvedOn: '2024-02-01' }, 'LOAN_DISBURSED_BEFORE_APPROVAL'],
    [{ boardMinute: '  ' }, 'LOAN_BOARD_MINUTE_MISSING'],
    [{ disbursedOn: '2024-02-30' }, 'LOAN_DATE_INVALID'],
    [{ product: 'car' as never }, 'LOAN_PRODUCT_INVALID'],
    [{ frequency: 'weekly' as never }, 'LOAN_FREQUENCY_INVALID'],
    [{ installments: 0 }, 'LOAN_INSTALLMENTS_INVALID'],
    [{ installments: 2.5 }, 'LOAN_INSTALLMENTS_INVALID'],
  ])('refuses %j (%s)', (overrides, code) => {
    expect(() => openLoan(charter, opening(overrides))).toThrow(expect.objectContaining({ code }));
  });

  it('refuses an allocation order that is not penalty, fee and principal once each', () => {
    expect(() =>
      openLoan(charter, opening(), { allocationOrder: ['fee', 'fee', 'principal'] }),
    ).toThrow(expect.objectContaining({ code: 'LOAN_ALLOCATION_ORDER_INVALID' }));
  });
});
