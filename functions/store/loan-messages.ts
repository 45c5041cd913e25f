/**
 * What a loan transaction adds for messages and links, as GuardedWrite items to put into its
 * own TransactWriteItems (shared/DESIGN.md, Writes): the SMS goes out only if the money moved,
 * and the money never moves without its SMS written.
 *   disbursed    the loan's link state and the disbursement SMS
 *   repaid       the receipt; when the repayment pays the loan off, the link's 30 days start
 *   written-off  the link's 30 days start (no SMS)
 *   reopened     a reversed repayment reopened a paid-off loan: its links live again
 * The due-date index the daily reminders read is on the loan item itself: see
 * `loanDueIndexAttributes` in due-index.ts.
 */
import type { Loan, LoanRepayment } from '#domain/loans/loan.ts';
import type { LoanPosition } from '#domain/loans/position.ts';
import { disbursementContent, repaymentContent } from '#domain/messages/loan-events.ts';
import { Money } from '#domain/money.ts';
import type { BusinessDate } from '#domain/dates.ts';
import { linkClosingWrites, linkReopeningWrites, linkWrites } from './loan-links.ts';
import { messageId, outboxWrite, type OutboxMessage } from './outbox.ts';
import type { GuardedWrite } from './write-once.ts';

export type LoanMessageEvent =
  | { kind: 'disbursed'; loan: Loan; at: Date }
  | {
      kind: 'repaid';
      loan: Loan;
      repayment: LoanRepayment;
      /** The loan's position on the repayment's date, the repayment included. */
      after: LoanPosition;
      at: Date;
    }
  | { kind: 'written-off'; loan: Loan; on: BusinessDate }
  | { kind: 'reopened'; loan: Loan };

export function disbursementMessage(loan: Loan, at: Date): OutboxMessage {
  const first = loan.schedule.installments[0];
  if (!first) throw new RangeError(`loan ${loan.id} has no installment`);
  return {
    id: messageId('disbursement', loan.associationId, loan.id),
    associationId: loan.associationId,
    memberId: loan.memberId,
    loanId: loan.id,
    content: disbursementContent(loan, { dueOn: first.dueOn, amount: Money.of(first.total) }),
    createdAt: at.toISOString(),
  };
}

export function repaymentMessage(
  loan: Loan,
  repayment: LoanRepayment,
  after: LoanPosition,
  at: Date,
): OutboxMessage {
  return {
    id: messageId('repayment', loan.associationId, loan.id, repayment.id),
    associationId: loan.associationId,
    memberId: loan.memberId,
    loanId: loan.id,
    content: repaymentContent(repayment, after),
    createdAt: at.toISOString(),
  };
}

export function loanMessageWrites(tableName: string, event: LoanMessageEvent): GuardedWrite[] {
  const { loan } = event;
  const which = { associationId: loan.associationId, loanId: loan.id };
  switch (event.kind) {
    case 'disbursed':
      return [
        ...linkWrites(tableName, { ...which, memberId: loan.memberId, openedOn: loan.disbursedOn }),
        outboxWrite(tableName, disbursementMessage(loan, event.at)),
      ];
    case 'repaid':
      return [
        outboxWrite(tableName, repaymentMessage(loan, event.repayment, event.after, event.at)),
        ...(event.after.status === 'paid-off'
          ? linkClosingWrites(tableName, { ...which, closedOn: event.repayment.on })
          : []),
      ];
    case 'written-off':
      return linkClosingWrites(tableName, { ...which, closedOn: event.on });
    case 'reopened':
      return linkReopeningWrites(tableName, which);
  }
}
