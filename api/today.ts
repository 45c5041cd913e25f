import { isBusinessDate } from '#domain/dates.ts';
import { businessDate } from '#domain/formats.ts';
import { Refusal, type RefusalCode } from '#domain/refusal.ts';
/** Business dates are Asia/Shanghai dates; the clock is read here, never in domain/. */
const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The process environment, typed without Node's types: the request schemas that use
 * bookingDate below are type-checked with the console (web/) too, which has no `process`.
 */
function environment(): Record<string, string | undefined> {
  return (
    (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {}
  );
}

/**
 * A fixed business date for local mode and tests (`HUZHU_TODAY=2026-11-20 npm start`, or
 * `useLocalSystem({ today })`), so that a demo or a test that states its date holds on any
 * day it is run. The cloud never sets it: there, today is the clock's.
 */
let fixedToday: string | undefined = environment().HUZHU_TODAY || undefined;

export function setBusinessToday(date: string | undefined): void {
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new Error(`a business date is YYYY-MM-DD, not ${JSON.stringify(date)}`);
  }
  fixedToday = date;
}

/** Today's business date; a fixed business date, when set, wins over any clock reading. */
export function todayInShanghai(now: Date = new Date()): string {
  return fixedToday ?? shanghaiDate.format(now);
}

const futureTitle = (on: string, today: string) => `业务日期 ${on} 晚于今天（${today}），不能登记`;

/**
 * The business date of a write: the one given, or today. A date after today is refused: the
 * books record what happened, and a future-dated entry would make today's balances lie.
 */
export function operationDate(on: string | undefined, field = 'on'): string {
  const today = todayInShanghai();
  if (on === undefined) return today;
  if (on > today) {
    throw new Refusal('DATE_IN_FUTURE', futureTitle(on, today), 'refused', { field, today });
  }
  return on;
}

/** The refusal a zod issue stands for, when it stands for one (see bookingDate). */
export const refusalParam = 'refusal';

/**
 * The one check every write shares: a date the write books on (an entry, a membership, an
 * appraisal, a plan) is no later than today, DATE_IN_FUTURE otherwise. Write bodies use it for
 * every such date, and a test over the route table proves no write route uses a plain
 * businessDate except the forward-looking fields it names (a certificate's validity, a quote).
 */
export const bookingDate = businessDate.superRefine((on, context) => {
  const today = todayInShanghai();
  if (isBusinessDate(on) && on > today) {
    context.addIssue({
      code: 'custom',
      message: futureTitle(on, today),
      params: { [refusalParam]: 'DATE_IN_FUTURE' satisfies RefusalCode, today },
    });
  }
});
