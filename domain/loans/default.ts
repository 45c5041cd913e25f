/**
 * Default handled as a fund would (shared/DOMAIN.md, Protecting the fund): when a loan is
 * written off, the borrower's own shares are set off against the debt, what remains stays on
 * record and recoverable (账销案存), and the guarantors are called, jointly or pro rata by the
 * charter; a household owing a written-off debt, or a guarantor whose call is unpaid, cannot
 * redeem shares (members/shares.ts) or borrow or guarantee again (eligibility.ts).
 *
 * Set-off and recovery order: principal first (it is the fund's capital, the loss the write-off
 * charged to the risk reserve), then the fee, then the penalty fee. Booking: what is recovered
 * of the principal returns to the reserve (Cr 3301); fee and penalty fee are income when
 * received (Cr 4101, 4102), as for any repayment.
 */
import type { BusinessDate } from '../dates.ts';
import { accounts } from '../ledger/chart.ts';
import { balancedEntry, credit, debit, type JournalLine } from '../ledger/journal.ts';
import { lessLoss } from '../ledger/loan-losses.ts';
import type { Member } from '../members/member.ts';
import { channelAccount, type Channel } from '../members/shares.ts';
import { Decimal, Money } from '../money.ts';
import { Refusal } from '../refusal.ts';
import type { Loan } from './loan.ts';
import { loanEntry, type LoanJournalEntry } from './postings.ts';

export type GuarantorLiability = 'joint' | 'pro-rata';

export interface DebtParts {
  principal: Money;
  fee: Money;
  penalty: Money;
}

export interface DebtRecovery {
  id: string;
  on: BusinessDate;
  /** The household that paid: the borrower (its shares, or money) or a guarantor. */
  fromId: string;
  source: 'set-off' | Channel;
  allocation: DebtParts;
  entryId: string;
}

/** 账销案存: the debt of a written-off loan, kept until it is recovered. */
export interface DebtRecord {
  /** What was owed on the day of the write-off. */
  writtenOff: DebtParts;
  /** What is still owed. */
  remaining: DebtParts;
  liability: GuarantorLiability;
  /** Each guarantor's call still unpaid; never more than what remains. */
  calls: { guarantorId: string; amount: Money }[];
  recoveries: DebtRecovery[];
}

export const totalOf = (parts: DebtParts): Money =>
  parts.principal.plus(parts.fee).plus(parts.penalty);

/** Splits an amount over the debt: principal, then fee, then penalty fee. */
export function allocateToDebt(amount: Money, owed: DebtParts): DebtParts {
  const principal = amount.min(owed.principal);
  const fee = amount.minus(principal).min(owed.fee);
  const penalty = amount.minus(principal).minus(fee).min(owed.penalty);
  return { principal, fee, penalty };
}

const minus = (a: DebtParts, b: DebtParts): DebtParts => ({
  principal: a.principal.minus(b.principal),
  fee: a.fee.minus(b.fee),
  penalty: a.penalty.minus(b.penalty),
});

/** Cr 3301 for principal recovered, Cr 4101 for fee, Cr 4102 for penalty fee. */
function recoveryCredits(allocation: DebtParts): JournalLine[] {
  const lines: JournalLine[] = [];
  if (allocation.principal.isPositive()) {
    lines.push(credit(accounts.riskReserve.code, allocation.principal));
  }
  if (allocation.fee.isPositive()) lines.push(credit(accounts.feeIncome.code, allocation.fee));
  if (allocation.penalty.isPositive()) {
    lines.push(credit(accounts.penaltyIncome.code, allocation.penalty));
  }
  return lines;
}

