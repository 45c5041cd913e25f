/**
 * Fiscal interest subsidy (贴息) for one loan: which days and how much principal the county
 * pays for, settlement period by settlement period (shared/DOMAIN.md, Fiscal interest subsidy).
 *
 * Rules chosen where the county texts are silent:
 * - A day d accrues when disbursedOn ≤ d < maturesOn and some principal is still outstanding;
 *   a repayment on day X lowers the principal from X on. Once fully repaid the loan stops
 *   accruing, so those days appear nowhere.
 * - A day is counted (subsidised) when it is before disbursedOn + termCapMonths and outside
 *   every overdue span (both ends inclusive). Past the term cap wins over overdue in `excluded`.
 * - Each period's subsidy is the exact Σ eligible principal × rate / dayBasis over its counted
 *   days, rounded half-up to 分 once; `total` is the sum of the rounded periods.
 * - reference-rate with `interestPaid`: each entry's amount is spread evenly over its days; a
 *   period's cap is the part that falls on the period's counted days, so interest paid for
 *   overdue days (penalty included) or days past the term cap never raises the cap. An entry
 *   lying inside one period simply counts whole. Absent `interestPaid` means no cap; an empty
 *   list means nothing was paid, hence no subsidy.
 * - Periods start on yearStartsOn and every 1, 3 or 12 months after it (a day-of-month the
 *   month lacks falls on its last day); a period where the loan never accrues has no row.
 */
import { Decimal, Money, parseDecimal } from '../money.ts';
import { addDays, addMonths, daysBetween, isBusinessDate, type BusinessDate } from '../dates.ts';
import type { CodeWithStatus } from '../refusal-codes.ts';
import { Refusal } from '../refusal.ts';

export type SubsidyPolicy =
  | { kind: 'fixed-rate'; annualPercent: string }
  | { kind: 'reference-rate'; referenceAnnualPercent: string; share: string }
  | { kind: 'borrower-cap'; loanAnnualPercent: string; borrowerAnnualPercent: string };

export type Settlement = 'monthly' | 'quarterly' | 'yearly';

export interface SubsidyInput {
  policy: SubsidyPolicy;
  /** Principal above this gets nothing ("50000.00"). */
  principalCap: string;
  termCapMonths: number;
  dayBasis: 360 | 365;
  settlement: Settlement;
  /** First day of the subsidy year, MM-DD ("01-01", "10-01"). */
  yearStartsOn: string;
  loan: {
    principal: string;
    disbursedOn: BusinessDate;
    maturesOn: BusinessDate;
    repayments?: readonly { on: BusinessDate; principal: string }[];
    overdue?: readonly { from: BusinessDate; to: BusinessDate }[];
    interestPaid?: readonly { from: BusinessDate; to: BusinessDate; amount: string }[];
  };
}

export type ExclusionReason = 'overdue' | 'term-cap' | 'above-principal-cap' | 'interest-paid-cap';

/** Why some days or some principal of a period did not count. */
export interface SubsidyExclusion {
  from: BusinessDate;
  to: BusinessDate;
  days: number;
  reason: ExclusionReason;
  /** above-principal-cap: the principal left out; interest-paid-cap: the subsidy cut off. */
  amount?: string;
  note: string;
}

export interface SubsidyPeriod {
  /** First and last accrual day of the loan inside the period, inclusive. */
  from: BusinessDate;
  to: BusinessDate;
  /** Counted days. */
  days: number;
  /** Day-weighted average eligible principal, to 分. */
  eligiblePrincipal: string;
  /** Σ eligible principal × counted days: subsidy = principalDays × rate / 100 / dayBasis. */
  principalDays: string;
  /** Subsidy rate, annual percent. */
  rate: string;
  /** Interest paid attributed to the counted days (only when interestPaid was given). */
  interestPaid?: string;
  subsidy: string;
  excluded?: SubsidyExclusion[];
}

export interface SubsidyQuote {
  periods: SubsidyPeriod[];
  total: string;
}

