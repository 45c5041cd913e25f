/**
 * How the console writes amounts, dates and percentages, and how it checks what a treasurer
 * types. Amounts stay strings end to end: the API computes, the console only groups digits,
 * so no amount ever passes through a JS number.
 */

const amountPattern = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** "1234.5" or "1234.50" → "¥1,234.50"; "-8.00" → "-¥8.00". Anything else is shown as is. */
export function formatAmount(text: string | undefined): string {
  if (text === undefined) return '';
  const match = amountPattern.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '0', cents = ''] = match;
  const grouped = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = sign === '-' && /[1-9]/.test(whole + cents);
  return `${negative ? '-' : ''}¥${grouped}.${cents.padEnd(2, '0')}`;
}

/** What a treasurer may type as an amount: digits, at most two decimals, more than zero. */
export function isAmountInput(text: string): boolean {
  return /^\d+(\.\d{1,2})?$/.test(text) && /[1-9]/.test(text);
}

/** The wire form of a typed amount: "300" → "300.00", "0050.5" → "50.50". */
export function amountForApi(text: string): string {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not an amount: ${text}`);
  const whole = (match[1] ?? '0').replace(/^0+(?=\d)/, '');
  return `${whole}.${(match[2] ?? '').padEnd(2, '0')}`;
}

/** True when an amount string from the API is zero ("0.00", "-0.00"). */
export function isZeroAmount(text: string | undefined): boolean {
  return text === undefined || !/[1-9]/.test(text);
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const englishMonths = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** "2026-11-28" → "2026年11月28日" (zh-CN) or "28 Nov 2026" (en). */
export function formatDate(date: string | undefined, language: 'zh-CN' | 'en' = 'zh-CN'): string {
  if (!date) return '';
  const match = datePattern.exec(date);
  if (!match) return date;
  const [, year, month = '01', day = '01'] = match;
  if (language === 'en') return `${Number(day)} ${englishMonths[Number(month) - 1]} ${year}`;
  return `${year}年${Number(month)}月${Number(day)}日`;
}

/** "8.33" → "8.33%"; the API writes "n/a" where a ratio has no denominator. */
export function formatPercent(text: string | undefined): string {
  if (text === undefined) return '';
  return /^-?\d+(\.\d+)?$/.test(text) ? `${text}%` : '—';
}

const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Business dates are Asia/Shanghai dates, whatever the laptop's clock zone. */
export function todayInShanghai(now: Date = new Date()): string {
  return shanghaiDate.format(now);
}

/** "2026-11" for the month of a business date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The last day of the month before a business date's: "2026-11-29" → "2026-10-31". */
export function previousMonthEnd(date: string): string {
  const [year = 0, month = 1] = date.split('-').map(Number);
  // Day 0 of a month is the last day of the month before it.
  return new Date(Date.UTC(year, month - 1, 0)).toISOString().slice(0, 10);
}

const shanghaiTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant from the API, as the Shanghai date and time: "2026年11月29日 13:34". */
export function formatInstant(at: string, language: 'zh-CN' | 'en' = 'zh-CN'): string {
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) return at;
  return `${formatDate(todayInShanghai(instant), language)} ${shanghaiTime.format(instant)}`;
}

/**
 * Orders two non-negative amount strings from the API ("1234.50") without a JS number: the
 * longer whole part is larger, else the digits decide. For sorting a table, not for money.
 */
export function compareAmounts(a: string, b: string): number {
  const [wholeA = '', centsA = ''] = a.replace(/^0+(?=\d)/, '').split('.');
  const [wholeB = '', centsB = ''] = b.replace(/^0+(?=\d)/, '').split('.');
  if (wholeA.length !== wholeB.length) return wholeA.length - wholeB.length;
  const left = wholeA + centsA.padEnd(2, '0');
  const right = wholeB + centsB.padEnd(2, '0');
  return left < right ? -1 : left > right ? 1 : 0;
}