/** Each guarantor's call on `remaining`: the whole of it (joint), or an equal share (pro rata). */
export function guarantorCalls(
  liability: GuarantorLiability,
  guarantorIds: readonly string[],
  remaining: Money,
): { guarantorId: string; amount: Money }[] {
  if (guarantorIds.length === 0 || !remaining.isPositive()) return [];
  if (liability === 'joint')
    return guarantorIds.map((guarantorId) => ({ guarantorId, amount: remaining }));
  const share = Money.exact(
    remaining.value.dividedBy(guarantorIds.length).toDecimalPlaces(2, Decimal.ROUND_DOWN),
  );
  return guarantorIds.map((guarantorId, index) => ({
    guarantorId,
    amount:
      index === guarantorIds.length - 1
        ? remaining.minus(share.times(guarantorIds.length - 1))
        : share,
  }));
}

/** The borrower's own shares after `amount` of them is set off (the share count rounded down). */
function sharesAfterSetOff(member: Member, amount: Money): Member {
  const left = member.ownShareAmount.minus(amount);
  const perShare =
    member.ownShares > 0 ? member.ownShareAmount.value.dividedBy(member.ownShares) : null;
  const ownShares =
    perShare && perShare.isPositive()
      ? Math.min(member.ownShares, left.value.dividedBy(perShare).floor().toNumber())
      : 0;
  return { ...member, ownShares, ownShareAmount: left };
}

const addCall = (member: Member, amount: Money): Member => ({
  ...member,
  guaranteeCalled: (member.guaranteeCalled ?? Money.zero).plus(amount),
});

export interface Defaulted {
  loan: Loan;
  borrower: Member;
  guarantors: Member[];
  /**
   * The write-off's entry with the set-off in it (Dr 3101; the principal set off taken off the
   * loss borne, the fee and penalty Cr 4101, 4102): one entry, so the provision, the reserve
   * and the result bear only what the shares did not cover. Unchanged when nothing was set off.
   */
  entry: LoanJournalEntry;
}

/**
 * The write-off's effect on the households: `written` is the loan just written off, with the
 * position that day (what was owed). Sets off the borrower's shares, records the rest, calls
 * the guarantors; `households` are the borrower and guarantors already freed of the loan.
 */
export function defaultOnWriteOff(
  written: { loan: Loan; entry: LoanJournalEntry; position: { payoff: DebtParts } },
  households: { borrower: Member; guarantors: readonly Member[] },
  liability: GuarantorLiability,
  options: { setOffShares?: boolean } = {},
): Defaulted {
  const { loan, entry } = written;
  const owed = written.position.payoff;
  const setOff =
    options.setOffShares === false
      ? Money.zero
      : households.borrower.ownShareAmount.min(totalOf(owed));
  const allocation = allocateToDebt(setOff, owed);
  const remaining = minus(owed, allocation);
  const calls = guarantorCalls(liability, loan.guarantorIds, totalOf(remaining));
  const recoveries: DebtRecovery[] = setOff.isPositive()
    ? [
        {
          id: 'k001',
          on: entry.date,
          fromId: loan.memberId,
          source: 'set-off',
          allocation,
          entryId: entry.id,
        },
      ]
    : [];
  const debt: DebtRecord = {
    writtenOff: { principal: owed.principal, fee: owed.fee, penalty: owed.penalty },
    remaining,
    liability,
    calls,
    recoveries,
  };
  const borrower = sharesAfterSetOff(households.borrower, setOff);
  const left = totalOf(remaining);
  return {
    loan: { ...loan, debt },
    borrower: { ...borrower, debtOnRecord: (borrower.debtOnRecord ?? Money.zero).plus(left) },
    guarantors: households.guarantors.map((g) =>
      addCall(g, calls.find((c) => c.guarantorId === g.id)?.amount ?? Money.zero),
    ),
    entry: setOff.isPositive()
      ? (balancedEntry({
          ...entry,
          memo: `${entry.memo}；以借款人股金 ${setOff.format()} 抵偿，余欠 ${left.format()} 账销案存`,
          // The principal set off is loss never borne: the entry books only what remains.
          lines: [
            ...lessLoss(entry.lines, allocation.principal),
            debit(accounts.memberShares.code, setOff),
            ...recoveryCredits({ ...allocation, principal: Money.zero }),
          ],
        }) as LoanJournalEntry)
      : entry,
  };
}