export function quoteSubsidy(input: SubsidyInput): SubsidyQuote {
  const terms = readTerms(input);
  const rows: SubsidyPeriod[] = [];
  let group: Segment[] = [];
  for (const segment of segmentsOf(terms)) {
    if (group.length > 0 && group[0]!.period !== segment.period) {
      rows.push(periodRow(terms, group));
      group = [];
    }
    group.push(segment);
  }
  if (group.length > 0) rows.push(periodRow(terms, group));
  return {
    periods: rows,
    total: Money.sum(rows.map((row) => Money.of(row.subsidy))).toString(),
  };
}

// ---- computation ------------------------------------------------------------------------

interface Terms {
  /** Subsidy rate, annual percent. */
  rate: Decimal;
  dayBasis: number;
  principalCap: Decimal;
  principal: Decimal;
  start: BusinessDate;
  /** Exclusive: the first day that no longer accrues. */
  end: BusinessDate;
  termEnd: BusinessDate;
  termCapMonths: number;
  periodMonths: number;
  yearStartsOn: string;
  repayments: { on: BusinessDate; principal: Decimal }[];
  overdue: { from: BusinessDate; to: BusinessDate }[];
  interestPaid?: { from: BusinessDate; to: BusinessDate; amount: Decimal }[];
  capByInterestPaid: boolean;
}

/** Days [from, until) over which period, principal and status are all constant. */
interface Segment {
  from: BusinessDate;
  until: BusinessDate;
  period: number;
  outstanding: Decimal;
  status: 'counted' | 'overdue' | 'term-cap';
}

/** Settlement period starts: yearStartsOn, then every periodMonths, anchored on the year start
 * so that a 31st stays the 31st where the month has one. */
function periodStarts(terms: Terms): BusinessDate[] {
  const year = Number(terms.start.slice(0, 4));
  let base = `${pad(year)}-${terms.yearStartsOn}`;
  if (base > terms.start) base = `${pad(year - 1)}-${terms.yearStartsOn}`;
  const starts: BusinessDate[] = [];
  for (let k = 0; ; k += 1) {
    const from = addMonths(base, k * terms.periodMonths);
    if (from >= terms.end) return starts;
    if (addMonths(base, (k + 1) * terms.periodMonths) > terms.start) starts.push(from);
  }
}

/** Cuts the accrual window wherever period, principal, term or overdue status changes: far
 * fewer pieces than days, and each piece is priced as principal × days. */
function segmentsOf(terms: Terms): Segment[] {
  const starts = periodStarts(terms);
  const cuts = new Set<BusinessDate>([terms.start, terms.end, terms.termEnd, ...starts]);
  for (const repayment of terms.repayments) cuts.add(repayment.on);
  for (const span of terms.overdue) cuts.add(span.from).add(addDays(span.to, 1));
  const sorted = [...cuts].filter((d) => d >= terms.start && d <= terms.end).sort();

  // Principal repaid by a date, walking the repayments in date order as the cuts advance.
  const repayments = [...terms.repayments].sort((a, b) => (a.on < b.on ? -1 : 1));
  let next = 0;
  let repaid = new Decimal(0);
  const repaidBy = (date: BusinessDate) => {
    for (; next < repayments.length && repayments[next]!.on <= date; next += 1) {
      repaid = repaid.plus(repayments[next]!.principal);
    }
    return repaid;
  };

  // Overdue spans do not overlap: in date order, the first not yet over is the only candidate.
  const overdue = [...terms.overdue].sort((a, b) => (a.from < b.from ? -1 : 1));
  let span = 0;
  const isOverdue = (date: BusinessDate) => {
    while (span < overdue.length && overdue[span]!.to < date) span += 1;
    return span < overdue.length && overdue[span]!.from <= date;
  };

  const segments: Segment[] = [];
  let period = 0;
  for (let i = 0; i + 1 < sorted.length; i += 1) {
    const from = sorted[i]!;
    while (period + 1 < starts.length && starts[period + 1]! <= from) period += 1;
    const outstanding = terms.principal.minus(repaidBy(from));
    if (outstanding.lte(0)) break; // fully repaid: nothing accrues any more
    const overdueOn = isOverdue(from);
    const status = from >= terms.termEnd ? 'term-cap' : overdueOn ? 'overdue' : 'counted';
    segments.push({ from, until: sorted[i + 1]!, period, outstanding, status });
  }
  return segments;
}

