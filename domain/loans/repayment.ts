/**
 * Repayments (还款), their reversal (冲正) and write-off (核销).
 *
 * A repayment first pays what is due on its date (installments due, overdue fee, penalty),
 * split in the charter's allocation order (default 加收占用费 → 占用费 → 本金); what is left
 * is an early repayment: the current period's fee to date, then principal not yet due (in due
 * order), and last, only when the charter wants the whole contract fee on an early payoff,
 * the fees of periods not yet run. Any amount up to the payoff amount is accepted, and paying
 * X then Y on the same day is the same as paying X + Y.
 *
 * History stays linear: a repayment may not be dated before the last one, and only the last
 * repayment may be reversed, so each stored allocation stays true for the position.
 */
import { isBusinessDate, type BusinessDate } from '../dates.ts';
import type { JournalLine } from '../ledger/journal.ts';
import type { Channel } from '../members/shares.ts';
import { Money } from '../money.ts';
import { Refusal } from '../refusal.ts';
import {
  activeRepayments,
  type AllocationPart,
  type Loan,
  type LoanRepayment,
  type RepaymentAllocation,
} from './loan.ts';
import { loanPosition, type Amounts, type LoanPosition } from './position.ts';
import { loanEntry, repaymentLines, writeOffLines, type LoanJournalEntry } from './postings.ts';
import {
  bornBy,
  writeOffLossLines,
  type LossCover,
  type LossSettings,
} from '../ledger/loan-losses.ts';

export interface RepaymentQuote {
  allocation: RepaymentAllocation;
  /** Dr cash or bank; Cr loans out, fee income, penalty income (cash basis). */
  lines: JournalLine[];
  /** True when nothing is owed after it. */
  paysOff: boolean;
  /** What was owed to pay the loan off on that date, before this repayment. */
  owed: Amounts;
  /** The position on that date, before this repayment. */
  position: LoanPosition;
}

function requireDate(on: BusinessDate, field: string): void {
  if (typeof on !== 'string' || !isBusinessDate(on)) {
    throw new Refusal('LOAN_DATE_INVALID', '日期不正确', 'invalid', { field, value: on });
  }
}

function requireOpen(loan: Loan): void {
  if (loan.status !== 'open') {
    const what = loan.status === 'paid-off' ? '已结清' : '已核销';
    throw new Refusal('LOAN_CLOSED', `该借款${what}，不能再办理还款或核销`, 'refused', {
      status: loan.status,
      paidOffOn: loan.paidOffOn,
      writtenOffOn: loan.writtenOff?.on,
    });
  }
}

const orderCodes = {
  还款: { before: 'REPAYMENT_BEFORE_DISBURSEMENT', outOfOrder: 'REPAYMENT_OUT_OF_ORDER' },
  核销: { before: 'WRITE_OFF_BEFORE_DISBURSEMENT', outOfOrder: 'WRITE_OFF_OUT_OF_ORDER' },
} as const;

/** Refuses a date before disbursement or before the last repayment (history stays linear). */
function requireInOrder(loan: Loan, on: BusinessDate, action: keyof typeof orderCodes): void {
  const codes = orderCodes[action];
  if (on < loan.disbursedOn) {
    throw new Refusal(
      codes.before,
      `${action}日期不能早于放款日期（${loan.disbursedOn}）`,
      'refused',
      { on, disbursedOn: loan.disbursedOn },
    );
  }
  const last = activeRepayments(loan).at(-1);
  if (last && on < last.on) {
    throw new Refusal(
      codes.outOfOrder,
      `${action}日期不能早于最近一次还款日期（${last.on}）；如前一笔登记有误，请先冲正`,
      'refused',
      { on, lastRepaymentOn: last.on, lastRepaymentId: last.id },
    );
  }
}

