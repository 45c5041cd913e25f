/**
 * The daily job: reminders and overdue notices as outbox messages, from the sparse due-date
 * index (functions/store/due-index.ts): one Query per date, no scan. Each message id comes
 * from (template, association, loan, due date), so running the job twice on a day, or making
 * up a missed day, writes each message once. The notifier then sends them like any other.
 */
import type { Association } from '#domain/association.ts';
import type { BusinessDate } from '#domain/dates.ts';
import { overdueDueDates, reminderDueDates, reminderIsDue } from '#domain/messages/reminders.ts';
import { loadAssociation } from '../store/associations.ts';
import type { Store } from '../store/client.ts';
import { loansDueOn, type NextDue } from '../store/due-index.ts';
import { messageId, putOutboxMessageOnce, type OutboxMessage } from '../store/outbox.ts';

export interface ReminderRun {
  today: BusinessDate;
  /** New messages written by this run. */
  reminders: number;
  overdue: number;
  /** Messages an earlier run had already written. */
  alreadyWritten: number;
}

export async function writeDueReminders(
  store: Store,
  today: BusinessDate,
  now: Date,
): Promise<ReminderRun> {
  const run: ReminderRun = { today, reminders: 0, overdue: 0, alreadyWritten: 0 };
  const associations = new Map<string, Promise<Association | undefined>>();
  const associationOf = (aid: string) => {
    if (!associations.has(aid)) associations.set(aid, loadAssociation(store, aid));
    return associations.get(aid) as Promise<Association | undefined>;
  };
  const write = async (template: 'due-reminder' | 'overdue', due: NextDue) => {
    const message: OutboxMessage = {
      id: messageId(template, due.associationId, due.loanId, due.dueOn),
      associationId: due.associationId,
      memberId: due.memberId,
      loanId: due.loanId,
      content: { template, due: { dueOn: due.dueOn, amount: due.amount } },
      createdAt: now.toISOString(),
    };
    return putOutboxMessageOnce(store, message);
  };

  for (const { dueOn, daysAhead } of reminderDueDates(today)) {
    for (const due of await loansDueOn(store, dueOn)) {
      const association = await associationOf(due.associationId);
      if (!association || !reminderIsDue(daysAhead, association.charter.reminders.daysBefore)) {
        continue;
      }
      if (await write('due-reminder', due)) run.reminders += 1;
      else run.alreadyWritten += 1;
    }
  }
  for (const dueOn of overdueDueDates(today)) {
    for (const due of await loansDueOn(store, dueOn)) {
      if (await write('overdue', due)) run.overdue += 1;
      else run.alreadyWritten += 1;
    }
  }
  return run;
}
