/**
 * The federation's cumulative activity report: what a county asks a federation for (DOMAIN.md,
 * the source's figures) — households and amounts lent, repaid on maturity, fee income,
 * low-income households served, write-offs — by association and in total, for a period.
 *
 * Counting rules, stated once:
 * - lent: loans disbursed within the period; households are distinct borrowers.
 * - repaid on maturity (按期还款): loans paid off within the period on or before the due date
 *   of their last installment; the amount is their principal.
 * - fee income: 占用费收入 (4101) and 加收占用费收入 (4102) booked in the period, net of
 *   reversals, closing entries left out (reports/statements.ts's income statement).
 * - low-income households served: distinct borrowers of the period's loans whose household
 *   is low-income (低保、五保、脱贫监测) as recorded now.
 * - written off: loans written off within the period, and the principal written off.
 * - the risk fund (风险基金, the federation's 3401): its balance at the period's end, and what
 *   it took in and paid out within the period.
 */
import type { BusinessDate } from '../dates.ts';
import { accounts } from '../ledger/chart.ts';
import type { JournalEntry } from '../ledger/journal.ts';
import type { Loan } from '../loans/loan.ts';
import type { Member } from '../members/member.ts';
import { Money } from '../money.ts';
import type { LedgerEntry } from '../reports/distribution.ts';
import { incomeStatement } from '../reports/statements.ts';
import { riskFundMovements } from './risk-fund.ts';

export interface ActivityInput {
  associationId: string;
  name: string;
  loans: readonly Loan[];
  members: readonly Member[];
  /** The association's journal up to the period's end. */
  entries: readonly LedgerEntry[];
}

export interface Tally {
  households: number;
  loans: number;
  amount: Money;
}

export interface ActivityRow {
  associationId: string;
  name: string;
  lent: Tally;
  repaidOnMaturity: Tally;
  feeIncome: Money;
  lowIncomeHouseholdsServed: number;
  writtenOff: Tally;
}

export interface RiskFundActivity {
  balance: Money;
  contributed: Money;
  relieved: Money;
}

export interface ActivityReport {
  from: BusinessDate;
  to: BusinessDate;
  associations: ActivityRow[];
  totals: Omit<ActivityRow, 'associationId' | 'name'>;
  riskFund: RiskFundActivity;
}

type FederationEntry = Pick<JournalEntry, 'date' | 'kind' | 'lines'>;

function riskFundOf(
  entries: readonly FederationEntry[],
  from: BusinessDate,
  to: BusinessDate,
): RiskFundActivity {
  const upTo = entries.filter((entry) => entry.date <= to);
  const balance = Money.sum(
    upTo
      .flatMap((entry) => entry.lines.filter((l) => l.account === accounts.riskFund.code))
      .map((line) => line.credit.minus(line.debit)),
  );
  return { balance, ...riskFundMovements(upTo.filter((entry) => entry.date >= from)) };
}

const within = (date: BusinessDate | undefined, from: BusinessDate, to: BusinessDate) =>
  date !== undefined && date >= from && date <= to;

function tally(loans: readonly Loan[], amountOf: (loan: Loan) => Money): Tally {
  return {
    households: new Set(loans.map((loan) => loan.memberId)).size,
    loans: loans.length,
    amount: Money.sum(loans.map(amountOf)),
  };
}

/** Paid off on or before the due date of its last installment. */
export function repaidOnMaturity(loan: Loan): boolean {
  const last = loan.schedule.installments.at(-1);
  return loan.status === 'paid-off' && !!last && !!loan.paidOffOn && loan.paidOffOn <= last.dueOn;
}

function rowOf(input: ActivityInput, from: BusinessDate, to: BusinessDate): ActivityRow {
  const lent = input.loans.filter((loan) => within(loan.disbursedOn, from, to));
  const repaid = input.loans.filter(
    (loan) => within(loan.paidOffOn, from, to) && repaidOnMaturity(loan),
  );
  const writtenOff = input.loans.filter((loan) => within(loan.writtenOff?.on, from, to));
  const lowIncome = new Set(
    input.members.filter((m) => m.lowIncome !== 'none').map((member) => member.id),
  );
  const fees = incomeStatement(input.entries, from, to).income.filter(
    (row) => row.code === accounts.feeIncome.code || row.code === accounts.penaltyIncome.code,
  );
  return {
    associationId: input.associationId,
    name: input.name,
    lent: tally(lent, (loan) => loan.principal),
    repaidOnMaturity: tally(repaid, (loan) => loan.principal),
    feeIncome: Money.sum(fees.map((row) => row.amount)),
    lowIncomeHouseholdsServed: new Set(
      lent.map((loan) => loan.memberId).filter((mid) => lowIncome.has(mid)),
    ).size,
    writtenOff: tally(writtenOff, (loan) => loan.writtenOff!.principal),
  };
}

const addTallies = (a: Tally, b: Tally): Tally => ({
  households: a.households + b.households,
  loans: a.loans + b.loans,
  amount: a.amount.plus(b.amount),
});

/**
 * The report for [from, to]. A household belongs to one association, so households add up
 * across associations.
 */
export function activityReport(
  inputs: readonly ActivityInput[],
  federationEntries: readonly FederationEntry[],
  from: BusinessDate,
  to: BusinessDate,
): ActivityReport {
  const rows = inputs.map((input) => rowOf(input, from, to));
  const none: Tally = { households: 0, loans: 0, amount: Money.zero };
  const totals = rows.reduce(
    (sum, row) => ({
      lent: addTallies(sum.lent, row.lent),
      repaidOnMaturity: addTallies(sum.repaidOnMaturity, row.repaidOnMaturity),
      feeIncome: sum.feeIncome.plus(row.feeIncome),
      lowIncomeHouseholdsServed: sum.lowIncomeHouseholdsServed + row.lowIncomeHouseholdsServed,
      writtenOff: addTallies(sum.writtenOff, row.writtenOff),
    }),
    {
      lent: none,
      repaidOnMaturity: none,
      feeIncome: Money.zero,
      lowIncomeHouseholdsServed: 0,
      writtenOff: none,
    },
  );
  return {
    from,
    to,
    associations: rows,
    totals,
    riskFund: riskFundOf(federationEntries, from, to),
  };
}
