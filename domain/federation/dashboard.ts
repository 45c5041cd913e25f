/**
 * The federation's supervision dashboard (shared/DOMAIN.md, Federation rules): every
 * association's indicators computed from its books and its loans as of one date, never typed
 * in and never stored, and a green / yellow / red rating from the federation's thresholds.
 *
 * Definitions (balances are signed debit − credit, as the books keep them):
 * - fund: credit balances of 3101 3102 3201 3202 3203 and the reserves 3301 3302 3303;
 * - outstanding: Σ principalOutstanding of the loans as of the date (loanIndicators: the
 *   figures of loanPosition, without the rest of the position);
 * - overdue rate: overdue principal / outstanding; PAR30: outstanding principal of the loans
 *   more than 30 days overdue / outstanding; lent out: outstanding / fund;
 * - cash on hand: 1001 + 1002; largest loan: the largest principalOutstanding / fund;
 * - risk reserve coverage: 3301 credit balance / overdue principal, 'n/a' when nothing is due;
 * - placements with (1201) and borrowings from (2101) other associations.
 * Rates are percent strings with two decimals, rounded half-up; a rate over an empty base
 * is '0.00' when its numerator is zero too, else 'n/a'. A threshold is reached when the exact
 * rate is at or above it (so 4.996% shows as 5.00% and is still below a 5% line).
 * Federation totals: sums, and rates computed from the sums.
 */
import type { BusinessDate } from '../dates.ts';
import { accounts } from '../ledger/chart.ts';
import type { Loan } from '../loans/loan.ts';
import { loanIndicators } from '../loans/position.ts';
import { Decimal, Money } from '../money.ts';
import { fundOf, type FederationSettings } from './settings.ts';

export type Rating = 'green' | 'yellow' | 'red';

export interface AssociationBooks {
  associationId: string;
  name: string;
  /** Signed balances (debit − credit) by account code, as of the date. */
  balances: ReadonlyMap<string, Money>;
  /** Members active on the date. */
  members: number;
  /** Every loan of the association in any state; those disbursed after the date are left out. */
  loans: readonly Loan[];
}

export interface LargestLoan {
  loanId: string;
  principalOutstanding: string;
  ofFundPercent: string;
}

interface Indicators {
  members: number;
  fund: string;
  /** Loans with principal outstanding on the date, and those of them overdue. */
  loans: number;
  overdueLoans: number;
  outstanding: string;
  overduePrincipal: string;
  overdueRatePercent: string;
  par30Principal: string;
  par30Percent: string;
  lentOutPercent: string;
  cashOnHand: string;
  cash: string;
  bank: string;
  riskReserve: string;
  riskReserveCoveragePercent: string;
  placements: string;
  borrowings: string;
}

export interface AssociationIndicators extends Indicators {
  associationId: string;
  name: string;
  largestLoan: LargestLoan | null;
  rating: Rating;
  /** Why the rating is not green, naming the indicator, its figures and the line reached. */
  reasons: string[];
}

export interface FederationTotals extends Indicators {
  associations: number;
  /** The largest loan in the federation, against the federation's whole fund. */
  largestLoan: (LargestLoan & { associationId: string }) | null;
  ratings: Record<Rating, number>;
}

export interface Dashboard {
  asOf: BusinessDate;
  associations: AssociationIndicators[];
  totals: FederationTotals;
}

/**
 * The amounts behind one association's indicators, summed as they are for the federation's
 * totals. Worked out as each association's loans are read, so a federation's hundred thousand
 * loans never have to be held at once.
 */
export interface AssociationFigures extends Figures {
  associationId: string;
  name: string;
}

interface Figures {
  members: number;
  fund: Money;
  loans: number;
  overdueLoans: number;
  outstanding: Money;
  overdue: Money;
  par30: Money;
  cash: Money;
  bank: Money;
  riskReserve: Money;
  placements: Money;
  borrowings: Money;
  largest?: { loanId: string; amount: Money; associationId: string };
}

const hundred = new Decimal(100);

