/**
 * Where a loan stands on any date, computed from its schedule and repayments alone: there is
 * no nightly batch, so accrued fees, overdue days, penalty fees and the credit grade effect
 * are all worked out here for the date asked (shared/DESIGN.md).
 *
 * Rules (a day "accrues" at its end: the position on day D includes day D):
 * - Repayments fill the installments in due order: principal parts fill the rows' principal,
 *   fee parts first pay the overdue fee accrued so far, then the rows' fees.
 * - Fee to date: every installment due on or before D owes its whole scheduled fee; the
 *   installment whose period contains D owes its fee pro rata by actual days,
 *   round(fee × days(period start, D) / days(period start, due date)); later ones owe nothing
 *   yet. Once the principal is repaid in full the fee stops accruing: with
 *   earlyPayoffFeeToDateOnly (default) the rest of the scheduled fee is waived; without it the
 *   whole scheduled fee is owed by the payoff.
 * - Overdue principal on day d: principal due before d, less principal received before d.
 * - Penalty fee (加收占用费), the EXTRA charge:
 *   penalty = Σ over overdue days of overdue principal × monthly rate × markup% / 30,
 *   rounded once to the 分 with the loan's rounding mode (e.g. 2911.49 × 2% × 50% / 30 × 10
 *   days = 9.70).
 * - Overdue fee (feeOnOverduePrincipal, default on): overdue principal left the schedule's
 *   fee base on its due date, so it keeps bearing the normal fee on top of which the penalty
 *   is charged: Σ overdue principal × monthly rate / 30 a day, rounded once. A flat loan's
 *   schedule charges the original principal until maturity, so there it starts after the
 *   last due date. It is a fee (占用费收入), the penalty is penalty income.
 * - Overdue days: from the oldest installment with principal or fee unpaid after its due
 *   date. Credit grade effect: none ('A') when not overdue, 'B' up to 30 days, 'C' up to 90,
 *   'D' beyond (and for a written-off loan). PAR30: more than 30 days overdue.
 * - A written-off loan is frozen on its write-off date; from then on nothing is due and its
 *   principal is off the books (principalOutstanding 0).
 */
import { daysBetween, isBusinessDate, type BusinessDate } from '../dates.ts';
import type { CreditGrade } from '../members/member.ts';
import { Decimal, Money } from '../money.ts';
import { parseRate } from '../rate.ts';
import { Refusal } from '../refusal.ts';
import { activeRepayments, type Loan, type LoanRepayment } from './loan.ts';

export type LoanStatus = 'current' | 'overdue' | 'paid-off' | 'written-off';
export type InstallmentState = 'paid' | 'due' | 'overdue' | 'not-due' | 'written-off';

export interface InstallmentPosition {
  number: number;
  dueOn: BusinessDate;
  /** As scheduled. */
  principal: Money;
  fee: Money;
  principalPaid: Money;
  feePaid: Money;
  /** Fee not owed because the loan was paid off early (fee to date only). */
  feeWaived: Money;
  principalOutstanding: Money;
  feeOutstanding: Money;
  state: InstallmentState;
  daysOverdue: number;
  /** The day principal and fee were both settled (or waived). */
  paidOn?: BusinessDate;
}

export interface Amounts {
  principal: Money;
  fee: Money;
  penalty: Money;
  total: Money;
}

