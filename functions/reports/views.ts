/** The reports as the API shows them: amounts as two-decimal strings. */
import type { z } from 'zod';
import { accountByCode } from '#domain/ledger/chart.ts';
import type { Member } from '#domain/members/member.ts';
import { maskIdNumber } from '#domain/members/household.ts';
import { Money } from '#domain/money.ts';
import type { Distribution } from '#domain/reports/distribution.ts';
import type {
  BalanceSheet,
  Holding,
  IncomeStatement,
  MemberStatement,
  StatementRow,
} from '#domain/reports/statements.ts';
import type { DistributionClaim } from '../store/reports.ts';
import type {
  balanceSheetView,
  distributionView,
  incomeStatementView,
  memberStatementView,
} from '#api/reports.ts';

const text = (amount: Money) => amount.toString();
const rows = (list: StatementRow[]) =>
  list.map((r) => ({ code: r.code, name: r.name, amount: text(r.amount) }));
const mapValues = <T extends Record<string, Money>>(record: T) =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, text(v)])) as Record<
    keyof T,
    string
  >;

export function viewDistribution(
  d: Distribution,
  context: {
    yearEnded: boolean;
    claim?: DistributionClaim;
    names: ReadonlyMap<string, string>;
  },
): z.infer<typeof distributionView> {
  return {
    associationId: d.associationId,
    year: d.year,
    closingDate: d.closingDate,
    yearEnded: context.yearEnded,
    posted: context.claim && {
      entryId: context.claim.entryId,
      postedBy: context.claim.postedBy,
      postedAt: context.claim.postedAt,
    },
    income: {
      fees: text(d.figures.fees),
      penaltyFees: text(d.figures.penaltyFees),
      total: text(d.figures.income),
    },
    costs: {
      managementCosts: text(d.figures.managementCosts),
      riskFundContributions: text(d.figures.riskFundContributions),
      total: text(d.figures.costs),
      coveredByRunningCostsReserve: text(d.costsCoveredByReserve),
    },
    runningCostsReserveBefore: text(d.figures.runningCostsReserve),
    writeOffs: text(d.figures.writeOffs),
    netIncome: text(d.netIncome),
    writeOffsMadeGood: text(d.writeOffsMadeGood),
    distributable: text(d.distributable),
    percentages: d.percentages,
    parts: mapValues(d.parts),
    shareReturnToCapital: d.shareReturnToCapital,
    riskReserveChange: text(d.riskReserveChange),
    shareDaysTotal: d.shareDaysTotal,
    memberReturns: d.memberReturns.map((r) => ({
      memberId: r.memberId,
      name: context.names.get(r.memberId) ?? '',
      shareDays: r.shareDays,
      amount: text(r.amount),
    })),
    lines: d.lines.map((l) => ({
      account: l.account,
      accountName: accountByCode(l.account).name,
      debit: text(l.debit),
      credit: text(l.credit),
    })),
  };
}

export function viewBalanceSheet(
  associationId: string,
  sheet: BalanceSheet,
): z.infer<typeof balanceSheetView> {
  return {
    associationId,
    asOf: sheet.asOf,
    assets: rows(sheet.assets),
    liabilities: rows(sheet.liabilities),
    equity: rows(sheet.equity),
    result: mapValues(sheet.result),
    totals: mapValues(sheet.totals),
    balanced: sheet.balanced,
  };
}

export function viewIncomeStatement(
  associationId: string,
  statement: IncomeStatement,
): z.infer<typeof incomeStatementView> {
  return {
    associationId,
    from: statement.from,
    to: statement.to,
    income: rows(statement.income),
    expenses: rows(statement.expenses),
    totals: mapValues(statement.totals),
    result: text(statement.result),
    memo: mapValues(statement.memo),
  };
}

const holding = (h: Holding) => ({
  own: h.own,
  ownAmount: text(h.ownAmount),
  fiscal: h.fiscal,
  fiscalAmount: text(h.fiscalAmount),
});

export function viewMemberStatement(
  member: Member,
  statement: MemberStatement,
): z.infer<typeof memberStatementView> {
  return {
    associationId: member.associationId,
    member: {
      id: member.id,
      name: member.name,
      idNumber: maskIdNumber(member.idNumber),
      status: member.status,
      joinedOn: member.joinedOn,
    },
    from: statement.from,
    to: statement.to,
    shares: {
      opening: holding(statement.shares.opening),
      movements: statement.shares.movements.map((m) => ({ ...m, change: holding(m.change) })),
      closing: holding(statement.shares.closing),
    },
    loans: statement.loans.map((l) => ({
      ...l,
      principal: text(l.principal),
      principalOutstanding: text(l.principalOutstanding),
    })),
    repayments: statement.repayments.map((r) => ({
      on: r.on,
      loanId: r.loanId,
      amount: text(r.amount),
      principal: text(r.principal),
      fee: text(r.fee),
      penalty: text(r.penalty),
    })),
    distributions: statement.distributions.map((d) => ({ ...d, amount: text(d.amount) })),
    totals: mapValues(statement.totals),
  };
}

/** Any report with its amounts as strings: the 公示 as data, the same figures as its page. */
export function plain(value: unknown): unknown {
  if (value instanceof Money) return text(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}