/** numerator / denominator as a percentage, exact; undefined over an empty base. */
function ratio(numerator: Money, denominator: Money): Decimal | undefined {
  if (!denominator.isPositive()) return numerator.isZero() ? new Decimal(0) : undefined;
  return numerator.value.div(denominator.value).times(hundred);
}

const percentText = (value: Decimal | undefined) =>
  value === undefined ? 'n/a' : value.toFixed(2, Decimal.ROUND_HALF_UP);

/** One association's figures as of `asOf`, from its books and loans. */
export function associationFigures(
  books: AssociationBooks,
  asOf: BusinessDate,
): AssociationFigures {
  const balance = (code: string) => books.balances.get(code) ?? Money.zero;
  let outstanding = Money.zero;
  let overdue = Money.zero;
  let par30 = Money.zero;
  let loans = 0;
  let overdueLoans = 0;
  let largest: Figures['largest'];
  for (const loan of books.loans) {
    // A loan disbursed after the date did not exist yet.
    if (loan.disbursedOn > asOf) continue;
    // Closed by the date: nothing outstanding, no position to work out.
    if ((loan.paidOffOn ?? loan.writtenOff?.on ?? '9999-12-31') <= asOf) continue;
    const indicators = loanIndicators(loan, asOf);
    const left = indicators.principalOutstanding;
    if (!left.isPositive()) continue;
    loans += 1;
    outstanding = outstanding.plus(left);
    if (indicators.overduePrincipal.isPositive()) {
      overdueLoans += 1;
      overdue = overdue.plus(indicators.overduePrincipal);
    }
    if (indicators.par30) par30 = par30.plus(left);
    // Ties go to the lowest loan id, so the answer does not depend on the order loans come in.
    if (
      !largest ||
      left.gt(largest.amount) ||
      (left.equals(largest.amount) && loan.id < largest.loanId)
    ) {
      largest = { loanId: loan.id, amount: left, associationId: books.associationId };
    }
  }
  return {
    associationId: books.associationId,
    name: books.name,
    members: books.members,
    fund: fundOf(books.balances),
    loans,
    overdueLoans,
    outstanding,
    overdue,
    par30,
    cash: balance(accounts.cash.code),
    bank: balance(accounts.bank.code),
    riskReserve: balance(accounts.riskReserve.code).negated(),
    placements: balance(accounts.placements.code),
    borrowings: balance(accounts.borrowings.code).negated(),
    largest,
  };
}

function indicatorsOf(f: Figures): Indicators {
  return {
    members: f.members,
    fund: f.fund.toString(),
    loans: f.loans,
    overdueLoans: f.overdueLoans,
    outstanding: f.outstanding.toString(),
    overduePrincipal: f.overdue.toString(),
    overdueRatePercent: percentText(ratio(f.overdue, f.outstanding)),
    par30Principal: f.par30.toString(),
    par30Percent: percentText(ratio(f.par30, f.outstanding)),
    lentOutPercent: percentText(ratio(f.outstanding, f.fund)),
    cashOnHand: f.cash.plus(f.bank).toString(),
    cash: f.cash.toString(),
    bank: f.bank.toString(),
    riskReserve: f.riskReserve.toString(),
    riskReserveCoveragePercent: f.overdue.isZero()
      ? 'n/a'
      : percentText(ratio(f.riskReserve, f.overdue)),
    placements: f.placements.toString(),
    borrowings: f.borrowings.toString(),
  };
}

function largestLoanOf(f: Figures): LargestLoan | null {
  if (!f.largest) return null;
  return {
    loanId: f.largest.loanId,
    principalOutstanding: f.largest.amount.toString(),
    ofFundPercent: percentText(ratio(f.largest.amount, f.fund)),
  };
}

const lineNames: Record<Exclude<Rating, 'green'>, string> = {
  yellow: '黄色预警线',
  red: '红色预警线',
};

