/**
 * Balance floors on every date (issue #18, item 4): cash and bank are never negative at the
 * end of any day, not only today. An entry dated D changes every day's balance from D on, so
 * a backdated outflow is refused if any later day would go below zero. And nothing is booked
 * before the association was founded, or for a household before it joined.
 */
import type { BusinessDate } from '../dates.ts';
import { Money } from '../money.ts';
import { Refusal } from '../refusal.ts';
import { accountByCode, type AccountCode } from './chart.ts';

/** One entry's signed change (debit − credit) of one account, on its date. */
export interface DatedChange {
  date: BusinessDate;
  change: Money;
}

export interface LowestBalance {
  date: BusinessDate;
  balance: Money;
}

/**
 * The lowest end-of-day balance from `from` on, once `added` is booked. `current` is the
 * balance now (every entry booked so far); `later` are the booked changes dated after `from`.
 */
export function lowestBalanceFrom(
  current: Money,
  later: readonly DatedChange[],
  added: readonly DatedChange[],
  from: BusinessDate,
): LowestBalance {
  const days = [...new Set([from, ...later.map((c) => c.date), ...added.map((c) => c.date)])]
    .filter((day) => day >= from)
    .sort();
  const sumWhere = (changes: readonly DatedChange[], keep: (date: BusinessDate) => boolean) =>
    Money.sum(changes.filter((c) => keep(c.date)).map((c) => c.change));
  let lowest: LowestBalance | undefined;
  for (const day of days) {
    const balance = current
      .minus(sumWhere(later, (date) => date > day))
      .plus(sumWhere(added, (date) => date <= day));
    if (!lowest || balance.lt(lowest.balance)) lowest = { date: day, balance };
  }
  return lowest ?? { date: from, balance: current };
}

/** Refuses when a debit-normal money account (cash, bank) would be negative on some day. */
export function requireNoNegativeDay(account: AccountCode, lowest: LowestBalance): void {
  if (!lowest.balance.isNegative()) return;
  const name = accountByCode(account).name;
  throw new Refusal(
    'BALANCE_NEGATIVE_ON_LATER_DATE',
    `补记该笔业务后，${lowest.date} 日终${name}余额为 ${lowest.balance.format()}，不能为负数`,
    'refused',
    { account, date: lowest.date, balance: lowest.balance.toString() },
  );
}

const startOf = {
  founding: { code: 'ENTRY_BEFORE_FOUNDING', what: '互助会成立日期', field: 'foundedOn' },
  joining: { code: 'ENTRY_BEFORE_JOINING', what: '该会员入会日期', field: 'joinedOn' },
} as const;

/** Nothing is booked before the association was founded, or for a household before it joined. */
function requireNotBefore(start: keyof typeof startOf, since: BusinessDate, date: BusinessDate) {
  if (date >= since) return;
  const { code, what, field } = startOf[start];
  throw new Refusal(code, `业务日期 ${date} 早于${what} ${since}`, 'refused', {
    [field]: since,
    date,
  });
}

export const requireAfterFounding = (foundedOn: BusinessDate, date: BusinessDate) =>
  requireNotBefore('founding', foundedOn, date);

export const requireAfterJoining = (joinedOn: BusinessDate, date: BusinessDate) =>
  requireNotBefore('joining', joinedOn, date);
