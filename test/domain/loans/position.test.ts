import { describe, expect, it } from 'vitest';
import type { Loan } from '#domain/loans/loan.ts';
import {
  creditGradeForOverdueDays,
  installmentOwed,
  installmentTotal,
  loanPosition,
  type LoanPosition,
} from '#domain/loans/position.ts';
import { recordRepayment } from '#domain/loans/repayment.ts';
import { Money } from '#domain/money.ts';
import { bullet5k, loan12k, member } from './loan-fixtures.ts';

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

function pay(loan: Loan, on: string, amount: string, id = `r-${on}`): Loan {
  return recordRepayment(loan, {
    id,
    entryId: `je-${id}`,
    on,
    amount: Money.of(amount),
    channel: 'cash',
  }).loan;
}

/** The headline figures, as strings. */
function summary(position: LoanPosition) {
  return plain({
    status: position.status,
    principalOutstanding: position.principalOutstanding,
    dueNow: position.dueNow,
    overdue: position.overdue,
    accruedFee: position.accruedFee,
    penalty: position.penalty,
    payoff: position.payoff,
    par30: position.par30,
    creditGradeEffect: position.creditGradeEffect,
  });
}

const nothing = { principal: '0.00', fee: '0.00', penalty: '0.00', total: '0.00' };
const noArrears = { days: 0, principal: '0.00', installments: 0 };

