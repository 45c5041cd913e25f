/**
 * What each loan message says, taken from the loan's own facts: the loan and its position
 * (domain/loans). Pure, so that the loan transaction and the daily reminders agree.
 */
import type { BusinessDate } from '../dates.ts';
import type { Loan, LoanRepayment } from '../loans/loan.ts';
import type { LoanPosition } from '../loans/position.ts';
import type { DueAmount, MessageContent } from './templates.ts';

export interface InstallmentDue extends DueAmount {
  installment: number;
}

/**
 * The oldest installment not fully paid, with what it still owes (principal and fee): the
 * loan's entry in the due-date index. Undefined once the loan is paid off or written off.
 */
export function oldestUnpaidInstallment(position: LoanPosition): InstallmentDue | undefined {
  if (position.status === 'paid-off' || position.status === 'written-off') return undefined;
  const row = position.installments.find((r) => r.state !== 'paid' && r.state !== 'written-off');
  return (
    row && {
      installment: row.number,
      dueOn: row.dueOn,
      amount: row.principalOutstanding.plus(row.feeOutstanding),
    }
  );
}

/** The next installment falling due after `after` that is not fully paid. */
export function nextInstallmentDue(
  position: LoanPosition,
  after: BusinessDate,
): InstallmentDue | undefined {
  if (position.status === 'paid-off' || position.status === 'written-off') return undefined;
  const row = position.installments.find((r) => r.state !== 'paid' && r.dueOn > after);
  return (
    row && {
      installment: row.number,
      dueOn: row.dueOn,
      amount: row.principalOutstanding.plus(row.feeOutstanding),
    }
  );
}

export function disbursementContent(loan: Loan, firstInstallment: DueAmount): MessageContent {
  return {
    template: 'disbursement',
    amount: loan.principal,
    disbursedOn: loan.disbursedOn,
    firstDue: firstInstallment,
  };
}

/** The receipt: `after` is the loan's position on the repayment's date, the repayment in it. */
export function repaymentContent(repayment: LoanRepayment, after: LoanPosition): MessageContent {
  const next = nextInstallmentDue(after, repayment.on);
  return {
    template: 'repayment',
    amount: repayment.amount,
    paidOn: repayment.on,
    principalOutstanding: after.principalOutstanding,
    nextDue: next && { dueOn: next.dueOn, amount: next.amount },
  };
}
