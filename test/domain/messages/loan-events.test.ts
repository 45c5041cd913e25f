import { describe, expect, it } from 'vitest';
import { loanPosition } from '#domain/loans/position.ts';
import { recordRepayment } from '#domain/loans/repayment.ts';
import {
  disbursementContent,
  nextInstallmentDue,
  oldestUnpaidInstallment,
  repaymentContent,
} from '#domain/messages/loan-events.ts';
import { Money } from '#domain/money.ts';
import { loan12k } from '../loans/loan-fixtures.ts';

/** 12,000 at 20‰ a month, 4 equal installments of 3,151.49 from 2024-02-29. */
const loan = loan12k();
const pay = (on: string, amount: string, id: string, from = loan) =>
  recordRepayment(from, {
    id,
    entryId: `je-${on.replaceAll('-', '')}-${id}`,
    on,
    amount: Money.of(amount),
    channel: 'cash',
  });

describe('what the loan messages say, from the loan and its position', () => {
  it('the disbursement names the first installment', () => {
    expect(disbursementContent(loan, { dueOn: '2024-02-29', amount: Money.of('3151.49') })).toEqual(
      {
        template: 'disbursement',
        amount: Money.of('12000.00'),
        disbursedOn: '2024-01-31',
        firstDue: { dueOn: '2024-02-29', amount: Money.of('3151.49') },
      },
    );
  });

  it('a receipt gives the principal left and the next installment', () => {
    const first = pay('2024-02-29', '3151.49', 'r1aaaaaaaa');
    const content = repaymentContent(first.repayment, loanPosition(first.loan, '2024-02-29'));
    expect(content).toEqual({
      template: 'repayment',
      amount: Money.of('3151.49'),
      paidOn: '2024-02-29',
      principalOutstanding: Money.of('9088.51'),
      nextDue: { dueOn: '2024-03-31', amount: Money.of('3151.49') },
    });
  });

  it('the receipt that pays the loan off has no next installment and nothing outstanding', () => {
    let current = loan;
    const dates = ['2024-02-29', '2024-03-31', '2024-04-30'];
    dates.forEach((on, i) => {
      current = pay(on, '3151.49', `r${i}aaaaaaaa`, current).loan;
    });
    const last = pay('2024-05-31', '3151.47', 'r4aaaaaaaa', current);
    expect(last.paysOff).toBe(true);
    const content = repaymentContent(last.repayment, loanPosition(last.loan, '2024-05-31'));
    expect(content).toMatchObject({ principalOutstanding: Money.zero, nextDue: undefined });
    expect(oldestUnpaidInstallment(loanPosition(last.loan, '2024-05-31'))).toBeUndefined();
  });

  it('the due index follows the oldest installment not fully paid, overdue or not', () => {
    expect(oldestUnpaidInstallment(loanPosition(loan, '2024-02-01'))).toEqual({
      installment: 1,
      dueOn: '2024-02-29',
      amount: Money.of('3151.49'),
    });
    // Unpaid on 2024-03-05: the first installment stays the oldest (and is overdue).
    expect(oldestUnpaidInstallment(loanPosition(loan, '2024-03-05'))?.dueOn).toBe('2024-02-29');
    // The next one falling due after that day is the second.
    expect(nextInstallmentDue(loanPosition(loan, '2024-03-05'), '2024-03-05')?.dueOn).toBe(
      '2024-03-31',
    );
  });
});
