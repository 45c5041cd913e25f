import { describe, expect, it } from 'vitest';
import type { Loan } from '#domain/loans/loan.ts';
import { loanPosition } from '#domain/loans/position.ts';
import {
  allocateRepayment,
  recordRepayment,
  reverseRepayment,
  writeOff,
} from '#domain/loans/repayment.ts';
import { Money } from '#domain/money.ts';
import { Refusal } from '#domain/refusal.ts';
import { loan12k } from './loan-fixtures.ts';

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

function record(loan: Loan, on: string, amount: string, id = `r-${on}`) {
  return recordRepayment(loan, {
    id,
    entryId: `je-${id}`,
    on,
    amount: Money.of(amount),
    channel: 'cash',
  });
}
const pay = (loan: Loan, on: string, amount: string, id?: string) =>
  record(loan, on, amount, id).loan;

function refusal(run: () => unknown): Refusal {
  try {
    run();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('allocateRepayment', () => {
  const loan = loan12k();

  it('10 days overdue, 1,000.00 pays penalty, then fee, then principal', () => {
    const quote = allocateRepayment(loan, Money.of('1000.00'), '2024-03-10');
    expect(plain(quote.allocation)).toEqual({
      penaltyFee: '9.70',
      fee: '259.41', // 240.00 installment fee + 19.41 fee on overdue principal
      principal: '730.89',
    });
    expect(plain(quote.lines)).toEqual([
      { account: '1001', debit: '1000.00', credit: '0.00' },
      { account: '1101', debit: '0.00', credit: '730.89' },
      { account: '4101', debit: '0.00', credit: '259.41' },
      { account: '4102', debit: '0.00', credit: '9.70' },
    ]);
    expect(quote.paysOff).toBe(false);
    expect(quote.owed.total.toString()).toBe('12327.75');
  });

  it('the charter may put principal first', () => {
    const principalFirst = loan12k({ allocationOrder: ['principal', 'fee', 'penalty'] });
    const quote = allocateRepayment(principalFirst, Money.of('3000.00'), '2024-03-10', 'bank');
    expect(plain(quote.allocation)).toEqual({
      penaltyFee: '0.00',
      fee: '88.51',
      principal: '2911.49',
    });
    expect(plain(quote.lines)).toEqual([
      { account: '1002', debit: '3000.00', credit: '0.00' },
      { account: '1101', debit: '0.00', credit: '2911.49' },
      { account: '4101', debit: '0.00', credit: '88.51' },
    ]);
  });

  it('pays what is due before anything early: the due installment, then fee to date, then principal', () => {
    // Due on 03-10: 3180.60. The next 100.00: 58.64 fee to date, then 41.36 principal.
    const quote = allocateRepayment(loan, Money.of('3280.60'), '2024-03-10');
    expect(plain(quote.allocation)).toEqual({
      penaltyFee: '9.70',
      fee: '318.05',
      principal: '2952.85',
    });
    const after = pay(loan, '2024-03-10', '3280.60');
    expect(loanPosition(after, '2024-03-10').status).toBe('current');
  });

  it('the payoff amount pays the loan off', () => {
    const quote = allocateRepayment(loan, Money.of('12327.75'), '2024-03-10');
    expect(quote.paysOff).toBe(true);
    expect(plain(quote.allocation)).toEqual({
      penaltyFee: '9.70',
      fee: '318.05',
      principal: '12000.00',
    });
  });

  it('refuses an overpayment and says what is owed', () => {
    const error = refusal(() => allocateRepayment(loan, Money.of('12327.76'), '2024-03-10'));
    expect(error).toMatchObject({
      code: 'REPAYMENT_EXCEEDS_OWED',
      kind: 'refused',
      details: {
        amount: '12327.76',
        owed: '12327.75',
        principal: '12000.00',
        fee: '318.05',
        penalty: '9.70',
      },
    });
    expect(error.title).toContain('¥12,327.75');
  });

  it('refuses a repayment dated before the disbursement', () => {
    expect(refusal(() => allocateRepayment(loan, Money.of('100.00'), '2024-01-30'))).toMatchObject({
      code: 'REPAYMENT_BEFORE_DISBURSEMENT',
      details: { disbursedOn: '2024-01-31' },
    });
  });

  it('refuses a repayment on a paid-off loan', () => {
    const paidOff = pay(loan, '2024-03-10', '12327.75');
    expect(paidOff.status).toBe('paid-off');
    expect(refusal(() => allocateRepayment(paidOff, Money.of('0.01'), '2024-04-01'))).toMatchObject(
      { code: 'LOAN_CLOSED', details: { status: 'paid-off', paidOffOn: '2024-03-10' } },
    );
  });

  it('refuses a repayment dated before the last one; the same day is fine', () => {
    const once = pay(loan, '2024-03-10', '100.00');
    expect(refusal(() => allocateRepayment(once, Money.of('100.00'), '2024-03-09'))).toMatchObject({
      code: 'REPAYMENT_OUT_OF_ORDER',
      details: { lastRepaymentOn: '2024-03-10' },
    });
    // The first 100.00 paid 9.70 penalty and 90.30 fee; the second goes on with the fee.
    expect(plain(allocateRepayment(once, Money.of('100.00'), '2024-03-10').allocation)).toEqual({
      penaltyFee: '0.00',
      fee: '100.00',
      principal: '0.00',
    });
  });

  it('refuses a zero amount, a bad date and a duplicate repayment id', () => {
    expect(refusal(() => allocateRepayment(loan, Money.zero, '2024-03-10')).code).toBe(
      'REPAYMENT_AMOUNT_INVALID',
    );
    expect(refusal(() => allocateRepayment(loan, Money.of('1'), '2024-13-01')).code).toBe(
      'LOAN_DATE_INVALID',
    );
    const once = pay(loan, '2024-03-10', '100.00', 'r1');
    expect(refusal(() => record(once, '2024-03-11', '1.00', 'r1')).code).toBe(
      'REPAYMENT_DUPLICATE',
    );
  });
});

describe('recordRepayment', () => {
  it('appends the repayment and books it', () => {
    const recorded = record(loan12k(), '2024-02-29', '3151.49', 'r1');
    expect(plain(recorded.repayment)).toEqual({
      id: 'r1',
      entryId: 'je-r1',
      on: '2024-02-29',
      amount: '3151.49',
      channel: 'cash',
      allocation: { penaltyFee: '0.00', fee: '240.00', principal: '2911.49' },
      reversed: false,
    });
    expect(plain(recorded.entry)).toEqual({
      id: 'je-r1',
      loanId: 'loan-0001',
      memberId: 'm0001',
      date: '2024-02-29',
      kind: 'loan-repayment',
      memo: '借款 loan-0001 还款 ¥3,151.49（本金 ¥2,911.49，占用费 ¥240.00，加收占用费 ¥0.00）',
      lines: [
        { account: '1001', debit: '3151.49', credit: '0.00' },
        { account: '1101', debit: '0.00', credit: '2911.49' },
        { account: '4101', debit: '0.00', credit: '240.00' },
      ],
    });
    expect(recorded.paysOff).toBe(false);
    expect(recorded.loan.status).toBe('open');
    expect(recorded.loan.repayments).toHaveLength(1);
  });
});

describe('reverseRepayment', () => {
  const onTime = pay(loan12k(), '2024-02-29', '3151.49', 'r1');
  const paidOff = pay(onTime, '2024-03-15', '9176.46', 'r2');

  it('takes back the payoff: the loan is open again, as it was before', () => {
    const reversed = reverseRepayment(paidOff, 'r2', '2024-03-16');
    expect(reversed.reopens).toBe(true);
    expect(reversed.loan.status).toBe('open');
    expect(reversed.loan.paidOffOn).toBeUndefined();
    expect(reversed.repayment).toMatchObject({
      id: 'r2',
      reversed: true,
      reversedOn: '2024-03-16',
    });
    expect(reversed.loan.repayments).toHaveLength(2);
    expect(plain(reversed.position)).toEqual(plain(loanPosition(onTime, '2024-03-16')));
    // ... and a corrected repayment can be recorded, even dated before the reversed one.
    expect(pay(reversed.loan, '2024-03-14', '100.00', 'r3').repayments).toHaveLength(3);
  });

  it('only the last repayment, only once, not before it was made, not after a write-off', () => {
    expect(refusal(() => reverseRepayment(paidOff, 'r1', '2024-03-16'))).toMatchObject({
      code: 'REVERSAL_NOT_LAST',
      details: { laterRepayments: ['r2'] },
    });
    const reversed = reverseRepayment(paidOff, 'r2', '2024-03-16').loan;
    expect(refusal(() => reverseRepayment(reversed, 'r2', '2024-03-17')).code).toBe(
      'REPAYMENT_ALREADY_REVERSED',
    );
    expect(reverseRepayment(reversed, 'r1', '2024-03-17').reopens).toBe(false);
    expect(refusal(() => reverseRepayment(paidOff, 'r2', '2024-03-14')).code).toBe(
      'REVERSAL_BEFORE_REPAYMENT',
    );
    expect(refusal(() => reverseRepayment(paidOff, 'nope', '2024-03-16'))).toMatchObject({
      code: 'REPAYMENT_NOT_FOUND',
      kind: 'not-found',
    });
    const writtenOff = writeOff(onTime, '2024-09-30', 'je-wo').loan;
    expect(refusal(() => reverseRepayment(writtenOff, 'r1', '2024-10-01')).code).toBe(
      'REVERSAL_AFTER_WRITE_OFF',
    );
  });
});

describe('writeOff', () => {
  const onTime = pay(loan12k(), '2024-02-29', '3151.49', 'r1');

  it('charges the outstanding principal to the risk reserve and freezes the loan', () => {
    const { loan, entry, position } = writeOff(onTime, '2024-09-30', 'je-wo');
    expect(plain(entry)).toEqual({
      id: 'je-wo',
      loanId: 'loan-0001',
      memberId: 'm0001',
      date: '2024-09-30',
      kind: 'loan-write-off',
      memo: '核销借款 loan-0001 未还本金 ¥9,088.51，由风险准备金承担',
      lines: [
        { account: '3301', debit: '9088.51', credit: '0.00' },
        { account: '1101', debit: '0.00', credit: '9088.51' },
      ],
    });
    expect(position.status).toBe('overdue');
    expect(loan).toMatchObject({ status: 'written-off', writtenOff: { on: '2024-09-30' } });
    const later = loanPosition(loan, '2025-06-30');
    expect(plain(later)).toMatchObject({
      status: 'written-off',
      principalOutstanding: '0.00',
      dueNow: { total: '0.00' },
      payoff: { total: '0.00' },
      par30: false,
      creditGradeEffect: 'D',
      writtenOff: {
        on: '2024-09-30',
        principal: '9088.51',
        feeForgone: position.payoff.fee.toString(),
        penaltyForgone: position.payoff.penalty.toString(),
      },
    });
    expect(later.installments.map((r) => r.state)).toEqual([
      'paid',
      'written-off',
      'written-off',
      'written-off',
    ]);
    // Before the write-off date the loan reads as it was.
    expect(loanPosition(loan, '2024-09-29').status).toBe('overdue');
    expect(refusal(() => allocateRepayment(loan, Money.of('1.00'), '2024-10-01')).code).toBe(
      'LOAN_CLOSED',
    );
    expect(refusal(() => writeOff(loan, '2024-10-01', 'je-wo2')).code).toBe('LOAN_CLOSED');
  });

  it('refuses a loan whose principal is repaid, or a date before the last repayment', () => {
    // Principal first, paid before anything is due: the fee to date (124.14) is still owed.
    const principalFirst = loan12k({ allocationOrder: ['principal', 'penalty', 'fee'] });
    const noPrincipal = pay(principalFirst, '2024-02-15', '12000.00');
    expect(refusal(() => writeOff(noPrincipal, '2024-03-01', 'je-wo'))).toMatchObject({
      code: 'WRITE_OFF_NOTHING_OUTSTANDING',
      details: { principalOutstanding: '0.00', owed: '124.14' },
    });
    expect(refusal(() => writeOff(onTime, '2024-02-28', 'je-wo')).code).toBe(
      'WRITE_OFF_OUT_OF_ORDER',
    );
    expect(refusal(() => writeOff(loan12k(), '2024-01-01', 'je-wo')).code).toBe(
      'WRITE_OFF_BEFORE_DISBURSEMENT',
    );
  });
});

describe('principal repaid before the fee (a principal-first charter)', () => {
  const principalFirst = loan12k({ allocationOrder: ['principal', 'penalty', 'fee'] });
  const noPrincipal = pay(principalFirst, '2024-02-15', '12000.00');

  it('stops the fee on the day the principal is repaid; what it earned is due at once', () => {
    const next = loanPosition(noPrincipal, '2024-02-20');
    expect(plain(next.dueNow)).toEqual({
      principal: '0.00',
      fee: '124.14',
      penalty: '0.00',
      total: '124.14',
    });
    expect(next.status).toBe('current');
    // After the first due date the unpaid fee is an overdue installment; no penalty on it.
    const late = loanPosition(noPrincipal, '2024-03-10');
    expect(late).toMatchObject({ status: 'overdue' });
    expect(late.overdue.days).toBe(10);
    expect(late.penalty.accrued.toString()).toBe('0.00');
    expect(late.fees.waived.toString()).toBe('481.80'); // 115.86 + 181.77 + 122.38 + 61.79
    const paidOff = pay(noPrincipal, '2024-03-10', '124.14');
    expect(paidOff.status).toBe('paid-off');
    expect(loanPosition(paidOff, '2024-04-01').status).toBe('paid-off');
  });
});
