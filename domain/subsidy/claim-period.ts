/**
 * The period of a 贴息 claim, as counties name them: a quarter ("2026Q3"), a month ("2026-09")
 * or a calendar year ("2026").
 */
import { addDays, addMonths, type BusinessDate } from '../dates.ts';
import { Refusal } from '../refusal.ts';

export interface ClaimPeriod {
  /** As written: "2026Q3". */
  name: string;
  /** First and last day, inclusive. */
  from: BusinessDate;
  to: BusinessDate;
}

const pattern = /^(\d{4})(?:Q([1-4])|-(0[1-9]|1[0-2]))?$/;

export function isClaimPeriod(text: string): boolean {
  const match = pattern.exec(text);
  return match !== null && Number(match[1]) >= 1900;
}

/** The period's days; anything else is refused naming query.period. */
export function parseClaimPeriod(text: string): ClaimPeriod {
  const match = pattern.exec(text);
  if (!match || !isClaimPeriod(text)) {
    throw new Refusal(
      'SUBSIDY_CLAIM_PERIOD_INVALID',
      '申报期间格式不正确，应为季度（2026Q3）、月份（2026-09）或年份（2026）',
      'invalid',
      { field: 'query.period', value: text },
    );
  }
  const [, year, quarter, month] = match;
  const [firstMonth, months] = quarter
    ? [(Number(quarter) - 1) * 3 + 1, 3]
    : month
      ? [Number(month), 1]
      : [1, 12];
  const from = `${year}-${String(firstMonth).padStart(2, '0')}-01`;
  return { name: text, from, to: addDays(addMonths(from, months), -1) };
}
