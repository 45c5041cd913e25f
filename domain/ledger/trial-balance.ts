/** The trial balance: every account on its debit or credit side; the two sides are equal. */
import { Money } from '../money.ts';
import { chartOfAccounts, type Account, type AccountCode } from './chart.ts';
import { balanceChanges, type JournalEntry } from './journal.ts';

export interface TrialBalanceRow {
  account: Account;
  debit: Money;
  credit: Money;
}

export interface TrialBalance {
  rows: TrialBalanceRow[];
  debit: Money;
  credit: Money;
  balanced: boolean;
}

/** Signed balances (debit − credit) summed from entries: the journal is the truth. */
export function balancesFromEntries(
  entries: Iterable<Pick<JournalEntry, 'lines'>>,
): Map<AccountCode, Money> {
  const balances = new Map<AccountCode, Money>();
  for (const entry of entries) {
    for (const [code, change] of balanceChanges(entry)) {
      balances.set(code, (balances.get(code) ?? Money.zero).plus(change));
    }
  }
  return balances;
}

export function trialBalance(balances: Map<AccountCode, Money>): TrialBalance {
  const rows = chartOfAccounts.map((account) => {
    const balance = balances.get(account.code as AccountCode) ?? Money.zero;
    return {
      account,
      debit: balance.isPositive() ? balance : Money.zero,
      credit: balance.isNegative() ? balance.negated() : Money.zero,
    };
  });
  const debit = Money.sum(rows.map((r) => r.debit));
  const credit = Money.sum(rows.map((r) => r.credit));
  return { rows, debit, credit, balanced: debit.equals(credit) };
}
