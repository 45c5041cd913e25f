/**
 * Year-end distribution (年终收益分配), computed from the journal alone.
 *
 * Books are kept on a cash basis, so a year's result is what its entries booked:
 *   income      4101 占用费收入 + 4102 加收占用费收入 (credits less debits of the year)
 *   costs       5101 管理费用 + 5201 风险基金缴款 (debits less credits of the year)
 *   write-offs  the year's 核销 entries. They were charged to the risk reserve (Dr 3301) when
 *               booked, so the year's income first makes the reserve whole again: "net of
 *               write-offs" means that part is credited back to 3301 before anything is split.
 * Costs are met first from the running-costs part that earlier years set aside (3304 运营费用
 * 准备); only what that reserve cannot cover reduces the year's distributable income:
 *   net          = income − (costs − covered by 3304)
 *   distributable = max(net − write-offs, 0), split by the charter's percentages.
 * The split and the members' returns are both rounded by largest remainder to the 分, so the
 * parts add up exactly. A charter that forbids a return on shares puts that part to capital;
 * so does a year in which no member held shares.
 *
 * Return on shares: pro rata to own shares × days held in the year, from the journal's share
 * entries (入股, 退股). Fiscal shares (配股) are excluded: they belong to the fund, the
 * household only borrows against them. A share counts from the day it is bought and stops on
 * the day it is withdrawn. An entry that was reversed, and its reversal, count as never made.
 *
 * The closing entry, dated 31 December, zeroes the year's income and costs:
 *   Dr 4101, 4102 (the year's income)     Cr 5101, 5201 (the year's costs)
 *   Dr 3304 (costs met from the reserve)  Cr 3301 write-offs made good + risk reserve part
 *                                         Cr 3302 capital, 3303 welfare, 3304 running costs
 *                                         Cr 2202 应付股金分红 (owed to members until paid)
 * In a year whose net income does not cover its write-offs, all of it goes to 3301; a net loss
 * is borne by the risk reserve (Dr 3301), as write-offs are.
 */
import type { Charter } from '../charter.ts';
import { daysBetween, type BusinessDate } from '../dates.ts';
import { accounts, type AccountCode } from '../ledger/chart.ts';
import {
  balanceChanges,
  balancedEntry,
  credit,
  debit,
  type JournalEntry,
  type JournalLine,
} from '../ledger/journal.ts';
import type { ShareChange } from '../members/member.ts';
import { Decimal, largestRemainder, Money } from '../money.ts';
import { Refusal } from '../refusal.ts';

/** A journal entry as stored: share changes and the reversal that undid it, if any. */
export type LedgerEntry = JournalEntry & { shareChange?: ShareChange; reversedBy?: string };

export const splitParts = [
  'riskReserve',
  'capital',
  'welfare',
  'runningCosts',
  'shareReturn',
] as const;
export type SplitPart = (typeof splitParts)[number];

export const splitPartLabels: Record<SplitPart, string> = {
  riskReserve: '风险准备金',
  capital: '公积金（转增资本）',
  welfare: '公益金',
  runningCosts: '运营费用',
  shareReturn: '股金分红',
};

/** A percentage string ("30", "12.5") as a whole-number weight (millionths of a percent). */
function percentWeight(percent: string): bigint {
  return BigInt(new Decimal(percent).times(1_000_000).toFixed(0));
}

const yearStart = (year: number) => `${year}-01-01`;
const yearEnd = (year: number) => `${year}-12-31`;

/**
 * Closing entries and their reversals, each with the year it closes. Reports leave them out
 * of a period's income (they move the result, they do not earn it), and a reversal dated in a
 * later year still belongs to the year it reopens.
 */
export function closingYears(entries: readonly LedgerEntry[]): Map<string, number> {
  const years = new Map<string, number>();
  for (const entry of entries) {
    if (entry.kind === 'year-end-distribution') years.set(entry.id, Number(entry.date.slice(0, 4)));
  }
  for (const entry of entries) {
    const year = entry.reverses ? years.get(entry.reverses) : undefined;
    if (year !== undefined) years.set(entry.id, year);
  }
  return years;
}

