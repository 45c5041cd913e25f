/**
 * 结账: the treasurer closes the books month by month. Once a month is closed nothing can be
 * booked on a day inside it; a mistake found later is corrected by an entry dated in the open
 * period (a reversal dated today), so a closed month's figures never change under the 公示
 * and the reports that were made from them. A supervisor of the federation may reopen
 * (反结账), with a reason; the treasurer who keeps the books may not.
 *
 * A month closes only when it has ended and its books are sound on its last day: cash and
 * bank are not negative (a backdated withdrawal could make them so; it is fixed first).
 */
import { addDays, type BusinessDate } from '../dates.ts';
import type { Money } from '../money.ts';
import { Refusal } from '../refusal.ts';
import { accountByCode, accounts, type AccountCode } from './chart.ts';

export interface PeriodCloseEvent {
  action: 'close' | 'reopen';
  /** Closed through this day after the event; absent when nothing is closed any more. */
  closedThrough?: BusinessDate;
  by: string;
  /** ISO 8601 instant. */
  at: string;
  reason?: string;
}

export interface PeriodClose {
  /** The last closed day, a month end; absent while no month is closed. */
  closedThrough?: BusinessDate;
  history: PeriodCloseEvent[];
}

export const noPeriodClosed: PeriodClose = { history: [] };

const isMonthEnd = (day: BusinessDate) => addDays(day, 1).endsWith('-01');

function requireMonthEnd(day: BusinessDate, field: string): void {
  if (isMonthEnd(day)) return;
  throw new Refusal('PERIOD_CLOSE_NOT_MONTH_END', `结账按月进行，${day} 不是月末`, 'invalid', {
    field,
  });
}

/** The books must be sound on the last day closed: cash and bank not below zero. */
const soundAccounts: AccountCode[] = [accounts.cash.code, accounts.bank.code];

export function closePeriod(
  current: PeriodClose,
  request: {
    through: BusinessDate;
    today: BusinessDate;
    /** Balances (debit − credit) summed from the journal as of `through`. */
    balancesThrough: ReadonlyMap<AccountCode, Money>;
    by: string;
    at: string;
  },
): PeriodClose {
  const { through } = request;
  requireMonthEnd(through, 'body.through');
  if (through >= request.today) {
    throw new Refusal('PERIOD_NOT_ENDED', `${through} 所在月份尚未结束，不能结账`, 'refused', {
      field: 'body.through',
      today: request.today,
    });
  }
  if (current.closedThrough && through <= current.closedThrough) {
    throw new Refusal(
      'PERIOD_ALREADY_CLOSED',
      `账簿已结账至 ${current.closedThrough}，无需再结账至 ${through}`,
      'conflict',
      { closedThrough: current.closedThrough },
    );
  }
  for (const code of soundAccounts) {
    const balance = request.balancesThrough.get(code);
    if (balance?.isNegative()) {
      throw new Refusal(
        'PERIOD_CLOSE_NEGATIVE_BALANCE',
        `${through} 日终「${accountByCode(code).name}」余额为 ${balance.format()}，请先更正该期间的记账再结账`,
        'refused',
        { account: code, balance: balance.toString(), through },
      );
    }
  }
  return {
    closedThrough: through,
    history: [
      ...current.history,
      { action: 'close', closedThrough: through, by: request.by, at: request.at },
    ],
  };
}

/** Reopens the months after `through` (a month end), or every month when it is left out. */
export function reopenPeriod(
  current: PeriodClose,
  request: { through?: BusinessDate; reason: string; by: string; at: string },
): PeriodClose {
  if (!current.closedThrough) {
    throw new Refusal('PERIOD_NOT_CLOSED', '账簿尚未结账，无需反结账', 'conflict');
  }
  if (request.through !== undefined) {
    requireMonthEnd(request.through, 'body.through');
    if (request.through >= current.closedThrough) {
      throw new Refusal(
        'PERIOD_REOPEN_NOT_EARLIER',
        `反结账后的结账日须早于现在的 ${current.closedThrough}`,
        'refused',
        { field: 'body.through', closedThrough: current.closedThrough },
      );
    }
  }
  const event: PeriodCloseEvent = {
    action: 'reopen',
    ...(request.through ? { closedThrough: request.through } : {}),
    by: request.by,
    at: request.at,
    reason: request.reason,
  };
  return {
    ...(request.through ? { closedThrough: request.through } : {}),
    history: [...current.history, event],
  };
}

/** Why an entry dated `date` cannot be booked: its month is closed. */
export function periodClosed(date: BusinessDate): Refusal {
  return new Refusal(
    'PERIOD_CLOSED',
    `${date} 所在月份已结账，不能再登记该日期的业务；请按当前日期登记更正，或请联合会反结账`,
    'refused',
    { date },
  );
}