// Schedule (schedule.test.ts): 02-29 2911.49 + 240.00; 03-31 2969.72 + 181.77;
// 04-30 3029.11 + 122.38; 05-31 3089.68 + 61.79. Monthly rate 2%, penalty markup 50%.
describe('loanPosition: 12,000 at 20‰, 4 equal installments, disbursed 2024-01-31', () => {
  const loan = loan12k();

  it('before the first due date: nothing due, the fee accrues by days', () => {
    // 240.00 × 15/29 days = 124.1379 → 124.14
    expect(summary(loanPosition(loan, '2024-02-15'))).toEqual({
      status: 'current',
      principalOutstanding: '12000.00',
      dueNow: nothing,
      overdue: noArrears,
      accruedFee: '124.14',
      penalty: { accrued: '0.00', paid: '0.00', outstanding: '0.00' },
      payoff: { principal: '12000.00', fee: '124.14', penalty: '0.00', total: '12124.14' },
      par30: false,
      creditGradeEffect: 'A',
    });
    expect(loanPosition(loan, '2024-02-15').installments.map((r) => r.state)).toEqual([
      'not-due',
      'not-due',
      'not-due',
      'not-due',
    ]);
  });

  it('totals each installment, and what it still owes once part of it is paid', () => {
    const rows = loanPosition(pay(loan, '2024-02-29', '3000.00'), '2024-03-01').installments;
    expect(rows.map((row) => installmentTotal(row).toString())).toEqual([
      '3151.49',
      '3151.49',
      '3151.49',
      '3151.47',
    ]);
    // 3000 pays the 240.00 fee and 2760.00 of the first installment's 2911.49.
    expect(rows.map((row) => installmentOwed(row).toString())).toEqual([
      '151.49',
      '3151.49',
      '3151.49',
      '3151.47',
    ]);
  });

  it('on the disbursement day nothing has accrued', () => {
    expect(loanPosition(loan, '2024-01-31').payoff.total.toString()).toBe('12000.00');
  });

  it('on the due date, unpaid: the installment is due, not overdue', () => {
    const position = loanPosition(loan, '2024-02-29');
    expect(summary(position)).toEqual({
      status: 'current',
      principalOutstanding: '12000.00',
      dueNow: { principal: '2911.49', fee: '240.00', penalty: '0.00', total: '3151.49' },
      overdue: noArrears,
      accruedFee: '240.00',
      penalty: { accrued: '0.00', paid: '0.00', outstanding: '0.00' },
      payoff: { principal: '12000.00', fee: '240.00', penalty: '0.00', total: '12240.00' },
      par30: false,
      creditGradeEffect: 'A',
    });
    expect(position.installments[0]?.state).toBe('due');
  });

  it('10 days overdue: the penalty, the fee on overdue principal, the grade', () => {
    // penalty     2911.49 × 2% × 50% / 30 × 10 days = 9.70497 → 9.70
    // overdue fee 2911.49 × 2% / 30 × 10 days       = 19.40993 → 19.41
    // row 2 to date: 181.77 × 10/31 = 58.6355 → 58.64
    const position = loanPosition(loan, '2024-03-10');
    expect(summary(position)).toEqual({
      status: 'overdue',
      principalOutstanding: '12000.00',
      dueNow: { principal: '2911.49', fee: '259.41', penalty: '9.70', total: '3180.60' },
      overdue: { days: 10, since: '2024-02-29', principal: '2911.49', installments: 1 },
      accruedFee: '318.05', // 240.00 + 19.41 + 58.64
      penalty: { accrued: '9.70', paid: '0.00', outstanding: '9.70' },
      payoff: { principal: '12000.00', fee: '318.05', penalty: '9.70', total: '12327.75' },
      par30: false,
      creditGradeEffect: 'B',
    });
    expect(plain(position.fees)).toEqual({
      scheduled: '605.94',
      earned: '318.05',
      overdueFee: '19.41',
      paid: '0.00',
      waived: '0.00',
    });
    expect(plain(position.installments[0])).toMatchObject({
      state: 'overdue',
      daysOverdue: 10,
      principalOutstanding: '2911.49',
      feeOutstanding: '240.00',
    });
    expect(position.worstDaysOverdue).toBe(10);
  });

  it('without the fee on overdue principal only the penalty is added', () => {
    const position = loanPosition(loan12k({ feeOnOverduePrincipal: false }), '2024-03-10');
    expect(plain(position.dueNow)).toEqual({
      principal: '2911.49',
      fee: '240.00',
      penalty: '9.70',
      total: '3161.19',
    });
  });

  it('after a partial repayment the penalty runs on the smaller overdue principal', () => {
    // 1000.00 on 03-10 paid 9.70 penalty, 259.41 fee, 730.89 principal: 2180.60 stays overdue.
    const after = pay(loan, '2024-03-10', '1000.00');
    expect(summary(loanPosition(after, '2024-03-10'))).toMatchObject({
      status: 'overdue',
      dueNow: { principal: '2180.60', fee: '0.00', penalty: '0.00', total: '2180.60' },
      overdue: { days: 10, principal: '2180.60', installments: 1 },
    });
    // 10 days on 2911.49 then 10 days on 2180.60: 50920.90 principal-days.
    // penalty 50920.90 × 2% × 50% / 30 = 16.9736 → 16.97, 9.70 paid → 7.27
    // overdue fee 50920.90 × 2% / 30 = 33.9473 → 33.95, 19.41 paid → 14.54
    // row 2 to date 181.77 × 20/31 = 117.2710 → 117.27
    const position = loanPosition(after, '2024-03-20');
    expect(summary(position)).toEqual({
      status: 'overdue',
      principalOutstanding: '11269.11',
      dueNow: { principal: '2180.60', fee: '14.54', penalty: '7.27', total: '2202.41' },
      overdue: { days: 20, since: '2024-02-29', principal: '2180.60', installments: 1 },
      accruedFee: '131.81',
      penalty: { accrued: '16.97', paid: '9.70', outstanding: '7.27' },
      payoff: { principal: '11269.11', fee: '131.81', penalty: '7.27', total: '11408.19' },
      par30: false,
      creditGradeEffect: 'B',
    });
    expect(plain(position.installments[0])).toMatchObject({
      principalPaid: '730.89',
      feePaid: '240.00', // the 19.41 went to the overdue fee
      principalOutstanding: '2180.60',
      feeOutstanding: '0.00',
      state: 'overdue',
    });
    expect(plain(position.paid)).toEqual({
      principal: '730.89',
      fee: '259.41',
      penalty: '9.70',
      total: '1000.00',
    });
  });

  it('paid off early: only the fee to date is owed, the rest is waived', () => {
    const onTime = pay(loan, '2024-02-29', '3151.49');
    // 181.77 × 15/31 = 87.9532 → 87.95; principal 12000 − 2911.49 = 9088.51
    const before = loanPosition(onTime, '2024-03-15');
    expect(plain(before.payoff)).toEqual({
      principal: '9088.51',
      fee: '87.95',
      penalty: '0.00',
      total: '9176.46',
    });
    const paidOff = pay(onTime, '2024-03-15', '9176.46');
    expect(paidOff).toMatchObject({ status: 'paid-off', paidOffOn: '2024-03-15' });
    const position = loanPosition(paidOff, '2024-12-31');
    expect(summary(position)).toEqual({
      status: 'paid-off',
      principalOutstanding: '0.00',
      dueNow: nothing,
      overdue: noArrears,
      accruedFee: '0.00',
      penalty: { accrued: '0.00', paid: '0.00', outstanding: '0.00' },
      payoff: nothing,
      par30: false,
      creditGradeEffect: 'A',
    });
    expect(plain(position.fees)).toMatchObject({ paid: '327.95', waived: '277.99' });
    expect(position.installments.map((r) => [r.state, r.feeWaived.toString(), r.paidOn])).toEqual([
      ['paid', '0.00', '2024-02-29'],
      ['paid', '93.82', '2024-03-15'], // 181.77 − 87.95
      ['paid', '122.38', '2024-03-15'],
      ['paid', '61.79', '2024-03-15'],
    ]);
    expect(position.paidOffOn).toBe('2024-03-15');
  });

  it('paid off early when the charter wants the whole contract fee', () => {
    const onTime = pay(loan12k({ earlyPayoffFeeToDateOnly: false }), '2024-02-29', '3151.49');
    // accrued to date 87.95 + the fees of periods not yet run 93.82 + 122.38 + 61.79
    expect(plain(loanPosition(onTime, '2024-03-15').payoff)).toEqual({
      principal: '9088.51',
      fee: '365.94',
      penalty: '0.00',
      total: '9454.45',
    });
    const paidOff = pay(onTime, '2024-03-15', '9454.45');
    expect(loanPosition(paidOff, '2024-06-01')).toMatchObject({ status: 'paid-off' });
    expect(loanPosition(paidOff, '2024-06-01').fees.paid.toString()).toBe('605.94');
  });

  it('paid on schedule: each installment on its date, paid off on the last', () => {
    let paid = loan;
    for (const row of loan.schedule.installments) paid = pay(paid, row.dueOn, row.total);
    expect(paid).toMatchObject({ status: 'paid-off', paidOffOn: '2024-05-31' });
    const position = loanPosition(paid, '2024-06-30');
    expect(position.status).toBe('paid-off');
    expect(plain(position.paid)).toEqual({
      principal: '12000.00',
      fee: '605.94',
      penalty: '0.00',
      total: '12605.94',
    });
    expect(position.installments.map((r) => r.paidOn)).toEqual([
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
      '2024-05-31',
    ]);
    expect(position.worstDaysOverdue).toBe(0);
    expect(position.fees.waived.toString()).toBe('0.00');
  });

  it('an installment paid early leaves the rest of its fee due on its date', () => {
    // 3151.49 on 02-22: fee to date 240 × 22/29 = 182.07, principal 2969.42 (57.93 of row 2).
    const early = pay(loan, '2024-02-22', '3151.49');
    const position = loanPosition(early, '2024-02-29');
    expect(plain(position.dueNow)).toEqual({
      principal: '0.00',
      fee: '57.93',
      penalty: '0.00',
      total: '57.93',
    });
    expect(plain(position.installments[1])).toMatchObject({ principalPaid: '57.93' });
  });

  it('a position before disbursement is refused', () => {
    expect(() => loanPosition(loan, '2024-01-30')).toThrow(
      expect.objectContaining({ code: 'POSITION_BEFORE_DISBURSEMENT', kind: 'invalid' }),
    );
    expect(() => loanPosition(loan, '2024-02-30')).toThrow(
      expect.objectContaining({ code: 'POSITION_DATE_INVALID' }),
    );
  });
});

