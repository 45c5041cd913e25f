/**
 * The 贴息 claim (贴息申报清单) an association sends to the county finance bureau for a period:
 * every loan whose product carries a charter policy and that earns a subsidy in the period,
 * with its borrower, figures and the totals (shared/DOMAIN.md, Fiscal interest subsidy).
 *
 * Each loan is quoted by quoteSubsidy over its whole life, from its own facts:
 * - maturity: the last installment's due date (the write-off date, if earlier);
 * - principal repaid: the principal parts of its repayments (reversed ones do not count);
 * - overdue: each installment from the day after its due date to the day it was settled, or
 *   to the period's last day while unpaid; overlapping spans are merged;
 * - interest paid: the fee parts (never the penalty) of its repayments, each covering the days
 *   since the previous fee payment (or the disbursement) up to the day before it was paid.
 *   Every fee received so far counts, so a quarter's fee paid after the quarter raises that
 *   quarter's cap when the claim is fetched again. Of a fee paid after maturity only the part
 *   for days before maturity counts, rounded down to the 分.
 * Then the settlement periods lying inside the claim period make the row. The claim period
 * must therefore be made of whole settlement periods of every policy of the charter (a
 * month cannot be claimed when the county settles by quarter). A loan with no subsidised day
 * in the period (overdue throughout, repaid, past its term cap) is not on the claim. Only an
 * ended period is claimed: until its last day is over, its overdue days are not known.
 */
import { addDays, addMonths, daysBetween, type BusinessDate } from '../dates.ts';
import { activeRepayments, type Loan, type LoanProduct } from '../loans/loan.ts';
import { loanPosition } from '../loans/position.ts';
import { Decimal, Money } from '../money.ts';
import { Refusal } from '../refusal.ts';
import { quoteSubsidy, type SubsidyInput } from './calculator.ts';
import type { CharterSubsidyPolicy, SubsidyPolicies } from './charter-policies.ts';
import type { ClaimPeriod } from './claim-period.ts';

export const productLabels: Record<LoanProduct, string> = {
  standard: '普通借款',
  'tea-garden': '茶园抵押贷款',
  'poverty-alleviation': '扶贫小额信贷',
};

export interface ClaimBorrower {
  id: string;
  name: string;
  idNumber: string;
}

export interface SubsidyClaimRow {
  loanId: string;
  memberId: string;
  borrower: string;
  /**
   * The full ID number. The county finance bureau pays the subsidy against it, so the claim is
   * the ONE place a full ID number leaves the system; lists, pages and logs show it masked.
   */
  idNumber: string;
  product: LoanProduct;
  /** The loan as granted. */
  principal: string;
  disbursedOn: BusinessDate;
  maturesOn: BusinessDate;
  /** The loan's first and last accrual day inside the period. */
  from: BusinessDate;
  to: BusinessDate;
  /** Subsidised days. */
  days: number;
  /** Day-weighted average principal subsidised, to the 分. */
  eligiblePrincipal: string;
  /** Subsidy rate, annual percent. */
  rate: string;
  /** Fee paid for the subsidised days. */
  interestPaid: string;
  subsidy: string;
  /** Why days or principal did not count (overdue, caps), in Chinese. */
  notes: string[];
}

export interface SubsidyClaimTotals {
  loans: number;
  principal: string;
  eligiblePrincipal: string;
  interestPaid: string;
  subsidy: string;
}

export interface SubsidyClaim {
  associationId: string;
  period: string;
  from: BusinessDate;
  to: BusinessDate;
  rows: SubsidyClaimRow[];
  totals: SubsidyClaimTotals;
}

export interface SubsidyClaimInput {
  associationId: string;
  period: ClaimPeriod;
  policies: SubsidyPolicies;
  /** The association's loans, any state; those without a policy are left out. */
  loans: readonly Loan[];
  /** At least the borrowers of those loans. */
  borrowers: readonly ClaimBorrower[];
  /** The business date of the request: only a period that has ended can be claimed. */
  today: BusinessDate;
}

