/**
 * The sparse due-date index (GSI2) as the daily reminders read it. The loans store keeps, on
 * every OPEN loan item (store/loans.ts, loanItem):
 *   GSI2PK = DUE#<yyyy-mm-dd>   the due date of the loan's oldest installment not fully paid
 *   GSI2SK = <aid>#<lid>
 * and drops both when the loan is paid off or written off. Because the key stays on an
 * installment until it is paid, one index answers "due in N days" (reminders) and "fell due
 * yesterday and is still unpaid" (overdue notices), each with one Query per date, no scan.
 * What the installment still owes is computed from the loan item itself (its schedule and
 * repayments) with the loans domain, so the index carries no amount that could go stale.
 */
import type { BusinessDate } from '#domain/dates.ts';
import { loanPosition } from '#domain/loans/position.ts';
import { oldestUnpaidInstallment } from '#domain/messages/loan-events.ts';
import type { Money } from '#domain/money.ts';
import type { Store } from './client.ts';
import { loanFromItem } from './loans.ts';
import { queryAll } from './query-all.ts';

export interface NextDue {
  associationId: string;
  loanId: string;
  memberId: string;
  /** The installment's number in the schedule (1-based). */
  installment: number;
  dueOn: BusinessDate;
  /** What the installment still owes: principal and fee. */
  amount: Money;
}

export const duePartition = (dueOn: BusinessDate) => `DUE#${dueOn}`;

function nextDueOf(item: Record<string, unknown>): NextDue | undefined {
  const loan = loanFromItem(item);
  if (loan.status !== 'open') return undefined;
  // Every repayment recorded so far counts: read the position after the last of them.
  const latest = [loan.disbursedOn, ...loan.repayments.map((r) => r.on)].sort().at(-1)!;
  const oldest = oldestUnpaidInstallment(loanPosition(loan, latest));
  return (
    oldest && {
      associationId: loan.associationId,
      loanId: loan.id,
      memberId: loan.memberId,
      installment: oldest.installment,
      dueOn: oldest.dueOn,
      amount: oldest.amount,
    }
  );
}

/** Open loans whose oldest unpaid installment falls due on `dueOn`. */
export async function loansDueOn(store: Store, dueOn: BusinessDate): Promise<NextDue[]> {
  const found: NextDue[] = [];
  const items = await queryAll(store, {
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :due',
    ExpressionAttributeValues: { ':due': duePartition(dueOn) },
  });
  for (const item of items) {
    if (item.kind !== 'loan') continue;
    const next = nextDueOf(item);
    if (next && next.dueOn === dueOn) found.push(next);
  }
  return found;
}
