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

/*
 * Loan positions walk thousands of dates on every read; parsing and formatting them is most of
 * that work, so day numbers and texts are remembered (a pure cache: same answers, no clock).
 */
const dayNumbers = new Map<BusinessDate, number>();
const dayTexts = new Map<number, BusinessDate>();
const cacheLimit = 100_000;

function dayNumber(date: BusinessDate): number {
  let day = dayNumbers.get(date);
  if (day === undefined) {
    day = Math.round(toUtc(date) / dayMs);
    if (dayNumbers.size >= cacheLimit) dayNumbers.clear();
    dayNumbers.set(date, day);
  }
  return day;
}

function dayText(day: number): BusinessDate {
  let text = dayTexts.get(day);
  if (text === undefined) {
    text = fromUtc(day * dayMs);
    if (dayTexts.size >= cacheLimit) dayTexts.clear();
    dayTexts.set(day, text);
  }
  return text;
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  return dayText(dayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return dayNumber(to) - dayNumber(from);
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