describe('loanPosition: 利随本清 5,000 at 6‰ for 12 months, disbursed 2024-03-15', () => {
  const loan = bullet5k();

  it('one payment at maturity: 5,000 + 360 fee', () => {
    expect(loan.schedule.installments).toEqual([
      {
        number: 1,
        dueOn: '2025-03-15',
        principal: '5000.00',
        fee: '360.00',
        total: '5360.00',
        balanceAfter: '0.00',
      },
    ]);
    expect(plain(loanPosition(loan, '2025-03-15').dueNow)).toEqual({
      principal: '5000.00',
      fee: '360.00',
      penalty: '0.00',
      total: '5360.00',
    });
  });

  it('half-way the fee to date is the days run over the days of the term', () => {
    // 360 × 184/365 = 181.4795 → 181.48
    expect(summary(loanPosition(loan, '2024-09-15'))).toMatchObject({
      status: 'current',
      dueNow: nothing,
      accruedFee: '181.48',
      payoff: { principal: '5000.00', fee: '181.48', penalty: '0.00', total: '5181.48' },
    });
  });

  it.each([
    // 5000 × 6‰ / 30 = 1.00 a day of fee, × 50% = 0.50 a day of penalty
    ['2025-04-14', 30, '390.00', '15.00', false, 'B'],
    ['2025-04-15', 31, '391.00', '15.50', true, 'C'],
    ['2025-06-13', 90, '450.00', '45.00', true, 'C'],
    ['2025-06-14', 91, '451.00', '45.50', true, 'D'],
  ] as const)('%s: %i days overdue', (asOf, days, fee, penalty, par30, grade) => {
    const position = loanPosition(loan, asOf);
    expect(summary(position)).toMatchObject({
      status: 'overdue',
      overdue: { days, since: '2025-03-15', principal: '5000.00', installments: 1 },
      dueNow: { principal: '5000.00', fee, penalty },
      par30,
      creditGradeEffect: grade,
    });
  });

  it('paid 30 days late: the grade it leaves behind is B', () => {
    const paid = pay(loan, '2025-04-14', '5405.00');
    const position = loanPosition(paid, '2025-12-31');
    expect(position.status).toBe('paid-off');
    expect(plain(position.paid)).toEqual({
      principal: '5000.00',
      fee: '390.00',
      penalty: '15.00',
      total: '5405.00',
    });
    expect(position.creditGradeEffect).toBe('A');
    expect(position.worstDaysOverdue).toBe(30);
    expect(creditGradeForOverdueDays(position.worstDaysOverdue)).toBe('B');
  });
});

