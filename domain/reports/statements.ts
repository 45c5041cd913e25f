/**
 * Statements for the auditor (监事会) and the federation, built from the journal alone:
 *   - the balance sheet (资产负债表) on any date: assets = liabilities + equity + the result not
 *     yet distributed (income less costs still on the books, this year's and earlier years');
 *   - the income statement (收支表) of any period: income and costs booked in it; closing
 *     entries and their reversals are left out, since they move a result rather than earn it;
 *   - a member's statement (会员对账单): shares, loans, repayments, returns on shares.
 */
import type { BusinessDate } from '../dates.ts';
import { accounts, chartOfAccounts, type Account, type AccountType } from '../ledger/chart.ts';
import { balanceChanges } from '../ledger/journal.ts';
import { activeRepayments, type Loan } from '../loans/loan.ts';
import { loanPosition, type LoanStatus } from '../loans/position.ts';
import { Money } from '../money.ts';
import { Refusal } from '../refusal.ts';
import { closingYears, type LedgerEntry, type MemberReturn } from './distribution.ts';

export interface StatementRow {
  code: string;
  name: string;
  /** On the account's normal side: an asset's debit balance, a liability's credit balance. */
  amount: Money;
}

/** Accounts that belong to the federation's books, shown only if an association uses them. */
const federationOnly = new Set<string>([accounts.riskFund.code]);

function signedBalances(entries: Iterable<LedgerEntry>): Map<string, Money> {
  const balances = new Map<string, Money>();
  for (const entry of entries) {
    for (const [code, change] of balanceChanges(entry)) {
      balances.set(code, (balances.get(code) ?? Money.zero).plus(change));
    }
  }
  return balances;
}

function rowsOf(balances: Map<string, Money>, type: AccountType): StatementRow[] {
  const debitNormal = type === 'asset' || type === 'expense';
  return chartOfAccounts
    .filter((account: Account) => account.type === type)
    .map((account) => {
      const signed = balances.get(account.code) ?? Money.zero;
      return {
        code: account.code,
        name: account.name,
        amount: debitNormal ? signed : signed.negated(),
      };
    })
    .filter((row) => !federationOnly.has(row.code) || !row.amount.isZero());
}

const total = (rows: readonly StatementRow[]) => Money.sum(rows.map((r) => r.amount));

function requirePeriod(from: BusinessDate, to: BusinessDate): void {
  if (from > to) {
    throw new Refusal('PERIOD_INVALID', '开始日期不能晚于结束日期', 'invalid', {
      field: 'query.from',
      from,
      to,
    });
  }
}

export interface BalanceSheet {
  asOf: BusinessDate;
  assets: StatementRow[];
  liabilities: StatementRow[];
  equity: StatementRow[];
  /** Income less costs still on the books (not yet closed by a year-end distribution). */
  result: { currentYear: Money; earlierYears: Money; total: Money };
  totals: { assets: Money; liabilities: Money; equity: Money; liabilitiesAndEquity: Money };
  balanced: boolean;
}

/** The balance sheet on `asOf` from every entry dated up to it. */
export function balanceSheet(entries: readonly LedgerEntry[], asOf: BusinessDate): BalanceSheet {
  const upTo = entries.filter((e) => e.date <= asOf);
  const balances = signedBalances(upTo);
  const assets = rowsOf(balances, 'asset');
  const liabilities = rowsOf(balances, 'liability');
  const equity = rowsOf(balances, 'equity');
  const resultOf = (list: Iterable<LedgerEntry>) => {
    const b = signedBalances(list);
    return total(rowsOf(b, 'income')).minus(total(rowsOf(b, 'expense')));
  };
  const year = Number(asOf.slice(0, 4));
  const closings = closingYears(upTo);
  // A closing entry (or its reversal) belongs to the year it closes, whenever it is dated.
  const currentYear = resultOf(
    upTo.filter((e) => (closings.get(e.id) ?? Number(e.date.slice(0, 4))) === year),
  );
  const result = resultOf(upTo);
  const totals = {
    assets: total(assets),
    liabilities: total(liabilities),
    equity: total(equity),
    liabilitiesAndEquity: total(liabilities).plus(total(equity)).plus(result),
  };
  return {
    asOf,
    assets,
    liabilities,
    equity,
    result: { currentYear, earlierYears: result.minus(currentYear), total: result },
    totals,
    balanced: totals.assets.equals(totals.liabilitiesAndEquity),
  };
}

export interface IncomeStatement {
  from: BusinessDate;
  to: BusinessDate;
  income: StatementRow[];
  expenses: StatementRow[];
  totals: { income: Money; expenses: Money };
  result: Money;
  /** For the reader: what the risk reserve bore and received in the period. */
  memo: { writeOffs: Money; riskFundRelief: Money };
}

/** Income and costs booked from..to (inclusive); `entries` must reach back to any closing. */
export function incomeStatement(
  entries: readonly LedgerEntry[],
  from: BusinessDate,
  to: BusinessDate,
): IncomeStatement {
  requirePeriod(from, to);
  const closings = closingYears(entries.filter((e) => e.date <= to));
  const inPeriod = entries.filter((e) => e.date >= from && e.date <= to && !closings.has(e.id));
  const balances = signedBalances(inPeriod);
  const income = rowsOf(balances, 'income');
  const expenses = rowsOf(balances, 'expense');
  const reserveMoves = (kind: LedgerEntry['kind']) =>
    Money.sum(
      inPeriod
        .filter((e) => e.kind === kind && !e.reversedBy)
        .flatMap((e) => e.lines.filter((l) => l.account === accounts.riskReserve.code))
        .map((l) => l.debit.minus(l.credit)),
    );
  return {
    from,
    to,
    income,
    expenses,
    totals: { income: total(income), expenses: total(expenses) },
    result: total(income).minus(total(expenses)),
    memo: {
      writeOffs: reserveMoves('loan-write-off'),
      riskFundRelief: reserveMoves('risk-fund-relief').negated(),
    },
  };
}