export interface LoanPosition {
  loanId: string;
  asOf: BusinessDate;
  status: LoanStatus;
  installments: InstallmentPosition[];
  principal: Money;
  principalPaid: Money;
  /** What the loans-out account holds for this loan: 0 once written off. */
  principalOutstanding: Money;
  /** Installments due up to today and not paid, the overdue fee, the penalty. */
  dueNow: Amounts;
  overdue: {
    days: number;
    since?: BusinessDate;
    principal: Money;
    installments: number;
  };
  /** Fee earned to date and not paid: due fees, overdue fee, the current period pro rata. */
  accruedFee: Money;
  fees: { scheduled: Money; earned: Money; overdueFee: Money; paid: Money; waived: Money };
  penalty: { accrued: Money; paid: Money; outstanding: Money };
  /** What pays the loan off today. */
  payoff: Amounts;
  paid: Amounts;
  par30: boolean;
  /** The grade this loan pulls the household down to today; 'A' means no effect. */
  creditGradeEffect: CreditGrade;
  /** The longest any installment has been (or is) overdue up to this date. */
  worstDaysOverdue: number;
  /** Installments paid late or overdue up to this date. */
  lateInstallments: number;
  paidOffOn?: BusinessDate;
  writtenOff?: { on: BusinessDate; principal: Money; feeForgone: Money; penaltyForgone: Money };
}

export function creditGradeForOverdueDays(days: number): CreditGrade {
  if (days <= 0) return 'A';
  if (days <= 30) return 'B';
  if (days <= 90) return 'C';
  return 'D';
}

interface Row {
  number: number;
  start: BusinessDate;
  dueOn: BusinessDate;
  principal: Decimal;
  fee: Decimal;
}

const zero = new Decimal(0);
const max0 = (value: Decimal) => Decimal.max(value, zero);
const money = (value: Decimal) => Money.exact(value);

function rowsOf(loan: Loan): Row[] {
  return loan.schedule.installments.map((row, index, all) => ({
    number: row.number,
    start: index === 0 ? loan.disbursedOn : (all[index - 1]?.dueOn ?? loan.disbursedOn),
    dueOn: row.dueOn,
    principal: new Decimal(row.principal),
    fee: new Decimal(row.fee),
  }));
}

/**
 * Overdue principal-days: Σ overdue principal over the days d with from < d ≤ to. Overdue
 * principal on day d is principal due before d less principal received before d; it only
 * changes the day after a due date or a repayment. The running sum is built once per position
 * (one sort, one sweep) and then read at any day by a binary search, so the overdue fee at each
 * of a hundred repayments costs a hundred lookups, not a hundred sweeps.
 */