export function subsidyClaim(input: SubsidyClaimInput): SubsidyClaim {
  const { period, policies } = input;
  for (const [product, policy] of Object.entries(policies)) {
    if (policy) requireWholeSettlementPeriods(product as LoanProduct, policy, period);
  }
  // Before its last day is over, a period's overdue days and repayments are not known yet.
  if (period.to >= input.today) {
    throw new Refusal(
      'SUBSIDY_CLAIM_PERIOD_NOT_ENDED',
      `申报期间 ${period.name} 尚未结束（截至 ${period.to}），结束后才能申报`,
      'refused',
      { field: 'query.period', value: period.name, to: period.to, today: input.today },
    );
  }
  const borrowers = new Map(input.borrowers.map((b) => [b.id, b]));
  const rows: SubsidyClaimRow[] = [];
  for (const loan of input.loans) {
    const policy = policies[loan.product];
    if (!policy) continue;
    const row = claimRow(loan, policy, period);
    if (!row) continue;
    const borrower = borrowers.get(loan.memberId);
    if (!borrower) throw new Error(`borrower ${loan.memberId} of loan ${loan.id} not loaded`);
    rows.push({
      loanId: loan.id,
      memberId: loan.memberId,
      borrower: borrower.name,
      idNumber: borrower.idNumber,
      ...row,
    });
  }
  rows.sort((a, b) => (a.loanId < b.loanId ? -1 : a.loanId > b.loanId ? 1 : 0));
  const sum = (pick: (row: SubsidyClaimRow) => string) =>
    Money.sum(rows.map((row) => Money.of(pick(row)))).toString();
  return {
    associationId: input.associationId,
    period: period.name,
    from: period.from,
    to: period.to,
    rows,
    totals: {
      loans: rows.length,
      principal: sum((r) => r.principal),
      eligiblePrincipal: sum((r) => r.eligiblePrincipal),
      interestPaid: sum((r) => r.interestPaid),
      subsidy: sum((r) => r.subsidy),
    },
  };
}

type LoanFigures = Omit<SubsidyClaimRow, 'loanId' | 'memberId' | 'borrower' | 'idNumber'>;

/** The loan's figures for the period, or nothing when it earns no subsidy in it. */
function claimRow(
  loan: Loan,
  policy: CharterSubsidyPolicy,
  period: ClaimPeriod,
): LoanFigures | undefined {
  const facts = subsidyFacts(loan, period.to);
  if (!facts || facts.maturesOn <= period.from) return undefined;
  const quote = quoteSubsidy({ ...policy, loan: facts });
  const inside = quote.periods.filter((p) => p.from >= period.from && p.to <= period.to);
  const days = inside.reduce((total, p) => total + p.days, 0);
  if (days === 0) return undefined;
  const principalDays = inside.reduce((total, p) => total.plus(p.principalDays), new Decimal(0));
  const money = (pick: (p: (typeof inside)[number]) => string | undefined) =>
    Money.sum(inside.map((p) => Money.of(pick(p) ?? '0'))).toString();
  return {
    product: loan.product,
    principal: loan.principal.toString(),
    disbursedOn: loan.disbursedOn,
    maturesOn: facts.maturesOn,
    from: inside[0]!.from,
    to: inside[inside.length - 1]!.to,
    days,
    eligiblePrincipal: Money.round(principalDays.div(days)).toString(),
    rate: inside[0]!.rate,
    interestPaid: money((p) => p.interestPaid),
    subsidy: money((p) => p.subsidy),
    notes: inside.flatMap((p) => (p.excluded ?? []).map((e) => e.note)),
  };
}

/**
 * What quoteSubsidy needs to know about a loan, as its books stood at the end of `until` for
 * overdue spans; undefined for a loan not yet disbursed then or that never accrued.
 */