/** Own shares × days held in the year, by member (only members who held any). */
export function shareDays(entries: readonly LedgerEntry[], year: number): Map<string, number> {
  const start = yearStart(year);
  const end = `${year + 1}-01-01`;
  const changes = new Map<string, { date: BusinessDate; shares: number }[]>();
  for (const entry of entries) {
    // A mistaken entry and the reversal that undid it never happened, for days held.
    if (!entry.memberId || !entry.shareChange || entry.reversedBy || entry.kind === 'reversal') {
      continue;
    }
    if (entry.shareChange.ownShares === 0 || entry.date >= end) continue;
    const list = changes.get(entry.memberId) ?? [];
    list.push({ date: entry.date, shares: entry.shareChange.ownShares });
    changes.set(entry.memberId, list);
  }
  const result = new Map<string, number>();
  for (const [memberId, list] of changes) {
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    let held = 0;
    let since = start;
    let days = 0;
    for (const change of list) {
      if (change.date > since) {
        days += held * daysBetween(since, change.date);
        since = change.date;
      }
      held += change.shares;
    }
    days += held * daysBetween(since, end);
    if (days > 0) result.set(memberId, days);
  }
  return result;
}

export interface YearFigures {
  fees: Money;
  penaltyFees: Money;
  /** 4103 调剂占用费收入 and 4201 其他收入 (bank interest). */
  otherIncome: Money;
  income: Money;
  managementCosts: Money;
  riskFundContributions: Money;
  /** 5301 贷款损失: write-offs the reserves could not bear, and the provision charged. */
  loanLosses: Money;
  costs: Money;
  writeOffs: Money;
  /** 3304 as earlier years left it, before this year's closing. */
  runningCostsReserve: Money;
}

export interface MemberReturn {
  memberId: string;
  shareDays: number;
  amount: Money;
}

export interface Distribution {
  associationId: string;
  year: number;
  closingDate: BusinessDate;
  figures: YearFigures;
  costsCoveredByReserve: Money;
  /** Income less the costs the reserve did not cover. */
  netIncome: Money;
  /** The part of net income that makes good the year's write-offs (credited to 3301). */
  writeOffsMadeGood: Money;
  /** Net income less write-offs, never below zero: what the charter's percentages split. */
  distributable: Money;
  percentages: Charter['yearEndSplit'];
  parts: Record<SplitPart, Money>;
  /** Why the share part went to capital, when it did. */
  shareReturnToCapital?: 'forbidden-by-charter' | 'no-shares-held';
  /** The whole 3301 line: write-offs made good plus the risk part; negative: a loss borne. */
  riskReserveChange: Money;
  /** A loss neither the reserve nor (charter) 公积金 could bear, left in the result. */
  lossCarriedForward: Money;
  shareDaysTotal: number;
  memberReturns: MemberReturn[];
  lines: JournalLine[];
}

/** Sum of (credit − debit) of `codes` over `entries`. */
function creditSide(entries: readonly LedgerEntry[], codes: readonly AccountCode[]): Money {
  let total = Money.zero;
  for (const entry of entries) {
    for (const [code, change] of balanceChanges(entry)) {
      if (codes.includes(code)) total = total.minus(change);
    }
  }
  return total;
}

/** The year's figures from every entry up to its end, its own closing left out. */
export function yearFigures(entries: readonly LedgerEntry[], year: number): YearFigures {
  const closings = closingYears(entries);
  const upToEnd = entries.filter((e) => e.date <= yearEnd(year) && closings.get(e.id) !== year);
  const inYear = upToEnd.filter((e) => e.date >= yearStart(year) && !closings.has(e.id));
  const fees = creditSide(inYear, [accounts.feeIncome.code]);
  const penaltyFees = creditSide(inYear, [accounts.penaltyIncome.code]);
  const managementCosts = creditSide(inYear, [accounts.managementCosts.code]).negated();
  const riskFundContributions = creditSide(inYear, [accounts.riskFundContributions.code]).negated();
  const otherIncome = creditSide(inYear, otherIncomeCodes);
  const loanLosses = creditSide(inYear, [accounts.loanLosses.code]).negated();
  const writeOffs = Money.sum(
    inYear
      .filter((e) => e.kind === 'loan-write-off' && !e.reversedBy)
      .flatMap((e) => e.lines.filter((l) => l.account === accounts.riskReserve.code))
      .map((l) => l.debit.minus(l.credit)),
  );
  return {
    fees,
    penaltyFees,
    otherIncome,
    income: fees.plus(penaltyFees).plus(otherIncome),
    managementCosts,
    riskFundContributions,
    loanLosses,
    costs: managementCosts.plus(riskFundContributions).plus(loanLosses),
    writeOffs,
    runningCostsReserve: creditSide(upToEnd, [accounts.runningCostsReserve.code]),
  };
}

