/**
 * 资金余缺调剂 (shared/DOMAIN.md, Federation rules): a plan of transfers from associations
 * with spare cash to associations short of it, approved by the supervisor, booked in both
 * associations' ledgers and repaid like a loan. The federation itself never lends to
 * households: every posting rule here goes through `federationPosting`, which refuses to
 * touch loans out (1101).
 *
 * Postings (transfers move through the bank account):
 *   approval   lender   Dr 1201 调剂拆出资金        Cr 1002 银行存款
 *              borrower Dr 1002 银行存款            Cr 2101 调剂拆入资金
 *   repayment  borrower Dr 2101 (principal) + Dr 5101 管理费用 (fee)   Cr 1002
 *              lender   Dr 1002                     Cr 1201 (principal) + Cr 4101 占用费收入 (fee)
 */
import { addMonths, daysBetween, type BusinessDate } from '../dates.ts';
import { accounts } from '../ledger/chart.ts';
import {
  balancedEntry,
  credit,
  debit,
  type JournalEntry,
  type JournalLine,
} from '../ledger/journal.ts';
import { Money } from '../money.ts';
import { parseRate, type RateWording } from '../rate.ts';
import { Refusal } from '../refusal.ts';
import { planTransfers } from './liquidity.ts';
import { fundOf, percentOf, type FederationSettings } from './settings.ts';

/** Accounts only an association's lending to households may touch. */
export const householdLendingAccounts: readonly string[] = [accounts.loansOut.code];

/** Every federation posting rule ends here: balanced, and never a loan to a household. */
export function federationPosting(entry: JournalEntry): JournalEntry {
  const touched = entry.lines.find((line) => householdLendingAccounts.includes(line.account));
  if (touched) throw new Error(`federation entry ${entry.kind} touches ${touched.account}`);
  return balancedEntry({ ...entry, lines: entry.lines.filter((line) => !isEmptyLine(line)) });
}

const missingEntryId = (aid: string): never => {
  throw new Error(`no entry id for ${aid}`);
};

const isEmptyLine = (line: JournalLine) => line.debit.isZero() && line.credit.isZero();

/** An association's cash position as a plan saw it; the approval re-checks cash and bank. */
export interface PlanPosition {
  associationId: string;
  /** 1001 现金. */
  cashOnHand: Money;
  /** 1002 银行存款. */
  bank: Money;
  fund: Money;
  /** 1201 调剂拆出资金 already out. */
  placed: Money;
  reserveFloor: Money;
  demand: Money;
  placementCap: Money;
}

/**
 * The position planTransfers needs, from live balances (signed, debit − credit). What an
 * association may place is its cap share of the fund less what it has already placed, and
 * never more than its bank balance, because transfers move through the bank.
 */
export function positionOf(
  associationId: string,
  balances: ReadonlyMap<string, Money>,
  demand: Money,
  settings: FederationSettings,
): PlanPosition {
  const balance = (code: string) => balances.get(code) ?? Money.zero;
  const fund = fundOf(balances).max(Money.zero);
  const bank = balance(accounts.bank.code);
  const placed = balance(accounts.placements.code);
  return {
    associationId,
    cashOnHand: balance(accounts.cash.code),
    bank,
    fund,
    placed,
    reserveFloor: percentOf(fund, settings.reserveFloorPercent),
    demand,
    placementCap: percentOf(fund, settings.placementCapPercent)
      .minus(placed)
      .min(bank)
      .max(Money.zero),
  };
}

export const cashOf = (position: Pick<PlanPosition, 'cashOnHand' | 'bank'>) =>
  position.cashOnHand.plus(position.bank);

export interface PlannedTransfer {
  id: string;
  from: string;
  to: string;
  amount: Money;
}

export interface LiquidityPlan {
  id: string;
  federationId: string;
  on: BusinessDate;
  status: 'proposed' | 'approved';
  feeRate: RateWording;
  termMonths: number;
  positions: PlanPosition[];
  transfers: PlannedTransfer[];
  shortfalls: { associationId: string; amount: Money }[];
  approvedOn?: BusinessDate;
}

/**
 * A plan whose approval cannot be written at once (the store counts what it writes): the
 * federation splits it into smaller plans.
 */
export function planTooLarge(transfers: number, items: number, limit: number): Refusal {
  return new Refusal(
    'PLAN_TOO_LARGE',
    `调剂方案涉及 ${transfers} 笔划拨，超过一次审批可执行的上限；请分批制定方案`,
    'refused',
    { transfers, items, limit },
  );
}

