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
import { addDays, daysBetween, isBusinessDate, type BusinessDate } from '../dates.ts';
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

/** Σ overdue principal over the days d with from < d ≤ to (principal-days). */
function overduePrincipalDays(
  rows: Row[],
  repayments: LoanRepayment[],
  from: BusinessDate,
  to: BusinessDate,
): Decimal {
  if (to <= from) return zero;
  const first = addDays(from, 1);
  const stop = addDays(to, 1);
  // Overdue principal only changes the day after a due date or after a repayment.
  const changes = new Set([first]);
  for (const day of [...rows.map((r) => r.dueOn), ...repayments.map((r) => r.on)]) {
    const next = addDays(day, 1);
    if (next > first && next < stop) changes.add(next);
  }
  const starts = [...changes].sort();
  // One sweep over the change days, keeping running sums (not a re-sum per day: a loan with a
  // hundred repayments would otherwise cost a hundred times more on every read).
  const byDay = <T extends { day: BusinessDate }>(items: T[]) =>
    items.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const dues = byDay(rows.map((r) => ({ day: r.dueOn, amount: r.principal })));
  const paids = byDay(repayments.map((r) => ({ day: r.on, amount: r.allocation.principal.value })));
  let due = zero;
  let paid = zero;
  let nextDue = 0;
  let nextPaid = 0;
  let total = zero;
  starts.forEach((start, index) => {
    while (nextDue < dues.length && dues[nextDue]!.day < start)
      due = due.plus(dues[nextDue++]!.amount);
    while (nextPaid < paids.length && paids[nextPaid]!.day < start) {
      paid = paid.plus(paids[nextPaid++]!.amount);
    }
    const end = starts[index + 1] ?? stop;
    total = total.plus(max0(due.minus(paid)).times(daysBetween(start, end)));
  });
  return total;
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

export function loanPosition(loan: Loan, asOf: BusinessDate): LoanPosition {
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
  const writtenOffOn =
    loan.writtenOff && loan.writtenOff.on <= asOf ? loan.writtenOff.on : undefined;
  // A written-off loan is frozen on its write-off date.
  const at = writtenOffOn ?? asOf;
  const repayments = activeRepayments(loan, at);
  const rows = rowsOf(loan);
  const { terms } = loan;
  const round = (value: Decimal) => Money.round(value, loan.rounding).value;
  const monthly = parseRate(loan.rate.wording).monthly;
  const penaltyDaily = monthly.times(terms.penaltyMarkupPercent).div(100).div(30);
  const feeDaily = terms.feeOnOverduePrincipal ? monthly.div(30) : zero;
  const lastDueOn = rows.at(-1)?.dueOn ?? loan.disbursedOn;
  const overdueFeeFrom = loan.method === 'flat' ? lastDueOn : loan.disbursedOn;
  const penaltyAccruedOn = (day: BusinessDate) =>
    round(overduePrincipalDays(rows, repayments, loan.disbursedOn, day).times(penaltyDaily));
  const overdueFeeOn = (day: BusinessDate) =>
    round(overduePrincipalDays(rows, repayments, overdueFeeFrom, day).times(feeDaily));

  // Replay the repayments in order to see which installment each one paid.
  const principalPaidRow = rows.map(() => zero);
  const feePaidRow = rows.map(() => zero);
  const paidOn: (BusinessDate | undefined)[] = rows.map(() => undefined);
  let overdueFeePaid = zero;
  let penaltyPaid = zero;
  let principalPaid = zero;
  let clearedOn: BusinessDate | undefined;
  const principal = loan.principal.value;
  const rowPrincipals = rows.map((r) => r.principal);
  const rowFees = rows.map((r) => r.fee);
  for (const repayment of repayments) {
    const { allocation } = repayment;
    fill(principalPaidRow, rowPrincipals, allocation.principal.value);
    principalPaid = principalPaid.plus(allocation.principal.value);
    let fee = allocation.fee.value;
    const overdueFeeOwed = max0(overdueFeeOn(repayment.on).minus(overdueFeePaid));
    const toOverdueFee = Decimal.min(fee, overdueFeeOwed);
    overdueFeePaid = overdueFeePaid.plus(toOverdueFee);
    fee = fee.minus(toOverdueFee);
    // Anything beyond the scheduled fees (never, for allocations made here) stays a fee paid.
    overdueFeePaid = overdueFeePaid.plus(fill(feePaidRow, rowFees, fee));
    penaltyPaid = penaltyPaid.plus(allocation.penaltyFee.value);
    rows.forEach((row, i) => {
      if (
        paidOn[i] === undefined &&
        (principalPaidRow[i] ?? zero).eq(row.principal) &&
        (feePaidRow[i] ?? zero).eq(row.fee)
      ) {
        paidOn[i] = repayment.on;
      }
    });
    if (clearedOn === undefined && principalPaid.gte(principal)) clearedOn = repayment.on;
  }

  // Fee charged per installment, frozen on the day the principal was repaid.
  const feeUntil = clearedOn !== undefined && clearedOn < at ? clearedOn : at;
  const contractFeeOwed = clearedOn !== undefined && !terms.earlyPayoffFeeToDateOnly;
  const charged = contractFeeOwed ? rows.map((r) => r.fee) : feesEarned(rows, feeUntil, round);
  const waived = rows.map((row, i) =>
    clearedOn !== undefined && terms.earlyPayoffFeeToDateOnly
      ? max0(row.fee.minus(Decimal.max(charged[i] ?? zero, feePaidRow[i] ?? zero)))
      : zero,
  );
  const chargedUnpaid = rows.map((_, i) => max0((charged[i] ?? zero).minus(feePaidRow[i] ?? zero)));
  // Fees not earned yet, owed by a payoff when the charter wants the whole contract fee.
  const unearned = terms.earlyPayoffFeeToDateOnly
    ? zero
    : rows.reduce(
        (sum, row, i) =>
          sum.plus(max0(row.fee.minus(Decimal.max(charged[i] ?? zero, feePaidRow[i] ?? zero)))),
        zero,
      );
  const overdueFeeAccrued = overdueFeeOn(at);
  const overdueFeeOwed = max0(overdueFeeAccrued.minus(overdueFeePaid));
  const penaltyAccrued = penaltyAccruedOn(at);
  const penaltyOwed = max0(penaltyAccrued.minus(penaltyPaid));
  const feePaid = feePaidRow.reduce((sum, part) => sum.plus(part), overdueFeePaid);

  // After the principal is repaid, whatever fee it still owes is due at once.
  const feeDueRows = rows.reduce(
    (sum, row, i) =>
      row.dueOn <= at || (clearedOn !== undefined && clearedOn < at)
        ? sum.plus(chargedUnpaid[i] ?? zero)
        : sum,
    zero,
  );
  const accruedFee = chargedUnpaid.reduce((sum, part) => sum.plus(part), overdueFeeOwed);
  const principalLeft = principal.minus(principalPaid);
  const dueBy = (inclusive: boolean) =>
    rows
      .filter((r) => (inclusive ? r.dueOn <= at : r.dueOn < at))
      .reduce((sum, r) => sum.plus(r.principal), zero);
  const payoffTotal = principalLeft.plus(accruedFee).plus(unearned).plus(penaltyOwed);
  const paidOff = writtenOffOn === undefined && payoffTotal.isZero() && principalLeft.isZero();
  const paidOffOn = paidOff ? repayments.at(-1)?.on : undefined;

  const installments = rows.map((row, i): InstallmentPosition => {
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

  const overdueRows = installments.filter((row) => row.state === 'overdue');
  const overdueDays = overdueRows[0]?.daysOverdue ?? 0;
  const worstDaysOverdue = installments.reduce((worst, row) => {
    const late = row.paidOn !== undefined ? daysBetween(row.dueOn, row.paidOn) : row.daysOverdue;
    return Math.max(worst, late);
  }, 0);
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
      earned: money(charged.reduce((sum, part) => sum.plus(part), overdueFeeAccrued)),
      overdueFee: money(overdueFeeAccrued),
      paid: money(feePaid),
      waived: money(waived.reduce((sum, part) => sum.plus(part), zero)),
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