/** Splits `amount` paid on `on`; refuses an amount above what pays the loan off that day. */
export function allocateRepayment(
  loan: Loan,
  amount: Money,
  on: BusinessDate,
  channel: Channel = 'cash',
): RepaymentQuote {
  requireDate(on, 'on');
  requireOpen(loan);
  requireInOrder(loan, on, '还款');
  if (!amount.isPositive()) {
    throw new Refusal('REPAYMENT_AMOUNT_INVALID', '还款金额必须大于零', 'invalid', {
      field: 'amount',
      amount: amount.toString(),
    });
  }
  const position = loanPosition(loan, on);
  const owed = position.payoff;
  if (owed.total.isZero()) {
    throw new Refusal('LOAN_CLOSED', '该借款已结清，不能再办理还款', 'refused', {
      status: position.status,
      paidOffOn: position.paidOffOn,
    });
  }
  if (amount.gt(owed.total)) {
    throw new Refusal(
      'REPAYMENT_EXCEEDS_OWED',
      `还款 ${amount.format()} 超过 ${on} 结清所需的 ${owed.total.format()}`,
      'refused',
      {
        amount: amount.toString(),
        owed: owed.total.toString(),
        principal: owed.principal.toString(),
        fee: owed.fee.toString(),
        penalty: owed.penalty.toString(),
      },
    );
  }

  const { dueNow } = position;
  const none = Money.zero;
  // What is due first, then early repayment, then (if the charter says so) the contract fee.
  const stages: Record<AllocationPart, Money>[] = [
    { penalty: dueNow.penalty, fee: dueNow.fee, principal: dueNow.principal },
    {
      penalty: none,
      fee: position.accruedFee.minus(dueNow.fee),
      principal: position.principalOutstanding.minus(dueNow.principal),
    },
    { penalty: none, fee: owed.fee.minus(position.accruedFee), principal: none },
  ];
  const paid: Record<AllocationPart, Money> = { penalty: none, fee: none, principal: none };
  let left = amount;
  for (const stage of stages) {
    for (const part of loan.terms.allocationOrder) {
      const take = left.min(stage[part]);
      paid[part] = paid[part].plus(take);
      left = left.minus(take);
    }
  }
  const allocation: RepaymentAllocation = {
    penaltyFee: paid.penalty,
    fee: paid.fee,
    principal: paid.principal,
  };
  return {
    allocation,
    lines: repaymentLines(allocation, channel),
    paysOff: amount.equals(owed.total),
    owed,
    position,
  };
}

export interface RecordedRepayment {
  loan: Loan;
  repayment: LoanRepayment;
  entry: LoanJournalEntry;
  /**
   * The loan is paid off: the caller releases the household (openLoans − 1) and its
   * guarantors (guaranteesStanding − 1).
   */
  paysOff: boolean;
}

/** Records a repayment: the loan with it appended, and the entry that books it. */
export function recordRepayment(
  loan: Loan,
  request: { id: string; entryId: string; on: BusinessDate; amount: Money; channel: Channel },
): RecordedRepayment {
  if (loan.repayments.some((r) => r.id === request.id)) {
    throw new Refusal('REPAYMENT_DUPLICATE', `还款 ${request.id} 已登记`, 'conflict', {
      repaymentId: request.id,
    });
  }
  const quote = allocateRepayment(loan, request.amount, request.on, request.channel);
  const { allocation } = quote;
  const repayment: LoanRepayment = {
    id: request.id,
    entryId: request.entryId,
    on: request.on,
    amount: request.amount,
    channel: request.channel,
    allocation,
    reversed: false,
  };
  const entry = loanEntry({
    id: request.entryId,
    loanId: loan.id,
    memberId: loan.memberId,
    date: request.on,
    kind: 'loan-repayment',
    memo:
      `借款 ${loan.id} 还款 ${request.amount.format()}（本金 ${allocation.principal.format()}，` +
      `占用费 ${allocation.fee.format()}，加收占用费 ${allocation.penaltyFee.format()}）` +
      (quote.paysOff ? '，结清' : ''),
    lines: quote.lines,
  });
  return {
    loan: {
      ...loan,
      repayments: [...loan.repayments, repayment],
      ...(quote.paysOff ? { status: 'paid-off' as const, paidOffOn: request.on } : {}),
    },
    repayment,
    entry,
    paysOff: quote.paysOff,
  };
}

export interface ReversedRepayment {
  loan: Loan;
  repayment: LoanRepayment;
  /** The reversed repayment had paid the loan off: the household and guarantors are bound again. */
  reopens: boolean;
  /** The position on the reversal date, without the repayment. */
  position: LoanPosition;
}