export function proposePlan(request: {
  id: string;
  federationId: string;
  on: BusinessDate;
  positions: PlanPosition[];
  settings: FederationSettings;
}): LiquidityPlan {
  const proposal = planTransfers({
    associations: request.positions.map((p) => ({
      id: p.associationId,
      cash: cashOf(p).toString(),
      reserveFloor: p.reserveFloor.toString(),
      demand: p.demand.toString(),
      placementCap: p.placementCap.toString(),
    })),
  });
  const transfers = proposal.transfers.map((t, i) => ({
    id: `${request.id}-${String(i + 1).padStart(2, '0')}`,
    from: t.from,
    to: t.to,
    amount: Money.of(t.amount),
  }));
  return {
    id: request.id,
    federationId: request.federationId,
    on: request.on,
    status: 'proposed',
    feeRate: request.settings.transferFee,
    termMonths: request.settings.transferTermMonths,
    positions: request.positions,
    transfers,
    shortfalls: proposal.shortfalls.map((s) => ({
      associationId: s.id,
      amount: Money.of(s.amount),
    })),
  };
}

export interface TransferRepayment {
  on: BusinessDate;
  amount: Money;
  fee: Money;
  principal: Money;
  /** Days of fee this repayment settled. */
  days: number;
  borrowerEntryId: string;
  lenderEntryId: string;
}

/** A transfer once approved: repaid like a loan. */
export interface LiquidityTransfer {
  id: string;
  planId: string;
  federationId: string;
  from: string;
  to: string;
  amount: Money;
  feeRate: RateWording;
  termMonths: number;
  startsOn: BusinessDate;
  dueOn: BusinessDate;
  outstanding: Money;
  /** Fee is settled up to this date (the start, then each repayment). */
  feeAccruedTo: BusinessDate;
  /** Fee settled but not paid: a repayment smaller than the fee due leaves the rest here. */
  feeArrears: Money;
  feePaid: Money;
  status: 'open' | 'repaid';
  repayments: TransferRepayment[];
  version: number;
}

/** The answer when an association's cash moved between the plan and its approval. */
export const planStale = (associationId: string) =>
  new Refusal(
    'PLAN_STALE',
    '方案制定后互助会的现金或银行存款已变动，请重新制定调剂方案',
    'conflict',
    { associationId },
  );

/**
 * Executes a plan: one entry per association involved (an association lending to two
 * borrowers has one balance update per account, as one transaction needs), and the transfers.
 * `current` holds each involved association's cash and bank now; any change since the plan
 * was made refuses it as stale rather than executing figures nobody approved.
 */
export function approvePlan(
  plan: LiquidityPlan,
  request: {
    on: BusinessDate;
    current: ReadonlyMap<string, Pick<PlanPosition, 'cashOnHand' | 'bank'>>;
    entryIds: ReadonlyMap<string, string>;
  },
): { plan: LiquidityPlan; entries: Map<string, JournalEntry>; transfers: LiquidityTransfer[] } {
  if (plan.status !== 'proposed') {
    throw new Refusal('PLAN_ALREADY_APPROVED', '该调剂方案已审批执行，不能再次执行', 'conflict', {
      approvedOn: plan.approvedOn,
    });
  }
  if (request.on < plan.on) {
    throw new Refusal('APPROVAL_BEFORE_PLAN', '审批日期不能早于方案日期', 'refused', {
      field: 'on',
      planOn: plan.on,
    });
  }
  if (plan.transfers.length === 0) {
    throw new Refusal('PLAN_EMPTY', '该调剂方案没有需要划拨的资金', 'refused');
  }
  const snapshot = new Map(plan.positions.map((p) => [p.associationId, p]));
  const lines = new Map<string, JournalLine[]>();
  const add = (aid: string, ...added: JournalLine[]) =>
    lines.set(aid, [...(lines.get(aid) ?? []), ...added]);
  for (const t of plan.transfers) {
    add(t.from, debit(accounts.placements.code, t.amount), credit(accounts.bank.code, t.amount));
    add(t.to, debit(accounts.bank.code, t.amount), credit(accounts.borrowings.code, t.amount));
  }
  for (const aid of lines.keys()) {
    const then = snapshot.get(aid);
    const now = request.current.get(aid);
    if (!then || !now || !then.cashOnHand.equals(now.cashOnHand) || !then.bank.equals(now.bank)) {
      throw planStale(aid);
    }
  }

  const entries = new Map<string, JournalEntry>();
  for (const [aid, entryLines] of lines) {
    const ids = plan.transfers.filter((t) => t.from === aid || t.to === aid).map((t) => t.id);
    entries.set(
      aid,
      federationPosting({
        id: request.entryIds.get(aid) ?? missingEntryId(aid),
        date: request.on,
        kind: 'liquidity-transfer',
        memo: `资金余缺调剂 ${ids.join('、')}`,
        lines: entryLines,
      }),
    );
  }
  const dueOn = addMonths(request.on, plan.termMonths);
  const transfers = plan.transfers.map((t): LiquidityTransfer => ({
    id: t.id,
    planId: plan.id,
    federationId: plan.federationId,
    from: t.from,
    to: t.to,
    amount: t.amount,
    feeRate: plan.feeRate,
    termMonths: plan.termMonths,
    startsOn: request.on,
    dueOn,
    outstanding: t.amount,
    feeAccruedTo: request.on,
    feeArrears: Money.zero,
    feePaid: Money.zero,
    status: 'open',
    repayments: [],
    version: 1,
  }));
  return { plan: { ...plan, status: 'approved', approvedOn: request.on }, entries, transfers };
}