function periodRow(terms: Terms, segments: Segment[]): SubsidyPeriod {
  let days = 0;
  let principalDays = new Decimal(0);
  let paid = new Decimal(0);
  const excluded: SubsidyExclusion[] = [];
  for (const segment of segments) {
    const length = daysBetween(segment.from, segment.until);
    const last = addDays(segment.until, -1);
    if (segment.status !== 'counted') {
      addExclusion(excluded, segment.from, last, length, segment.status, undefined, terms);
      continue;
    }
    days += length;
    principalDays = principalDays.plus(
      Decimal.min(segment.outstanding, terms.principalCap).times(length),
    );
    if (segment.outstanding.gt(terms.principalCap)) {
      const above = Money.exact(segment.outstanding.minus(terms.principalCap)).toString();
      addExclusion(excluded, segment.from, last, length, 'above-principal-cap', above, terms);
    }
    for (const entry of terms.interestPaid ?? []) {
      if (entry.to < segment.from || entry.from >= segment.until) continue; // no day shared
      const overlap = overlapDays(segment.from, segment.until, entry.from, addDays(entry.to, 1));
      const entryDays = daysBetween(entry.from, entry.to) + 1;
      paid = paid.plus(entry.amount.times(overlap).div(entryDays));
    }
  }

  const from = segments[0]!.from;
  const to = addDays(segments[segments.length - 1]!.until, -1);
  let exact = principalDays.times(terms.rate).div(100).div(terms.dayBasis);
  if (terms.capByInterestPaid && exact.gt(paid)) {
    const cut = Money.round(exact.minus(paid)).toString();
    addExclusion(excluded, from, to, days, 'interest-paid-cap', cut, terms);
    exact = paid;
  }
  return {
    from,
    to,
    days,
    eligiblePrincipal: Money.round(
      days === 0 ? new Decimal(0) : principalDays.div(days),
    ).toString(),
    principalDays: principalDays.toFixed(2),
    rate: terms.rate.toString(),
    ...(terms.interestPaid && { interestPaid: Money.round(paid).toString() }),
    subsidy: Money.round(exact).toString(),
    ...(excluded.length > 0 && { excluded }),
  };
}

/** Appends an exclusion, extending the previous one when it is the same reason and amount
 * and the days follow on. */
function addExclusion(
  excluded: SubsidyExclusion[],
  from: BusinessDate,
  to: BusinessDate,
  days: number,
  reason: ExclusionReason,
  amount: string | undefined,
  terms: Terms,
): void {
  const previous = excluded[excluded.length - 1];
  if (
    previous &&
    previous.reason === reason &&
    previous.amount === amount &&
    addDays(previous.to, 1) === from
  ) {
    previous.to = to;
    previous.days += days;
    previous.note = exclusionNote(previous, terms);
    return;
  }
  const exclusion: SubsidyExclusion = { from, to, days, reason, note: '' };
  if (amount !== undefined) exclusion.amount = amount;
  exclusion.note = exclusionNote(exclusion, terms);
  excluded.push(exclusion);
}

function exclusionNote(e: SubsidyExclusion, terms: Terms): string {
  switch (e.reason) {
    case 'overdue':
      return `${e.from}至${e.to}逾期，共${e.days}天不予贴息`;
    case 'term-cap':
      return `超过贴息期限${terms.termCapMonths}个月，${e.from}起不予贴息`;
    case 'above-principal-cap':
      return `本金超过贴息上限${terms.principalCap.toFixed(2)}元的部分${e.amount}元不予贴息`;
    case 'interest-paid-cap':
      return `贴息不超过实付利息，核减${e.amount}元`;
  }
}

/** Days shared by [aFrom, aUntil) and [bFrom, bUntil). */
function overlapDays(aFrom: string, aUntil: string, bFrom: string, bUntil: string): number {
  const from = aFrom > bFrom ? aFrom : bFrom;
  const until = aUntil < bUntil ? aUntil : bUntil;
  return Math.max(0, daysBetween(from, until));
}

function pad(year: number): string {
  return String(year).padStart(4, '0');
}

// ---- validation -------------------------------------------------------------------------

function invalid(code: CodeWithStatus<400>, title: string, field: string): Refusal {
  return new Refusal(code, title, 'invalid', { field });
}

