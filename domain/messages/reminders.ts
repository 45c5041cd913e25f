/**
 * Which loans the daily job writes to: a due reminder `daysBefore` days ahead of the oldest
 * unpaid installment (charter `reminders.daysBefore`, 0–14), and an overdue notice the day
 * after that installment fell due unpaid. A day the job did not run is made up by the next
 * run (a reminder goes once the installment is within `daysBefore` days; overdue notices look
 * back a few days). Message ids are derived from the loan and the due date, so a run that is
 * repeated or made up writes nothing twice.
 */
import { addDays, type BusinessDate } from '../dates.ts';

/** The charter allows 0–14 (domain/charter.ts, reminders.daysBefore). */
export const maxReminderDaysBefore = 14;
export const overdueLookbackDays = 3;

/** The due dates a run on `today` looks at for reminders, with their days ahead. */
export function reminderDueDates(
  today: BusinessDate,
): { dueOn: BusinessDate; daysAhead: number }[] {
  return Array.from({ length: maxReminderDaysBefore + 1 }, (_, daysAhead) => ({
    dueOn: addDays(today, daysAhead),
    daysAhead,
  }));
}

/** The due dates a run on `today` looks at for overdue notices: yesterday and a few before. */
export function overdueDueDates(today: BusinessDate): BusinessDate[] {
  return Array.from({ length: overdueLookbackDays }, (_, i) => addDays(today, -(i + 1)));
}

/** A reminder is due once the installment is `daysBefore` days away or nearer (not past). */
export function reminderIsDue(daysAhead: number, daysBefore: number): boolean {
  return daysAhead >= 0 && daysAhead <= daysBefore;
}