describe('the penalty rounds an exact half 分 as the rule says', () => {
  it('390,000 overdue principal-days at 10.31‰ × 50% ÷ 30 = 67.015 → 67.02', () => {
    // Found by a property test: dividing the rate by 30 first gave 67.0149999… → 67.01.
    const loan = loan12k(
      { feeOnOverduePrincipal: false },
      {
        member: member({ ownShareAmount: Money.of('10000.00') }),
        principal: Money.of('19999.99'),
        rate: { monthlyPermille: '10.31' },
        method: 'flat',
        frequency: 'quarterly',
        installments: 2,
        disbursedOn: '2020-01-01',
        approvedOn: '2020-01-01',
      },
    );
    expect(loan.schedule.installments[0]).toMatchObject({
      dueOn: '2020-04-01',
      principal: '10000.00',
    });
    // 10,000.00 overdue from 04-02 to 05-10: 39 days.
    const position = loanPosition(loan, '2020-05-10');
    expect(position.overdue.days).toBe(39);
    expect(position.overdue.principal.toString()).toBe('10000.00');
    expect(position.penalty.accrued.toString()).toBe('67.02');
  });
});

describe('credit grade effect of overdue days', () => {
  it.each([
    [0, 'A'],
    [1, 'B'],
    [30, 'B'],
    [31, 'C'],
    [90, 'C'],
    [91, 'D'],
  ] as const)('%i days → %s', (days, grade) => {
    expect(creditGradeForOverdueDays(days)).toBe(grade);
  });
});