/** A non-negative decimal string (rates, shares); a JSON number is refused. */
function readRate(value: unknown, field: string): Decimal {
  let rate: Decimal;
  try {
    rate = parseDecimal(value as string);
  } catch {
    throw invalid('SUBSIDY_RATE_INVALID', `利率须为十进制数字字符串：${field}`, field);
  }
  if (rate.isNegative()) throw invalid('SUBSIDY_RATE_INVALID', `利率不能为负数：${field}`, field);
  return rate;
}

/** An amount in 元 with at most two decimals, ≥ 0 (or > 0 when `positive`). */
function readAmount(value: unknown, field: string, positive = false): Decimal {
  let amount: Decimal;
  try {
    amount = Money.of(value as string).value;
  } catch {
    throw invalid('SUBSIDY_AMOUNT_INVALID', `金额格式不正确：${field}`, field);
  }
  if (amount.isNegative() || (positive && amount.isZero())) {
    throw invalid(
      'SUBSIDY_AMOUNT_INVALID',
      `金额须${positive ? '大于' : '不小于'}零：${field}`,
      field,
    );
  }
  return amount;
}

function readDate(value: unknown, field: string): BusinessDate {
  if (typeof value !== 'string' || !isBusinessDate(value)) {
    throw invalid('SUBSIDY_DATE_INVALID', `日期须为真实的 YYYY-MM-DD：${field}`, field);
  }
  return value;
}

/** A [from, to] span with from ≤ to. */
function readSpan(value: { from: unknown; to: unknown }, field: string) {
  const from = readDate(value.from, `${field}.from`);
  const to = readDate(value.to, `${field}.to`);
  if (to < from) throw invalid('SUBSIDY_SPAN_INVALID', `结束日早于开始日：${field}`, `${field}.to`);
  return { from, to };
}

/** Refuses overlapping spans, naming the later one. */
function refuseOverlaps(spans: { from: string; to: string }[], field: string, title: string): void {
  const order = spans
    .map((span, index) => ({ ...span, index }))
    .sort((a, b) => (a.from < b.from ? -1 : 1));
  for (let i = 1; i < order.length; i += 1) {
    if (order[i]!.from <= order[i - 1]!.to) {
      throw invalid('SUBSIDY_SPANS_OVERLAP', title, `${field}[${order[i]!.index}].from`);
    }
  }
}

function subsidyRate(policy: SubsidyPolicy): Decimal {
  switch (policy?.kind) {
    case 'fixed-rate':
      return readRate(policy.annualPercent, 'policy.annualPercent');
    case 'reference-rate': {
      const reference = readRate(policy.referenceAnnualPercent, 'policy.referenceAnnualPercent');
      const share = readRate(policy.share, 'policy.share');
      if (share.gt(1)) throw invalid('SUBSIDY_RATE_INVALID', '贴息比例不能超过 1', 'policy.share');
      return reference.times(share);
    }
    case 'borrower-cap': {
      const loan = readRate(policy.loanAnnualPercent, 'policy.loanAnnualPercent');
      const borrower = readRate(policy.borrowerAnnualPercent, 'policy.borrowerAnnualPercent');
      if (borrower.gt(loan)) {
        throw invalid(
          'SUBSIDY_RATE_INVALID',
          '借款人承担利率不能高于贷款利率',
          'policy.borrowerAnnualPercent',
        );
      }
      return loan.minus(borrower);
    }
    default:
      throw invalid('SUBSIDY_POLICY_UNKNOWN', '未知的贴息方式', 'policy.kind');
  }
}

const periodMonths: Record<Settlement, number> = { monthly: 1, quarterly: 3, yearly: 12 };

/** The longest loan the calculator prices: 30 years. */
export const maxLoanTermMonths = 360;
/** The most repayments, overdue spans or interest payments a quote lists. */
export const maxQuoteListLength = 500;