const otherIncomeCodes: readonly AccountCode[] = [
  accounts.placementIncome.code,
  accounts.otherIncome.code,
];

/**
 * A net loss is borne by the risk reserve, then (charter) by 公积金, as far as each holds at
 * the year end; what they cannot bear stays in the year's result as a loss carried forward
 * (未弥补亏损): that part of 5301 贷款损失, then of 5101 管理费用, is left open.
 */
function lossBorne(
  loss: Money,
  upToEnd: readonly LedgerEntry[],
  afterRiskReserve: Charter['losses']['afterRiskReserve'],
) {
  const heldIn = (code: AccountCode) => {
    const held = creditSide(upToEnd, [code]);
    return held.isPositive() ? held : Money.zero;
  };
  const reserve = loss.min(heldIn(accounts.riskReserve.code));
  const capital =
    afterRiskReserve === 'capital-reserve'
      ? loss.minus(reserve).min(heldIn(accounts.capitalReserve.code))
      : Money.zero;
  return { reserve, capital, carried: loss.minus(reserve).minus(capital) };
}

/** Where a loss carried forward stays open: 5301 first, then 5101, then 5201. */
function leftOpen(carried: Money, figures: YearFigures) {
  let left = carried;
  const take = (cost: Money) => {
    const part = left.min(cost.max(Money.zero));
    left = left.minus(part);
    return part;
  };
  const losses = take(figures.loanLosses);
  const management = take(figures.managementCosts);
  const contributions = take(figures.riskFundContributions);
  return { losses, management, contributions };
}

function upToYearEnd(entries: readonly LedgerEntry[], year: number): LedgerEntry[] {
  const closings = closingYears(entries);
  return entries.filter((e) => e.date <= yearEnd(year) && closings.get(e.id) !== year);
}

/** Closes each other-income account on its own (4103, 4201). */
function closeOtherIncome(upToEnd: readonly LedgerEntry[], year: number): JournalLine[] {
  const closings = closingYears(upToEnd);
  const inYear = upToEnd.filter((e) => e.date >= yearStart(year) && !closings.has(e.id));
  return otherIncomeCodes.flatMap((code) => closeCreditBalance(code, creditSide(inYear, [code])));
}

/** A line that brings an account's year balance to zero: credit-side balance in, debit out. */
function closeCreditBalance(account: AccountCode, balance: Money): JournalLine[] {
  if (balance.isPositive()) return [debit(account, balance)];
  if (balance.isNegative()) return [credit(account, balance.negated())];
  return [];
}

/** Credits a positive amount to the account, debits a negative one. */
const signedCredit = (account: AccountCode, amount: Money): JournalLine[] =>
  closeCreditBalance(account, amount.negated());

