import { describe, expect, it } from 'vitest';
import {
  maxReminderDaysBefore,
  overdueDueDates,
  reminderDueDates,
  reminderIsDue,
} from '#domain/messages/reminders.ts';
import { charterSchema, defaultCharter } from '#domain/charter.ts';

describe('which due dates the daily job reads', () => {
  it('looks ahead up to the charter maximum, and back three days for overdue notices', () => {
    const dates = reminderDueDates('2024-02-27');
    expect(dates).toHaveLength(maxReminderDaysBefore + 1);
    expect(dates[0]).toEqual({ dueOn: '2024-02-27', daysAhead: 0 });
    expect(dates[3]).toEqual({ dueOn: '2024-03-01', daysAhead: 3 });
    expect(overdueDueDates('2024-03-01')).toEqual(['2024-02-29', '2024-02-28', '2024-02-27']);
  });

  it('sends the reminder once the installment is within the charter days (default 3)', () => {
    expect(defaultCharter().reminders.daysBefore).toBe(3);
    expect(reminderIsDue(4, 3)).toBe(false);
    expect(reminderIsDue(3, 3)).toBe(true);
    expect(reminderIsDue(0, 3)).toBe(true);
    expect(reminderIsDue(-1, 3)).toBe(false);
    expect(
      charterSchema.safeParse({ reminders: { daysBefore: maxReminderDaysBefore + 1 } }).success,
    ).toBe(false);
  });
});
