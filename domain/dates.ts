/**
 * Business dates are 'YYYY-MM-DD' strings in Asia/Shanghai. Domain code never reads the
 * clock: the date asked about is always an argument.
 */
export type BusinessDate = string;

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 86_400_000;

function toUtc(date: BusinessDate): number {
  const match = datePattern.exec(date);
  if (!match) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function fromUtc(ms: number): BusinessDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True for a real calendar date written as YYYY-MM-DD (2026-02-30 is false). */
export function isBusinessDate(text: string): boolean {
  return datePattern.test(text) && fromUtc(toUtc(text)) === text;
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  return fromUtc(toUtc(date) + days * dayMs);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return Math.round((toUtc(to) - toUtc(from)) / dayMs);
}

/** Adds calendar months, keeping the day of month or the month's last day (01-31 + 1 → 02-28). */
export function addMonths(date: BusinessDate, months: number): BusinessDate {
  const match = datePattern.exec(date);
  if (!match) throw new RangeError(`not a date: ${date}`);
  const total = Number(match[1]) * 12 + Number(match[2]) - 1 + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(match[3]), lastDay);
  return fromUtc(Date.UTC(year, month, day));
}

export function compareDates(a: BusinessDate, b: BusinessDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