/** Day basis of the 调剂 fee: actual days over a 365-day year. */
export const feeDayBasis = 365;

/**
 * The fee owed on `on`: what earlier repayments left unpaid, plus the fee on the outstanding
 * principal since it was last settled: principal × annual rate × days / 365, rounded half-up
 * to the 分 once per settlement; and what pays the transfer off that day.
 */
export function transferFeeDue(transfer: LiquidityTransfer, on: BusinessDate) {
  const days = daysBetween(transfer.feeAccruedTo, on);
  if (days < 0) {
    throw new Refusal('REPAYMENT_BEFORE_LAST', '还款日期不能早于上次结息日期', 'refused', {
      field: 'on',
      feeAccruedTo: transfer.feeAccruedTo,
    });
  }
  const annual = parseRate(transfer.feeRate).annual;
  const accrued = Money.round(
    transfer.outstanding.value.times(annual).times(days).div(feeDayBasis),
  );
  const due = transfer.feeArrears.plus(accrued);
  return { days, accrued, due, payable: due.plus(transfer.outstanding) };
}

/** A repayment of a transfer: fee first, then principal; overpaying is refused. */
export function repayTransfer(
  transfer: LiquidityTransfer,
  request: { amount: Money; on: BusinessDate; borrowerEntryId: string; lenderEntryId: string },
): {
  transfer: LiquidityTransfer;
  repayment: TransferRepayment;
  borrowerEntry: JournalEntry;
  lenderEntry: JournalEntry;
} {
  if (transfer.status === 'repaid') {
    throw new Refusal('TRANSFER_REPAID', '该笔调剂资金已还清', 'refused');
  }
  const { days, due, payable } = transferFeeDue(transfer, request.on);
  if (request.amount.gt(payable)) {
    throw new Refusal(
      'TRANSFER_OVERPAID',
      `还款 ${request.amount.format()} 超过应还 ${payable.format()}`,
      'refused',
      {
        field: 'amount',
        payable: payable.toString(),
        fee: due.toString(),
        principal: transfer.outstanding.toString(),
      },
    );
  }
  const fee = request.amount.min(due);
  const principal = request.amount.minus(fee);
  const base = { date: request.on, kind: 'liquidity-repayment' as const };
  const borrowerEntry = federationPosting({
    ...base,
    id: request.borrowerEntryId,
    memo: `归还调剂资金 ${transfer.id}（本金 ${principal}，占用费 ${fee}）`,
    lines: [
      debit(accounts.borrowings.code, principal),
      debit(accounts.managementCosts.code, fee),
      credit(accounts.bank.code, request.amount),
    ],
  });
  const lenderEntry = federationPosting({
    ...base,
    id: request.lenderEntryId,
    memo: `收回调剂资金 ${transfer.id}（本金 ${principal}，占用费 ${fee}）`,
    lines: [
      debit(accounts.bank.code, request.amount),
      credit(accounts.placements.code, principal),
      credit(accounts.feeIncome.code, fee),
    ],
  });
  const repayment: TransferRepayment = {
    on: request.on,
    amount: request.amount,
    fee,
    principal,
    days,
    borrowerEntryId: request.borrowerEntryId,
    lenderEntryId: request.lenderEntryId,
  };
  const outstanding = transfer.outstanding.minus(principal);
  const feeArrears = due.minus(fee);
  return {
    transfer: {
      ...transfer,
      outstanding,
      feeAccruedTo: request.on,
      feeArrears,
      feePaid: transfer.feePaid.plus(fee),
      status: outstanding.isZero() && feeArrears.isZero() ? 'repaid' : 'open',
      repayments: [...transfer.repayments, repayment],
      version: transfer.version + 1,
    },
    repayment,
    borrowerEntry,
    lenderEntry,
  };
}