function readTerms(input: SubsidyInput): Terms {
  const rate = subsidyRate(input.policy);
  const principalCap = readAmount(input.principalCap, 'principalCap');
  if (!Number.isInteger(input.termCapMonths) || input.termCapMonths <= 0) {
    throw invalid('SUBSIDY_TERM_CAP_INVALID', '贴息期限须为正整数个月', 'termCapMonths');
  }
  if (input.dayBasis !== 360 && input.dayBasis !== 365) {
    throw invalid('SUBSIDY_DAY_BASIS_INVALID', '计息天数基准须为 360 或 365', 'dayBasis');
  }
  if (!Object.hasOwn(periodMonths, input.settlement)) {
    throw invalid('SUBSIDY_SETTLEMENT_INVALID', '结算周期须为按月、按季或按年', 'settlement');
  }
  // 2023 is not a leap year: 02-29 is refused, since a subsidy year must start every year.
  const yearStartsOn = input.yearStartsOn;
  if (
    typeof yearStartsOn !== 'string' ||
    !/^\d\d-\d\d$/.test(yearStartsOn) ||
    !isBusinessDate(`2023-${yearStartsOn}`)
  ) {
    throw invalid(
      'SUBSIDY_YEAR_START_INVALID',
      '贴息年度起始日须为每年都有的 MM-DD',
      'yearStartsOn',
    );
  }

  const loan = input.loan;
  const principal = readAmount(loan.principal, 'loan.principal', true);
  const start = readDate(loan.disbursedOn, 'loan.disbursedOn');
  const end = readDate(loan.maturesOn, 'loan.maturesOn');
  if (end <= start)
    throw invalid('SUBSIDY_MATURITY_INVALID', '到期日须晚于放款日', 'loan.maturesOn');
  // A bound on the work a quote may ask for: no loan runs longer (shared/DOMAIN.md: ≤ 3 years).
  if (end > addMonths(start, maxLoanTermMonths)) {
    throw new Refusal(
      'SUBSIDY_TERM_TOO_LONG',
      `借款期限不能超过 ${maxLoanTermMonths / 12} 年（到期日最晚 ${addMonths(start, maxLoanTermMonths)}）`,
      'invalid',
      { field: 'loan.maturesOn', maxLoanTermMonths },
    );
  }

  let repaid = new Decimal(0);
  const repayments = (loan.repayments ?? []).map((r, i) => {
    const field = `loan.repayments[${i}]`;
    const on = readDate(r.on, `${field}.on`);
    if (on < start)
      throw invalid('SUBSIDY_REPAYMENT_BEFORE_DISBURSEMENT', '还款日早于放款日', `${field}.on`);
    if (on > end)
      throw invalid('SUBSIDY_REPAYMENT_AFTER_MATURITY', '还款日晚于到期日', `${field}.on`);
    const amount = readAmount(r.principal, `${field}.principal`, true);
    repaid = repaid.plus(amount);
    if (repaid.gt(principal)) {
      throw invalid(
        'SUBSIDY_REPAYMENTS_EXCEED_PRINCIPAL',
        '还款本金合计超过借款本金',
        `${field}.principal`,
      );
    }
    return { on, principal: amount };
  });

  const overdue = (loan.overdue ?? []).map((s, i) => readSpan(s, `loan.overdue[${i}]`));
  refuseOverlaps(overdue, 'loan.overdue', '逾期期间相互重叠');

  let interestPaid: Terms['interestPaid'];
  if (loan.interestPaid !== undefined) {
    interestPaid = loan.interestPaid.map((p, i) => {
      const field = `loan.interestPaid[${i}]`;
      const span = readSpan(p, field);
      // Days outside the accrual window would swallow part of the amount.
      if (span.from < start || span.to >= end) {
        const side = span.from < start ? 'from' : 'to';
        throw invalid(
          'SUBSIDY_INTEREST_PERIOD_OUTSIDE_LOAN',
          '付息期间须在计息期内',
          `${field}.${side}`,
        );
      }
      return { ...span, amount: readAmount(p.amount, `${field}.amount`) };
    });
    refuseOverlaps(interestPaid, 'loan.interestPaid', '付息期间相互重叠');
  }

  return {
    rate,
    dayBasis: input.dayBasis,
    principalCap,
    principal,
    start,
    end,
    termEnd: addMonths(start, input.termCapMonths),
    termCapMonths: input.termCapMonths,
    periodMonths: periodMonths[input.settlement],
    yearStartsOn,
    repayments,
    overdue,
    interestPaid,
    capByInterestPaid: input.policy.kind === 'reference-rate' && interestPaid !== undefined,
  };
}
