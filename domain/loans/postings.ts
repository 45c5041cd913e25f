/**
 * The journal lines of loan events: disbursement, repayment, write-off.
 *
 * Fees are booked on a cash basis, as these funds keep their books: a fee or a penalty fee
 * becomes income (占用费收入 4101, 加收占用费收入 4102) when the household pays it, never
 * when it accrues. Accrued fees live only in the loan's position, computed on demand; the
 * fee-receivable account (1102) is therefore not used by loans.
 */
import type { BusinessDate } from '../dates.ts';
import { accounts } from '../ledger/chart.ts';
import {
  balancedEntry,
  credit,
  debit,
  type JournalEntry,
  type JournalLine,
} from '../ledger/journal.ts';
import { channelAccount, type Channel } from '../members/shares.ts';
import { Money } from '../money.ts';
import type { RepaymentAllocation } from './loan.ts';

export type LoanEntryKind =
  'loan-disbursement' | 'loan-repayment' | 'loan-write-off' | 'loan-recovery';

export type LoanJournalEntry = JournalEntry & { kind: LoanEntryKind; loanId: string };

/** 放款: Dr 借出互助金 1101 / Cr 现金 1001 or 银行存款 1002. */
export function disbursementLines(amount: Money, channel: Channel): JournalLine[] {
  return [debit(accounts.loansOut.code, amount), credit(channelAccount[channel], amount)];
}

/**
 * 还款: Dr cash or bank for the whole amount; Cr 1101 for principal, Cr 4101 for the fee,
 * Cr 4102 for the penalty fee (cash basis: income when received). Zero parts get no line.
 */
export function repaymentLines(allocation: RepaymentAllocation, channel: Channel): JournalLine[] {
  const amount = allocation.penaltyFee.plus(allocation.fee).plus(allocation.principal);
  const lines = [debit(channelAccount[channel], amount)];
  if (allocation.principal.isPositive()) {
    lines.push(credit(accounts.loansOut.code, allocation.principal));
  }
  if (allocation.fee.isPositive()) lines.push(credit(accounts.feeIncome.code, allocation.fee));
  if (allocation.penaltyFee.isPositive()) {
    lines.push(credit(accounts.penaltyIncome.code, allocation.penaltyFee));
  }
  return lines;
}

/** 核销: the outstanding principal is borne by the risk reserve: Dr 3301 / Cr 1101. */
export function writeOffLines(principal: Money): JournalLine[] {
  return [debit(accounts.riskReserve.code, principal), credit(accounts.loansOut.code, principal)];
}

export function loanEntry(entry: {
  id: string;
  loanId: string;
  memberId: string;
  date: BusinessDate;
  kind: LoanEntryKind;
  memo: string;
  lines: JournalLine[];
}): LoanJournalEntry {
  return balancedEntry({ ...entry }) as LoanJournalEntry;
}