/** The rating and its reasons: the worst of the three rated indicators. */
export function ratingOf(
  f: Pick<Figures, 'fund' | 'outstanding' | 'overdue' | 'par30'>,
  thresholds: FederationSettings['ratingThresholds'],
): { rating: Rating; reasons: string[] } {
  const checks = [
    {
      label: '逾期率',
      value: ratio(f.overdue, f.outstanding),
      detail: `逾期本金 ${f.overdue.format()} ÷ 借出余额 ${f.outstanding.format()}`,
      line: thresholds.overdueRatePercent,
    },
    {
      label: 'PAR30（逾期 30 天以上借款占比）',
      value: ratio(f.par30, f.outstanding),
      detail: `逾期 30 天以上借款余额 ${f.par30.format()} ÷ 借出余额 ${f.outstanding.format()}`,
      line: thresholds.par30Percent,
    },
    {
      label: '借出比例',
      value: ratio(f.outstanding, f.fund),
      detail: `借出余额 ${f.outstanding.format()} ÷ 互助金总额 ${f.fund.format()}`,
      line: thresholds.lentOutSharePercent,
    },
  ];
  let rating: Rating = 'green';
  const reasons: string[] = [];
  for (const check of checks) {
    // Only the lent-out share can lack a base with a figure above it: loans but no fund.
    if (check.value === undefined) {
      rating = 'red';
      reasons.push(`${check.label}无法计算（${check.detail}），互助金总额为零却有借款余额`);
      continue;
    }
    const reached: Rating | undefined = check.value.gte(check.line.red)
      ? 'red'
      : check.value.gte(check.line.yellow)
        ? 'yellow'
        : undefined;
    if (!reached) continue;
    if (reached === 'red' || rating === 'green') rating = reached;
    const line = reached === 'red' ? check.line.red : check.line.yellow;
    reasons.push(
      `${check.label} ${percentText(check.value)}%（${check.detail}），` +
        `达到${lineNames[reached]} ${line}%`,
    );
  }
  return { rating, reasons };
}

function sumFigures(all: Figures[]): Figures {
  const sum = (pick: (f: Figures) => Money) => Money.sum(all.map(pick));
  let largest: Figures['largest'];
  for (const f of all) {
    if (f.largest && (!largest || f.largest.amount.gt(largest.amount))) largest = f.largest;
  }
  return {
    members: all.reduce((n, f) => n + f.members, 0),
    fund: sum((f) => f.fund),
    loans: all.reduce((n, f) => n + f.loans, 0),
    overdueLoans: all.reduce((n, f) => n + f.overdueLoans, 0),
    outstanding: sum((f) => f.outstanding),
    overdue: sum((f) => f.overdue),
    par30: sum((f) => f.par30),
    cash: sum((f) => f.cash),
    bank: sum((f) => f.bank),
    riskReserve: sum((f) => f.riskReserve),
    placements: sum((f) => f.placements),
    borrowings: sum((f) => f.borrowings),
    largest,
  };
}

/**
 * Every association's indicators and rating as of `asOf`, and the federation's totals, from
 * each association's figures (associationFigures).
 */
export function federationDashboard(input: {
  asOf: BusinessDate;
  associations: readonly AssociationFigures[];
  settings: FederationSettings;
}): Dashboard {
  const { asOf, settings } = input;
  const figures = [...input.associations].sort((a, b) =>
    a.associationId < b.associationId ? -1 : a.associationId > b.associationId ? 1 : 0,
  );
  const associations = figures.map((f): AssociationIndicators => {
    return {
      associationId: f.associationId,
      name: f.name,
      ...indicatorsOf(f),
      largestLoan: largestLoanOf(f),
      ...ratingOf(f, settings.ratingThresholds),
    };
  });
  const total = sumFigures(figures);
  const ratings: Record<Rating, number> = { green: 0, yellow: 0, red: 0 };
  for (const a of associations) ratings[a.rating] += 1;
  return {
    asOf,
    associations,
    totals: {
      associations: associations.length,
      ...indicatorsOf(total),
      largestLoan: total.largest
        ? { associationId: total.largest.associationId, ...largestLoanOf(total)! }
        : null,
      ratings,
    },
  };
}