export function yearEndDistribution(input: {
  associationId: string;
  year: number;
  charter: Charter;
  /** The association's journal, at least every entry up to 31 December of the year. */
  entries: readonly LedgerEntry[];
}): Distribution {
  const { year, charter } = input;
  const figures = yearFigures(input.entries, year);
  const zero = Money.zero;
  const costsCoveredByReserve =
    figures.costs.isPositive() && figures.runningCostsReserve.isPositive()
      ? figures.costs.min(figures.runningCostsReserve)
      : zero;
  const netIncome = figures.income.minus(figures.costs.minus(costsCoveredByReserve));
  const afterWriteOffs = netIncome.minus(figures.writeOffs);
  const distributable = afterWriteOffs.isPositive() ? afterWriteOffs : zero;
  const writeOffsMadeGood = netIncome.isPositive() ? netIncome.min(figures.writeOffs) : zero;

  const split = charter.yearEndSplit;
  const days = [...shareDays(input.entries, year)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const shareDaysTotal = days.reduce((sum, [, d]) => sum + d, 0);
  const shareReturnToCapital = !charter.shareReturnAllowed
    ? 'forbidden-by-charter'
    : shareDaysTotal === 0
      ? 'no-shares-held'
      : undefined;
  const weights = splitParts.map((part) => percentWeight(split[part]));
  if (shareReturnToCapital) {
    weights[1] = (weights[1] ?? 0n) + (weights[4] ?? 0n);
    weights[4] = 0n;
  }
  const amounts = distributable.isPositive()
    ? largestRemainder(distributable, weights)
    : splitParts.map(() => zero);
  const parts = Object.fromEntries(
    splitParts.map((part, i) => [part, amounts[i] ?? zero]),
  ) as Record<SplitPart, Money>;

  const returns = parts.shareReturn.isPositive()
    ? largestRemainder(
        parts.shareReturn,
        days.map(([, d]) => BigInt(d)),
      )
    : [];
  const memberReturns = days
    .map(([memberId, d], i) => ({ memberId, shareDays: d, amount: returns[i] ?? zero }))
    .filter((r) => r.amount.isPositive());

  const beforeLoss = netIncome
    .minus(parts.capital)
    .minus(parts.welfare)
    .minus(parts.runningCosts)
    .minus(parts.shareReturn);
  const borne = beforeLoss.isNegative()
    ? lossBorne(
        beforeLoss.negated(),
        upToYearEnd(input.entries, year),
        charter.losses.afterRiskReserve,
      )
    : { reserve: zero, capital: zero, carried: zero };
  const riskReserveChange = beforeLoss.isNegative() ? borne.reserve.negated() : beforeLoss;
  const open = leftOpen(borne.carried, figures);
  const lines = [
    ...closeCreditBalance(accounts.feeIncome.code, figures.fees),
    ...closeCreditBalance(accounts.penaltyIncome.code, figures.penaltyFees),
    ...closeOtherIncome(upToYearEnd(input.entries, year), year),
    ...closeCreditBalance(accounts.runningCostsReserve.code, costsCoveredByReserve),
    ...signedCredit(accounts.managementCosts.code, figures.managementCosts.minus(open.management)),
    ...signedCredit(
      accounts.riskFundContributions.code,
      figures.riskFundContributions.minus(open.contributions),
    ),
    ...signedCredit(accounts.loanLosses.code, figures.loanLosses.minus(open.losses)),
    ...signedCredit(accounts.riskReserve.code, riskReserveChange),
    ...signedCredit(accounts.capitalReserve.code, parts.capital.minus(borne.capital)),
    ...signedCredit(accounts.welfareFund.code, parts.welfare),
    ...signedCredit(accounts.runningCostsReserve.code, parts.runningCosts),
    ...signedCredit(accounts.shareReturnsPayable.code, parts.shareReturn),
  ];
  if (lines.length === 0) {
    throw new Refusal(
      'DISTRIBUTION_NOTHING_TO_CLOSE',
      `${year} 年没有占用费收入，也没有费用，无需年终分配`,
      'refused',
      { year },
    );
  }
  return {
    associationId: input.associationId,
    year,
    closingDate: yearEnd(year),
    figures,
    costsCoveredByReserve,
    netIncome,
    writeOffsMadeGood,
    distributable,
    percentages: split,
    parts,
    shareReturnToCapital,
    riskReserveChange,
    lossCarriedForward: borne.carried,
    shareDaysTotal,
    memberReturns,
    lines,
  };
}

/** The closing entry of a distribution, dated 31 December of its year. */
export function distributionEntry(distribution: Distribution, entryId: string): JournalEntry {
  return balancedEntry({
    id: entryId,
    date: distribution.closingDate,
    kind: 'year-end-distribution',
    memo: `${distribution.year} 年度年终结账及收益分配（可分配收益 ${distribution.distributable.format()}）`,
    lines: distribution.lines,
  });
}