function principalDaysCurve(
  base: BusinessDate,
  rows: Pick<Row, 'dueOn' | 'principal'>[],
  repayments: LoanRepayment[],
): (from: BusinessDate, to: BusinessDate) => Decimal {
  // Changes by day (days after `base`): + principal the day after it is due, − principal
  // the day after it is received.
  const changes = new Map<number, Decimal>();
  const change = (day: BusinessDate, amount: Decimal) => {
    const at = daysBetween(base, day) + 1;
    changes.set(at, (changes.get(at) ?? zero).plus(amount));
  };
  for (const row of rows) change(row.dueOn, row.principal);
  for (const r of repayments) change(r.on, r.allocation.principal.value.negated());
  const starts = [...changes.keys()].sort((a, b) => a - b);
  // levels[k]: overdue principal on the days from starts[k] until the next start;
  // before[k]: principal-days summed over every day before starts[k].
  const levels: Decimal[] = [];
  const before: Decimal[] = [];
  let balance = zero;
  let sum = zero;
  starts.forEach((start, k) => {
    if (k > 0) sum = sum.plus(levels[k - 1]!.times(start - starts[k - 1]!));
    balance = balance.plus(changes.get(start)!);
    before.push(sum);
    levels.push(max0(balance));
  });
  /** Principal-days summed over every day up to and including `day`. */
  const upTo = (day: BusinessDate): Decimal => {
    const at = daysBetween(base, day);
    let low = 0;
    let high = starts.length - 1;
    let k = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (starts[middle]! <= at) {
        k = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return k < 0 ? zero : before[k]!.plus(levels[k]!.times(at - starts[k]! + 1));
  };
  return (from, to) => (to <= from ? zero : upTo(to).minus(upTo(from)));
}

/** Each installment's fee earned by `until`: whole when due, pro rata by days while running. */
function feesEarned(rows: Row[], until: BusinessDate, round: (v: Decimal) => Decimal): Decimal[] {
  return rows.map((row) => {
    if (row.dueOn <= until) return row.fee;
    if (row.start >= until) return zero;
    return round(
      row.fee.times(daysBetween(row.start, until)).div(daysBetween(row.start, row.dueOn)),
    );
  });
}

/** Fills `amount` into `capacity` slots in order; returns what was left over. */
function fill(paid: Decimal[], capacity: Decimal[], amount: Decimal): Decimal {
  let left = amount;
  for (let i = 0; i < paid.length && left.gt(0); i += 1) {
    const room = max0((capacity[i] ?? zero).minus(paid[i] ?? zero));
    const part = Decimal.min(room, left);
    paid[i] = (paid[i] ?? zero).plus(part);
    left = left.minus(part);
  }
  return left;
}

/** A position can be asked for any real date from the disbursement on. */
function checkPositionDate(loan: Loan, asOf: BusinessDate): void {
  if (typeof asOf !== 'string' || !isBusinessDate(asOf)) {
    throw new Refusal('POSITION_DATE_INVALID', '查询日期不正确', 'invalid', {
      field: 'asOf',
      value: asOf,
    });
  }
  if (asOf < loan.disbursedOn) {
    throw new Refusal(
      'POSITION_BEFORE_DISBURSEMENT',
      `查询日期早于放款日期（${loan.disbursedOn}）`,
      'invalid',
      { field: 'asOf', asOf, disbursedOn: loan.disbursedOn },
    );
  }
}

/**
 * What one principal-day of overdue costs, as a rate over a number of days, and where the
 * overdue fee starts. The division by the days comes last (principal-days × rate ÷ days), so
 * an exact half 分 rounds as the rule says: 390,000 principal-days at 5.155‰ a month ÷ 30 is
 * 67.015 and rounds half-up to 67.02, where a daily rate divided first is a 40-digit
 * approximation just below (67.01). The rate stays as worded: monthly over 30 days, or
 * annual over 360 (= annual ÷ 12 over 30, without the inexact ÷ 12).
 */
function overdueCharges(loan: Loan) {
  const rate = parseRate(loan.rate.wording);
  const [perPeriod, days] =
    'annualPercent' in loan.rate.wording ? [rate.annual, 360] : [rate.monthly, 30];
  const charge = (periodRate: Decimal) => (principalDays: Decimal) =>
    principalDays.times(periodRate).div(days);
  return {
    penaltyOn: charge(perPeriod.times(loan.terms.penaltyMarkupPercent).div(100)),
    overdueFeeOn: loan.terms.feeOnOverduePrincipal ? charge(perPeriod) : undefined,
    // A flat loan's schedule charges the original principal until maturity.
    overdueFeeFrom:
      loan.method === 'flat'
        ? (loan.schedule.installments.at(-1)?.dueOn ?? loan.disbursedOn)
        : loan.disbursedOn,
  };
}

/** An installment's scheduled total: principal and fee. */
export const installmentTotal = (row: Pick<InstallmentPosition, 'principal' | 'fee'>): Money =>
  row.principal.plus(row.fee);

/** What an installment still owes: its principal and fee outstanding. */
export const installmentOwed = (
  row: Pick<InstallmentPosition, 'principalOutstanding' | 'feeOutstanding'>,
): Money => row.principalOutstanding.plus(row.feeOutstanding);

/** What the repayments paid, installment by installment, in the order they were made. */
interface Replayed {
  principalPaidRow: Decimal[];
  feePaidRow: Decimal[];
  /** The day each installment was paid in full, if it was. */
  paidOn: (BusinessDate | undefined)[];
  overdueFeePaid: Decimal;
  penaltyPaid: Decimal;
  principalPaid: Decimal;
  /** The day the whole principal was repaid. */
  clearedOn?: BusinessDate;
}

/** Replays the repayments in order to see which installment each one paid. */
function replayRepayments(
  loan: Loan,
  rows: Row[],
  repayments: LoanRepayment[],
  overdueFeeOn: (day: BusinessDate) => Decimal,
): Replayed {
  const replayed: Replayed = {
    principalPaidRow: rows.map(() => zero),
    feePaidRow: rows.map(() => zero),
    paidOn: rows.map(() => undefined),
    overdueFeePaid: zero,
    penaltyPaid: zero,
    principalPaid: zero,
  };
  const { principalPaidRow, feePaidRow, paidOn } = replayed;
  const rowPrincipals = rows.map((r) => r.principal);
  const rowFees = rows.map((r) => r.fee);
  for (const repayment of repayments) {
    const { allocation } = repayment;
    fill(principalPaidRow, rowPrincipals, allocation.principal.value);
    replayed.principalPaid = replayed.principalPaid.plus(allocation.principal.value);
    let fee = allocation.fee.value;
    const overdueFeeOwed = max0(overdueFeeOn(repayment.on).minus(replayed.overdueFeePaid));
    const toOverdueFee = Decimal.min(fee, overdueFeeOwed);
    fee = fee.minus(toOverdueFee);
    // Anything beyond the scheduled fees (never, for allocations made here) stays a fee paid.
    replayed.overdueFeePaid = replayed.overdueFeePaid
      .plus(toOverdueFee)
      .plus(fill(feePaidRow, rowFees, fee));
    replayed.penaltyPaid = replayed.penaltyPaid.plus(allocation.penaltyFee.value);
    rows.forEach((row, i) => {
      if (
        paidOn[i] === undefined &&
        (principalPaidRow[i] ?? zero).eq(row.principal) &&
        (feePaidRow[i] ?? zero).eq(row.fee)
      ) {
        paidOn[i] = repayment.on;
      }
    });
    if (replayed.clearedOn === undefined && replayed.principalPaid.gte(loan.principal.value)) {
      replayed.clearedOn = repayment.on;
    }
  }
  return replayed;
}

/** Each installment's fee: charged so far, waived by an early payoff, charged and unpaid. */
interface FeeCharges {
  charged: Decimal[];
  waived: Decimal[];
  chargedUnpaid: Decimal[];
  /** Fees not earned yet, owed by a payoff when the charter wants the whole contract fee. */
  unearned: Decimal;
}

function feeCharges(
  loan: Loan,
  rows: Row[],
  { feePaidRow, clearedOn }: Replayed,
  at: BusinessDate,
  round: (value: Decimal) => Decimal,
): FeeCharges {
  const { earlyPayoffFeeToDateOnly } = loan.terms;
  // Fee charged per installment, frozen on the day the principal was repaid.
  const feeUntil = clearedOn !== undefined && clearedOn < at ? clearedOn : at;
  const contractFeeOwed = clearedOn !== undefined && !earlyPayoffFeeToDateOnly;
  const charged = contractFeeOwed ? rows.map((r) => r.fee) : feesEarned(rows, feeUntil, round);
  const notCharged = (row: Row, i: number) =>
    max0(row.fee.minus(Decimal.max(charged[i] ?? zero, feePaidRow[i] ?? zero)));
  return {
    charged,
    waived: rows.map((row, i) =>
      clearedOn !== undefined && earlyPayoffFeeToDateOnly ? notCharged(row, i) : zero,
    ),
    chargedUnpaid: rows.map((_, i) => max0((charged[i] ?? zero).minus(feePaidRow[i] ?? zero))),
    unearned: earlyPayoffFeeToDateOnly
      ? zero
      : rows.reduce((sum, row, i) => sum.plus(notCharged(row, i)), zero),
  };
}

/** Each installment as it stands on `at`. */
function installmentPositions(
  rows: Row[],
  { principalPaidRow, feePaidRow, paidOn }: Replayed,
  waived: Decimal[],
  at: BusinessDate,
  writtenOffOn: BusinessDate | undefined,
  paidOffOn: BusinessDate | undefined,
): InstallmentPosition[] {
  return rows.map((row, i): InstallmentPosition => {
    const rowPrincipalPaid = principalPaidRow[i] ?? zero;
    const rowFeePaid = feePaidRow[i] ?? zero;
    const rowWaived = waived[i] ?? zero;
    const principalOutstanding = row.principal.minus(rowPrincipalPaid);
    const feeOutstanding = row.fee.minus(rowFeePaid).minus(rowWaived);
    const settled = principalOutstanding.isZero() && feeOutstanding.isZero();
    const state: InstallmentState = settled
      ? 'paid'
      : writtenOffOn !== undefined
        ? 'written-off'
        : row.dueOn < at
          ? 'overdue'
          : row.dueOn === at
            ? 'due'
            : 'not-due';
    return {
      number: row.number,
      dueOn: row.dueOn,
      principal: money(row.principal),
      fee: money(row.fee),
      principalPaid: money(rowPrincipalPaid),
      feePaid: money(rowFeePaid),
      feeWaived: money(rowWaived),
      principalOutstanding: money(principalOutstanding),
      feeOutstanding: money(feeOutstanding),
      state,
      daysOverdue: state === 'overdue' ? daysBetween(row.dueOn, at) : 0,
      paidOn: paidOn[i] ?? (settled ? paidOffOn : undefined),
    };
  });
}

const sum = (parts: Decimal[], from = zero) =>
  parts.reduce((total, part) => total.plus(part), from);

/**
 * Where a loan stands on `asOf`: the repayments replayed against the schedule, the fees
 * charged to date, the overdue fee and penalty accrued on overdue principal. Longer than most
 * functions here because it is the one place that assembles the position from those parts.
 */
export function loanPosition(loan: Loan, asOf: BusinessDate): LoanPosition {
  checkPositionDate(loan, asOf);
  const writtenOffOn =
    loan.writtenOff && loan.writtenOff.on <= asOf ? loan.writtenOff.on : undefined;
  // A written-off loan is frozen on its write-off date.
  const at = writtenOffOn ?? asOf;
  const repayments = activeRepayments(loan, at);
  const rows = rowsOf(loan);
  const round = (value: Decimal) => Money.round(value, loan.rounding).value;
  const charges = overdueCharges(loan);
  const principalDays = principalDaysCurve(loan.disbursedOn, rows, repayments);
  const overdueFeeOn = (day: BusinessDate) =>
    charges.overdueFeeOn
      ? round(charges.overdueFeeOn(principalDays(charges.overdueFeeFrom, day)))
      : zero;

  const replayed = replayRepayments(loan, rows, repayments, overdueFeeOn);
  const { overdueFeePaid, penaltyPaid, principalPaid, clearedOn } = replayed;
  const { charged, waived, chargedUnpaid, unearned } = feeCharges(loan, rows, replayed, at, round);
  const overdueFeeAccrued = overdueFeeOn(at);
  const overdueFeeOwed = max0(overdueFeeAccrued.minus(overdueFeePaid));
  const penaltyAccrued = round(charges.penaltyOn(principalDays(loan.disbursedOn, at)));
  const penaltyOwed = max0(penaltyAccrued.minus(penaltyPaid));
  const feePaid = sum(replayed.feePaidRow, overdueFeePaid);

  // After the principal is repaid, whatever fee it still owes is due at once.
  const feeDueRows = sum(
    rows.map((row, i) =>
      row.dueOn <= at || (clearedOn !== undefined && clearedOn < at)
        ? (chargedUnpaid[i] ?? zero)
        : zero,
    ),
  );
  const accruedFee = sum(chargedUnpaid, overdueFeeOwed);
  const principalLeft = loan.principal.value.minus(principalPaid);
  const dueBy = (inclusive: boolean) =>
    sum(rows.filter((r) => (inclusive ? r.dueOn <= at : r.dueOn < at)).map((r) => r.principal));
  const payoffTotal = principalLeft.plus(accruedFee).plus(unearned).plus(penaltyOwed);
  const paidOff = writtenOffOn === undefined && payoffTotal.isZero() && principalLeft.isZero();
  const paidOffOn = paidOff ? repayments.at(-1)?.on : undefined;
  const installments = installmentPositions(rows, replayed, waived, at, writtenOffOn, paidOffOn);

  const overdueRows = installments.filter((row) => row.state === 'overdue');
  const overdueDays = overdueRows[0]?.daysOverdue ?? 0;
  const worstDaysOverdue = installments.reduce((worst, row) => {
    const late = row.paidOn !== undefined ? daysBetween(row.dueOn, row.paidOn) : row.daysOverdue;
    return Math.max(worst, late);
  }, 0);
  const lateInstallments = installments.filter((row) =>
    row.paidOn !== undefined ? row.paidOn > row.dueOn : row.daysOverdue > 0,
  ).length;
  const amounts = (p: Decimal, fee: Decimal, penalty: Decimal): Amounts => ({
    principal: money(p),
    fee: money(fee),
    penalty: money(penalty),
    total: money(p.plus(fee).plus(penalty)),
  });
  const nothing = amounts(zero, zero, zero);
  const open = writtenOffOn === undefined;
  const status: LoanStatus = !open
    ? 'written-off'
    : paidOff
      ? 'paid-off'
      : overdueDays > 0
        ? 'overdue'
        : 'current';

  return {
    loanId: loan.id,
    asOf,
    status,
    installments,
    principal: loan.principal,
    principalPaid: money(principalPaid),
    principalOutstanding: money(open ? principalLeft : zero),
    dueNow: open
      ? amounts(
          max0(dueBy(true).minus(principalPaid)),
          feeDueRows.plus(overdueFeeOwed),
          penaltyOwed,
        )
      : nothing,
    overdue: {
      days: open ? overdueDays : 0,
      since: open ? overdueRows[0]?.dueOn : undefined,
      principal: money(open ? max0(dueBy(false).minus(principalPaid)) : zero),
      installments: open ? overdueRows.length : 0,
    },
    accruedFee: money(open ? accruedFee : zero),
    fees: {
      scheduled: Money.of(loan.schedule.totalFee),
      earned: money(sum(charged, overdueFeeAccrued)),
      overdueFee: money(overdueFeeAccrued),
      paid: money(feePaid),
      waived: money(sum(waived)),
    },
    penalty: {
      accrued: money(penaltyAccrued),
      paid: money(penaltyPaid),
      outstanding: money(open ? penaltyOwed : zero),
    },
    payoff: open ? amounts(principalLeft, accruedFee.plus(unearned), penaltyOwed) : nothing,
    paid: amounts(principalPaid, feePaid, penaltyPaid),
    par30: open && overdueDays > 30,
    creditGradeEffect: open ? creditGradeForOverdueDays(overdueDays) : 'D',
    worstDaysOverdue,
    lateInstallments,
    paidOffOn,
    writtenOff:
      writtenOffOn !== undefined && loan.writtenOff
        ? {
            on: writtenOffOn,
            principal: loan.writtenOff.principal,
            feeForgone: money(accruedFee.plus(unearned)),
            penaltyForgone: money(penaltyOwed),
          }
        : undefined,
  };
}

/**
 * Whether principal was overdue on some day before the last repayment, the only days whose
 * overdue fee a repayment pays: an installment due before it whose principal, with the
 * installments' before it, had not been received by its due date. `repayments` in date order.
 */
function paidLate(rows: Pick<Row, 'dueOn' | 'principal'>[], repayments: LoanRepayment[]): boolean {
  const lastOn = repayments.at(-1)?.on;
  let due = zero;
  let paid = zero;
  let next = 0;
  for (const row of rows) {
    if (lastOn === undefined || row.dueOn >= lastOn) return false;
    due = due.plus(row.principal);
    while (next < repayments.length && repayments[next]!.on <= row.dueOn) {
      paid = paid.plus(repayments[next]!.allocation.principal.value);
      next += 1;
    }
    if (due.gt(paid)) return true;
  }
  return false;
}

/** What a portfolio view needs of one loan: loanPosition's figures of the same name. */
export interface LoanIndicators {
  principalOutstanding: Money;
  overduePrincipal: Money;
  overdueDays: number;
  par30: boolean;
}

const noIndicators: LoanIndicators = {
  principalOutstanding: Money.zero,
  overduePrincipal: Money.zero,
  overdueDays: 0,
  par30: false,
};

/**
 * The indicators alone, for reads across thousands of loans (the federation's dashboard):
 * the same figures as loanPosition, without the installment table, the fees earned, the
 * penalty or the payoff. Overdue days still need to know which installments' fees are paid,
 * so the repayments' fee parts are replayed as loanPosition does (the overdue fee first).
 * A loan whose principal is repaid in full but still owes fees is rare and has early-payoff
 * waivers to work out: loanPosition answers for it.
 */
export function loanIndicators(loan: Loan, asOf: BusinessDate): LoanIndicators {
  checkPositionDate(loan, asOf);
  // A written-off loan is off the books from its write-off date.
  if (loan.writtenOff && loan.writtenOff.on <= asOf) return noIndicators;
  const repayments = activeRepayments(loan, asOf);
  const principal = loan.principal.value;
  const principalPaid = repayments.reduce((sum, r) => sum.plus(r.allocation.principal.value), zero);
  if (principalPaid.gte(principal)) {
    const position = loanPosition(loan, asOf);
    return {
      principalOutstanding: position.principalOutstanding,
      overduePrincipal: position.overdue.principal,
      overdueDays: position.overdue.days,
      par30: position.par30,
    };
  }
  // Only the installments due before the date matter, for the overdue fee as for the arrears.
  const rows: Pick<Row, 'dueOn' | 'principal' | 'fee'>[] = [];
  for (const row of loan.schedule.installments) {
    if (row.dueOn >= asOf) break;
    rows.push({
      dueOn: row.dueOn,
      principal: new Decimal(row.principal),
      fee: new Decimal(row.fee),
    });
  }
  // What the fee parts paid into the installments' fees, after the overdue fee accrued (none
  // when every installment's principal was in by its due date, as for most loans).
  const { overdueFeeOn, overdueFeeFrom } = overdueCharges(loan);
  const principalDays =
    overdueFeeOn &&
    paidLate(rows, repayments) &&
    principalDaysCurve(loan.disbursedOn, rows, repayments);
  const rowFees = new Decimal(loan.schedule.totalFee);
  let rowFeesPaid = zero;
  let overdueFeePaid = zero;
  for (const repayment of repayments) {
    let fee = repayment.allocation.fee.value;
    if (overdueFeeOn && principalDays) {
      const accrued = Money.round(
        overdueFeeOn(principalDays(overdueFeeFrom, repayment.on)),
        loan.rounding,
      ).value;
      const toOverdueFee = Decimal.min(fee, max0(accrued.minus(overdueFeePaid)));
      overdueFeePaid = overdueFeePaid.plus(toOverdueFee);
      fee = fee.minus(toOverdueFee);
    }
    const intoRows = Decimal.min(fee, rowFees.minus(rowFeesPaid));
    rowFeesPaid = rowFeesPaid.plus(intoRows);
    overdueFeePaid = overdueFeePaid.plus(fee.minus(intoRows));
  }
  // Installments fill in due order, so the oldest unsettled one is the first whose running
  // principal or fee goes past what was paid.
  let principalDue = zero;
  let feeDue = zero;
  let overdueDays = 0;
  for (const row of rows) {
    principalDue = principalDue.plus(row.principal);
    feeDue = feeDue.plus(row.fee);
    if (overdueDays === 0 && (principalDue.gt(principalPaid) || feeDue.gt(rowFeesPaid))) {
      overdueDays = daysBetween(row.dueOn, asOf);
    }
  }
  return {
    principalOutstanding: money(principal.minus(principalPaid)),
    overduePrincipal: money(max0(principalDue.minus(principalPaid))),
    overdueDays,
    par30: overdueDays > 30,
  };
}
