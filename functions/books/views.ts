/** Journal entries and trial balances as the API shows them. */
import type { z } from 'zod';
import { accountByCode } from '#domain/ledger/chart.ts';
import type { TrialBalance } from '#domain/ledger/trial-balance.ts';
import type { StoredEntry } from '../store/journal.ts';
import type { entryView, trialBalanceView } from '#api/books.ts';

export function viewEntry(entry: StoredEntry): z.infer<typeof entryView> {
  return {
    id: entry.id,
    date: entry.date,
    kind: entry.kind,
    memo: entry.memo,
    memberId: entry.memberId,
    reverses: entry.reverses,
    reversedBy: entry.reversedBy,
    ...(entry.voucher ? { voucher: { ...entry.voucher } } : {}),
    lines: entry.lines.map((line) => ({
      account: line.account,
      accountName: accountByCode(line.account).name,
      debit: line.debit.toString(),
      credit: line.credit.toString(),
    })),
    recordedBy: entry.recordedBy,
    recordedAt: entry.recordedAt,
  };
}

export function viewTrialBalance(
  associationId: string,
  balances: TrialBalance,
  asOf?: string,
): z.infer<typeof trialBalanceView> {
  return {
    associationId,
    asOf,
    accounts: balances.rows.map((row) => ({
      code: row.account.code,
      name: row.account.name,
      type: row.account.type,
      debit: row.debit.toString(),
      credit: row.credit.toString(),
    })),
    totals: { debit: balances.debit.toString(), credit: balances.credit.toString() },
    balanced: balances.balanced,
  };
}