/**
 * Takes back a mistaken repayment: it stays on the loan, marked reversed, and stops counting.
 * Only the last repayment can be reversed (reverse later ones first), never on a written-off
 * loan. The journal side is reversalOf(the repayment's entry).
 */
export function reverseRepayment(
  loan: Loan,
  repaymentId: string,
  on: BusinessDate,
): ReversedRepayment {
  requireDate(on, 'on');
  const repayment = loan.repayments.find((r) => r.id === repaymentId);
  if (!repayment) {
    throw new Refusal('REPAYMENT_NOT_FOUND', `找不到还款 ${repaymentId}`, 'not-found', {
      repaymentId,
    });
  }
  if (repayment.reversed) {
    throw new Refusal('REPAYMENT_ALREADY_REVERSED', '该笔还款已冲正', 'conflict', {
      repaymentId,
      reversedOn: repayment.reversedOn,
    });
  }
  if (loan.status === 'written-off') {
    throw new Refusal('REVERSAL_AFTER_WRITE_OFF', '该借款已核销，不能冲正核销前的还款', 'refused', {
      writtenOffOn: loan.writtenOff?.on,
    });
  }
  const later = loan.repayments.filter((r) => !r.reversed && r !== repayment);
  const last = activeRepayments(loan).at(-1);
  if (last !== repayment) {
    throw new Refusal('REVERSAL_NOT_LAST', '只能冲正最近一笔还款；请先冲正之后的还款', 'refused', {
      repaymentId,
      laterRepayments: later.filter((r) => r.on >= repayment.on).map((r) => r.id),
    });
  }
  if (on < repayment.on) {
    throw new Refusal('REVERSAL_BEFORE_REPAYMENT', '冲正日期不能早于原还款日期', 'refused', {
      on,
      repaymentOn: repayment.on,
    });
  }
  const reversed: LoanRepayment = { ...repayment, reversed: true, reversedOn: on };
  const reopens = loan.status === 'paid-off';
  const after: Loan = {
    ...loan,
    repayments: loan.repayments.map((r) => (r === repayment ? reversed : r)),
    status: 'open',
    paidOffOn: undefined,
  };
  return { loan: after, repayment: reversed, reopens, position: loanPosition(after, on) };
}

export interface WrittenOffLoan {
  loan: Loan;
  entry: LoanJournalEntry;
  /** The position on the write-off date, just before it (what is forgone). */
  position: LoanPosition;
}

/**
 * 核销: the outstanding principal is charged to the risk reserve (Dr 3301 / Cr 1101). Unpaid
 * fees and penalty were never booked (cash basis), so they need no entry; they are forgone.
 */
/**
 * With `cover` (what the provision and reserves hold, and the charter's order), the loss is
 * borne source by source (domain/ledger/loan-losses.ts); without, by the risk reserve alone.
 */
export function writeOff(
  loan: Loan,
  on: BusinessDate,
  entryId: string,
  cover?: { held: LossCover; afterRiskReserve: LossSettings['afterRiskReserve'] },
): WrittenOffLoan {
  requireDate(on, 'on');
  requireOpen(loan);
  requireInOrder(loan, on, '核销');
  const position = loanPosition(loan, on);
  if (!position.principalOutstanding.isPositive()) {
    throw new Refusal(
      'WRITE_OFF_NOTHING_OUTSTANDING',
      '该借款本金已还清，没有可核销的本金',
      'refused',
      {
        principalOutstanding: position.principalOutstanding.toString(),
        owed: position.payoff.total.toString(),
      },
    );
  }
  const principal = position.principalOutstanding;
  const entry = loanEntry({
    id: entryId,
    loanId: loan.id,
    memberId: loan.memberId,
    date: on,
    kind: 'loan-write-off',
    memo: `核销借款 ${loan.id} 未还本金 ${principal.format()}，${
      cover ? bornBy(principal, cover.held, cover.afterRiskReserve) : '由风险准备金承担'
    }`,
    lines: cover
      ? writeOffLossLines(principal, cover.held, cover.afterRiskReserve)
      : writeOffLines(principal),
  });
  return {
    loan: { ...loan, status: 'written-off', writtenOff: { on, principal, entryId } },
    entry,
    position,
  };
}