export interface RecoveryRequest {
  /** The household paying: the borrower or one of the loan's guarantors. */
  payer: Member;
  amount: Money;
  on: BusinessDate;
  channel: Channel;
  entryId: string;
}

export interface Recovered {
  loan: Loan;
  /** Every household whose record changed: the borrower and the guarantors, the payer among them. */
  households: Member[];
  entry: LoanJournalEntry;
  recovery: DebtRecovery;
}

function requireRecoverable(loan: Loan, request: RecoveryRequest): DebtRecord {
  const debt = loan.debt;
  const owed = debt ? totalOf(debt.remaining) : Money.zero;
  if (!debt || !owed.isPositive()) {
    throw new Refusal('RECOVERY_NOTHING_OWED', `借款 ${loan.id} 没有核销后仍欠的款项`, 'refused', {
      loanId: loan.id,
    });
  }
  if (request.amount.gt(owed)) {
    throw new Refusal(
      'RECOVERY_ABOVE_DEBT',
      `追回 ${request.amount.format()}，超过仍欠的 ${owed.format()}`,
      'refused',
      { owed: owed.toString(), amount: request.amount.toString() },
    );
  }
  const isBorrower = request.payer.id === loan.memberId;
  if (!isBorrower && !loan.guarantorIds.includes(request.payer.id)) {
    throw new Refusal('RECOVERY_PAYER_UNRELATED', '付款户不是该借款的借款人或担保人', 'refused', {
      payerId: request.payer.id,
    });
  }
  return debt;
}

/**
 * A recovery (追回) on a written-off loan, from the borrower or a guarantor: booked Dr cash or
 * bank / Cr 3301, 4101, 4102 (principal, fee, penalty fee); the debt on record falls, and so
 * does every call: the payer's by what it paid, and none above what remains.
 */
export function recoverDebt(
  loan: Loan,
  borrower: Member,
  guarantors: readonly Member[],
  request: RecoveryRequest,
): Recovered {
  const debt = requireRecoverable(loan, request);
  const allocation = allocateToDebt(request.amount, debt.remaining);
  const remaining = minus(debt.remaining, allocation);
  const left = totalOf(remaining);
  const calls = debt.calls.map((call) => {
    const paid = call.guarantorId === request.payer.id ? request.amount : Money.zero;
    return { ...call, amount: Money.zero.max(call.amount.minus(paid)).min(left) };
  });
  const recovery: DebtRecovery = {
    id: `k${String(debt.recoveries.length + 1).padStart(3, '0')}`,
    on: request.on,
    fromId: request.payer.id,
    source: request.channel,
    allocation,
    entryId: request.entryId,
  };
  const callOf = (list: typeof calls, id: string) =>
    list.find((c) => c.guarantorId === id)?.amount ?? Money.zero;
  return {
    loan: {
      ...loan,
      debt: { ...debt, remaining, calls, recoveries: [...debt.recoveries, recovery] },
    },
    households: [
      {
        ...borrower,
        debtOnRecord: Money.zero.max((borrower.debtOnRecord ?? Money.zero).minus(request.amount)),
      },
      ...guarantors.map((g) => addCall(g, callOf(calls, g.id).minus(callOf(debt.calls, g.id)))),
    ],
    entry: loanEntry({
      id: request.entryId,
      loanId: loan.id,
      memberId: request.payer.id,
      date: request.on,
      kind: 'loan-recovery',
      memo: `追回已核销借款 ${loan.id}：${request.payer.name} 付 ${request.amount.format()}`,
      lines: [
        debit(channelAccount[request.channel], request.amount),
        ...recoveryCredits(allocation),
      ],
    }),
    recovery,
  };
}
