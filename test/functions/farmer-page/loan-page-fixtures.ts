/** A household, its loan (as the page reads it) and the loan's link, written straight to the store. */
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { addDays } from '#domain/dates.ts';
import type { Loan } from '#domain/loans/loan.ts';
import { recordRepayment } from '#domain/loans/repayment.ts';
import type { Member } from '#domain/members/member.ts';
import { Money } from '#domain/money.ts';
import { todayInShanghai } from '#api/today.ts';
import type { Store } from '../../../functions/store/client.ts';
import { issueLink, linkClosingWrites, linkWrites } from '../../../functions/store/loan-links.ts';
import { loanItem } from '../../../functions/store/loans.ts';
import { memberItem } from '../../../functions/store/members.ts';
import { loanPosition } from '#domain/loans/position.ts';
import { loan12k, member } from '../../domain/loans/loan-fixtures.ts';

export const aid = 'zhuyang-01';
/** A valid-looking ID number: it must never reach a page or an SMS. */
export const householdIdNumber = '332581198001010016';

export interface LoanFixture {
  member: Member;
  loan: Loan;
  token: string;
}

/** The loan as the loans store keeps it, with its position after its last event. */
export async function putLoan(store: Store, loan: Loan): Promise<void> {
  const today = todayInShanghai();
  const latest = [today, loan.disbursedOn, ...loan.repayments.map((r) => r.on)].sort().at(-1)!;
  await store.db.send(
    new PutCommand({
      TableName: store.tableName,
      Item: loanItem(loan, loanPosition(loan, latest)),
    }),
  );
}

export async function putMember(store: Store, household: Member): Promise<void> {
  await store.db.send(new PutCommand({ TableName: store.tableName, Item: memberItem(household) }));
}

/**
 * 12,000 in 4 monthly installments disbursed 40 days ago, the first installment paid: open
 * and current (or overdue, by a few days) today. `closedDaysAgo` closes its link state.
 */
export async function loanWithLink(
  store: Store,
  options: { lid: string; mid: string; closedDaysAgo?: number },
): Promise<LoanFixture> {
  const today = todayInShanghai();
  const household = member({
    id: options.mid,
    associationId: aid,
    name: '雷大山',
    idNumber: householdIdNumber,
    mobile: '13800000001',
  });
  await putMember(store, household);
  const opened = loan12k(
    {},
    { id: options.lid, member: household, disbursedOn: addDays(today, -40) },
  );
  const first = opened.schedule.installments[0]!;
  const paid = recordRepayment(opened, {
    id: `${options.lid}-r1`,
    entryId: `je-${first.dueOn.replaceAll('-', '')}-aaaaaaaaaa`,
    on: first.dueOn,
    amount: Money.of(first.total),
    channel: 'cash',
  }).loan;
  await putLoan(store, paid);
  const writes = [
    ...linkWrites(store.tableName, {
      associationId: aid,
      loanId: options.lid,
      memberId: options.mid,
      openedOn: opened.disbursedOn,
    }),
  ];
  await store.db.send(new TransactWriteCommand({ TransactItems: writes.map((w) => w.item) }));
  const token = await issueLink(store, aid, options.lid, new Date(), today);
  if (!token) throw new Error('no link issued');
  if (options.closedDaysAgo !== undefined) {
    const closing = linkClosingWrites(store.tableName, {
      associationId: aid,
      loanId: options.lid,
      closedOn: addDays(today, -options.closedDaysAgo),
    });
    await store.db.send(new TransactWriteCommand({ TransactItems: closing.map((w) => w.item) }));
  }
  return { member: household, loan: paid, token };
}