export interface Holding {
  own: number;
  ownAmount: Money;
  fiscal: number;
  fiscalAmount: Money;
}

const noHolding: Holding = { own: 0, ownAmount: Money.zero, fiscal: 0, fiscalAmount: Money.zero };

function addHolding(a: Holding, b: Holding): Holding {
  return {
    own: a.own + b.own,
    ownAmount: a.ownAmount.plus(b.ownAmount),
    fiscal: a.fiscal + b.fiscal,
    fiscalAmount: a.fiscalAmount.plus(b.fiscalAmount),
  };
}

/** A posted distribution as the journal keeps it: its entry and each member's return. */
export interface PostedDistribution {
  entryId: string;
  year: number;
  date: BusinessDate;
  reversed: boolean;
  returns: readonly MemberReturn[];
}

export interface MemberStatement {
  memberId: string;
  from: BusinessDate;
  to: BusinessDate;
  shares: {
    opening: Holding;
    movements: {
      date: BusinessDate;
      entryId: string;
      kind: string;
      memo: string;
      change: Holding;
    }[];
    closing: Holding;
  };
  loans: {
    loanId: string;
    disbursedOn: BusinessDate;
    principal: Money;
    status: LoanStatus;
    principalOutstanding: Money;
    overdueDays: number;
    paidOffOn?: BusinessDate;
    writtenOffOn?: BusinessDate;
  }[];
  repayments: {
    on: BusinessDate;
    loanId: string;
    amount: Money;
    principal: Money;
    fee: Money;
    penalty: Money;
  }[];
  distributions: {
    year: number;
    entryId: string;
    date: BusinessDate;
    shareDays: number;
    amount: Money;
    reversed: boolean;
  }[];
  totals: {
    repaid: Money;
    principalRepaid: Money;
    feesPaid: Money;
    penaltiesPaid: Money;
    /** Returns on shares declared in the period, reversed ones left out. */
    distributions: Money;
  };
}

export function memberStatement(input: {
  memberId: string;
  from: BusinessDate;
  to: BusinessDate;
  /** The association's journal up to `to` (the member's share entries are picked from it). */
  entries: readonly LedgerEntry[];
  /** The member's loans. */
  loans: readonly Loan[];
  distributions: readonly PostedDistribution[];
}): MemberStatement {
  const { memberId, from, to } = input;
  requirePeriod(from, to);
  const shareEntries = input.entries
    .filter((e) => e.memberId === memberId && e.shareChange && e.date <= to)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const holdingOf = (e: LedgerEntry): Holding => ({
    own: e.shareChange?.ownShares ?? 0,
    ownAmount: e.shareChange?.ownShareAmount ?? Money.zero,
    fiscal: e.shareChange?.fiscalShares ?? 0,
    fiscalAmount: e.shareChange?.fiscalShareAmount ?? Money.zero,
  });
  const opening = shareEntries
    .filter((e) => e.date < from)
    .map(holdingOf)
    .reduce(addHolding, noHolding);
  const movements = shareEntries
    .filter((e) => e.date >= from)
    .map((e) => ({
      date: e.date,
      entryId: e.id,
      kind: e.kind,
      memo: e.memo,
      change: holdingOf(e),
    }));
  const closing = movements.map((m) => m.change).reduce(addHolding, opening);

  const loans = input.loans
    .filter((loan) => loan.memberId === memberId && loan.disbursedOn <= to)
    .sort((a, b) => (a.disbursedOn < b.disbursedOn ? -1 : a.disbursedOn > b.disbursedOn ? 1 : 0));
  const loanLines = loans.map((loan) => {
    const position = loanPosition(loan, to);
    return {
      loanId: loan.id,
      disbursedOn: loan.disbursedOn,
      principal: loan.principal,
      status: position.status,
      principalOutstanding: position.principalOutstanding,
      overdueDays: position.overdue.days,
      paidOffOn: position.paidOffOn,
      writtenOffOn: position.writtenOff?.on,
    };
  });
  const repayments = loans
    .flatMap((loan) =>
      activeRepayments(loan, to)
        .filter((r) => r.on >= from)
        .map((r) => ({
          on: r.on,
          loanId: loan.id,
          amount: r.amount,
          principal: r.allocation.principal,
          fee: r.allocation.fee,
          penalty: r.allocation.penaltyFee,
        })),
    )
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.loanId < b.loanId ? -1 : 1));

  const distributions = input.distributions
    .filter((d) => d.date >= from && d.date <= to)
    .flatMap((d) =>
      d.returns
        .filter((r) => r.memberId === memberId)
        .map((r) => ({
          year: d.year,
          entryId: d.entryId,
          date: d.date,
          shareDays: r.shareDays,
          amount: r.amount,
          reversed: d.reversed,
        })),
    );
  return {
    memberId,
    from,
    to,
    shares: { opening, movements, closing },
    loans: loanLines,
    repayments,
    distributions,
    totals: {
      repaid: Money.sum(repayments.map((r) => r.amount)),
      principalRepaid: Money.sum(repayments.map((r) => r.principal)),
      feesPaid: Money.sum(repayments.map((r) => r.fee)),
      penaltiesPaid: Money.sum(repayments.map((r) => r.penalty)),
      distributions: Money.sum(distributions.filter((d) => !d.reversed).map((d) => d.amount)),
    },
  };
}
