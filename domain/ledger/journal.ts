/**
 * Journal entries: every business event is one balanced entry; entries are never edited or
 * deleted, and a mistake is undone by a reversal entry that points at the original.
 */
import type { BusinessDate } from '../dates.ts';
import { Money } from '../money.ts';
import { Refusal } from '../refusal.ts';
import { accountByCode, isDebitNormal, type AccountCode } from './chart.ts';

export interface JournalLine {
  account: AccountCode;
  debit: Money;
  credit: Money;
}

export type EntryKind =
  | 'share-purchase'
  | 'fiscal-share-grant'
  | 'share-redemption'
  | 'capital'
  | 'loan-disbursement'
  | 'loan-repayment'
  | 'loan-write-off'
  // 账销案存: shares set off and money recovered on a written-off loan (loans/default.ts).
  | 'loan-recovery'
  | 'reversal'
  // 资金余缺调剂 and the risk fund (domain/federation/).
  | 'liquidity-transfer'
  | 'liquidity-repayment'
  | 'risk-fund-contribution'
  | 'risk-fund-relief'
  // Year-end closing and distribution (domain/reports/distribution.ts).
  | 'year-end-distribution'
  // 贴息 received from the county and paid out to households (domain/subsidy/receipt.ts).
  | 'subsidy-receipt'
  | 'subsidy-payout'
  // Money that leaves or enters the books otherwise (domain/ledger/operating-entries.ts).
  | 'running-cost'
  | 'other-income'
  | 'share-return-payout'
  | 'welfare-spending'
  | 'collateral-proceeds'
  | 'loan-loss-provision';

/** The voucher an entry is booked from (原始凭证): its number, counterparty, attachments. */
export interface Voucher {
  number: string;
  counterparty?: string;
  attachments: number;
}

export interface JournalEntry {
  id: string;
  date: BusinessDate;
  kind: EntryKind;
  memo: string;
  lines: JournalLine[];
  /** The member the event concerns, if any. */
  memberId?: string;
  /** The loan the event concerns, if any. */
  loanId?: string;
  /** On a reversal: the entry it undoes. */
  reverses?: string;
  /** The voucher it was booked from, when the route takes one. */
  voucher?: Voucher;
}

export const debit = (account: AccountCode, amount: Money): JournalLine => ({
  account,
  debit: amount,
  credit: Money.zero,
});

export const credit = (account: AccountCode, amount: Money): JournalLine => ({
  account,
  debit: Money.zero,
  credit: amount,
});

/** Builds an entry and proves it balances; a broken posting rule fails loudly, never posts. */
export function balancedEntry(entry: JournalEntry): JournalEntry {
  if (entry.lines.length < 2) throw new Error(`entry ${entry.kind} has fewer than two lines`);
  for (const line of entry.lines) {
    accountByCode(line.account);
    if (line.debit.isNegative() || line.credit.isNegative()) {
      throw new Error(`entry ${entry.kind} has a negative line`);
    }
  }
  const debits = Money.sum(entry.lines.map((l) => l.debit));
  const credits = Money.sum(entry.lines.map((l) => l.credit));
  if (!debits.equals(credits) || debits.isZero()) {
    throw new Error(`entry ${entry.kind} does not balance: ${debits} ≠ ${credits}`);
  }
  return entry;
}

/** Signed change of each account (debit minus credit) that an entry makes. */
export function balanceChanges(entry: Pick<JournalEntry, 'lines'>): Map<AccountCode, Money> {
  const changes = new Map<AccountCode, Money>();
  for (const line of entry.lines) {
    const change = (changes.get(line.account) ?? Money.zero).plus(line.debit).minus(line.credit);
    changes.set(line.account, change);
  }
  return changes;
}

/** True when the change moves the account against its normal side (cash out, shares repaid). */
export function reducesAccount(account: AccountCode, change: Money): boolean {
  const debitNormal = isDebitNormal(accountByCode(account));
  return debitNormal ? change.isNegative() : change.isPositive();
}

/** The entry that undoes `original`: same accounts, debits and credits swapped. */
export function reversalOf(
  original: JournalEntry,
  id: string,
  date: BusinessDate,
  reason: string,
): JournalEntry {
  if (original.kind === 'reversal') {
    throw new Refusal('REVERSAL_OF_REVERSAL', '冲正凭证不能再次冲正；如需恢复，请重新登记原业务');
  }
  if (date < original.date) {
    throw new Refusal('REVERSAL_BEFORE_ORIGINAL', '冲正日期不能早于原凭证日期', 'refused', {
      originalDate: original.date,
    });
  }
  return balancedEntry({
    id,
    date,
    kind: 'reversal',
    memo: `冲正 ${original.id}：${reason}`,
    memberId: original.memberId,
    loanId: original.loanId,
    reverses: original.id,
    lines: original.lines.map((line) => ({
      account: line.account,
      debit: line.credit,
      credit: line.debit,
    })),
  });
}
