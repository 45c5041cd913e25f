import { Refusal } from '../../domain/refusal.ts';
/** Business dates are Asia/Shanghai dates; the clock is read here, never in domain/. */
const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function todayInShanghai(now: Date = new Date()): string {
  return shanghaiDate.format(now);
}

/**
 * The business date of a write: the one given, or today. A date after today is refused: the
 * books record what happened, and a future-dated entry would make today's balances lie.
 */
export function operationDate(on: string | undefined, field = 'on'): string {
  const today = todayInShanghai();
  if (on === undefined) return today;
  if (on > today) {
    throw new Refusal(
      'DATE_IN_FUTURE',
      `业务日期 ${on} 晚于今天（${today}），不能登记`,
      'refused',
      {
        field,
        today,
      },
    );
  }
  return on;
}