export function subsidyFacts(loan: Loan, until: BusinessDate): SubsidyInput['loan'] | undefined {
  if (loan.disbursedOn > until) return undefined;
  const lastDueOn = loan.schedule.installments.at(-1)?.dueOn ?? loan.disbursedOn;
  const writtenOffOn = loan.writtenOff?.on;
  const maturesOn = writtenOffOn && writtenOffOn < lastDueOn ? writtenOffOn : lastDueOn;
  if (maturesOn <= loan.disbursedOn) return undefined;
  const repayments = activeRepayments(loan);
  return {
    principal: loan.principal.toString(),
    disbursedOn: loan.disbursedOn,
    maturesOn,
    repayments: repayments
      .filter((r) => r.allocation.principal.isPositive() && r.on <= maturesOn)
      .map((r) => ({ on: r.on, principal: r.allocation.principal.toString() })),
    overdue: overdueSpans(loan, until),
    interestPaid: interestPaidSpans(loan, maturesOn),
  };
}

/** Each installment late from the day after its due date to the day it was settled (or
 * `until`), merged where they overlap or touch. */
function overdueSpans(loan: Loan, until: BusinessDate): { from: BusinessDate; to: BusinessDate }[] {
  const position = loanPosition(loan, until);
  const spans = position.installments
    .map((row) => ({ from: addDays(row.dueOn, 1), to: row.paidOn ?? until }))
    .filter((span) => span.from <= span.to)
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const merged: { from: BusinessDate; to: BusinessDate }[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.from <= addDays(last.to, 1)) {
      if (span.to > last.to) last.to = span.to;
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

/** Fee payments as spans of the days they paid for (see the module comment). */
function interestPaidSpans(
  loan: Loan,
  maturesOn: BusinessDate,
): { from: BusinessDate; to: BusinessDate; amount: string }[] {
  const feeByDay = new Map<BusinessDate, Decimal>();
  for (const r of activeRepayments(loan)) {
    if (!r.allocation.fee.isPositive()) continue;
    feeByDay.set(r.on, (feeByDay.get(r.on) ?? new Decimal(0)).plus(r.allocation.fee.value));
  }
  const spans: { from: BusinessDate; to: BusinessDate; amount: string }[] = [];
  let from = loan.disbursedOn;
  for (const [on, fee] of [...feeByDay].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const to = addDays(on, -1);
    // A fee paid on the day the span would start covers no day: nothing accrued yet.
    if (to < from) continue;
    const last = addDays(maturesOn, -1);
    if (from <= last) {
      const amount =
        to <= last
          ? fee
          : fee
              .times(daysBetween(from, maturesOn))
              .div(daysBetween(from, on))
              .toDecimalPlaces(2, Decimal.ROUND_DOWN);
      spans.push({ from, to: to <= last ? to : last, amount: amount.toFixed(2) });
    }
    from = on;
  }
  return spans;
}

const settlementMonths = { monthly: 1, quarterly: 3, yearly: 12 } as const;

/** True when `day` starts a settlement period: yearStartsOn and every 1, 3 or 12 months on. */
function startsSettlementPeriod(policy: CharterSubsidyPolicy, day: BusinessDate): boolean {
  const year = Number(day.slice(0, 4));
  let base = `${String(year).padStart(4, '0')}-${policy.yearStartsOn}`;
  if (base > day) base = `${String(year - 1).padStart(4, '0')}-${policy.yearStartsOn}`;
  const months = settlementMonths[policy.settlement];
  for (let k = 0; k <= 12 / months; k += 1) {
    const start = addMonths(base, k * months);
    if (start === day) return true;
    if (start > day) return false;
  }
  return false;
}

const settlementNames = { monthly: '按月', quarterly: '按季', yearly: '按年' } as const;

function requireWholeSettlementPeriods(
  product: LoanProduct,
  policy: CharterSubsidyPolicy,
  period: ClaimPeriod,
): void {
  if (
    startsSettlementPeriod(policy, period.from) &&
    startsSettlementPeriod(policy, addDays(period.to, 1))
  ) {
    return;
  }
  throw new Refusal(
    'SUBSIDY_CLAIM_PERIOD_NOT_SETTLEMENT',
    `${productLabels[product]}贴息${settlementNames[policy.settlement]}结算（年度自${policy.yearStartsOn}起），` +
      `申报期间 ${period.name} 须由完整的结算期组成`,
    'invalid',
    {
      field: 'query.period',
      value: period.name,
      product,
      settlement: policy.settlement,
      yearStartsOn: policy.yearStartsOn,
    },
  );
}
