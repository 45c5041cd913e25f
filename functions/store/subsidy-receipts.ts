/**
 * 贴息 receipts: one item per claim period, ASSOC#<aid> / SUBSIDY#<period>, holding its share
 * per loan and the payouts (rows as JSON text, amounts as decimal strings), and a version that
 * guards every change. Recording a receipt also takes the association's subsidyReceiptSeq, so
 * two receipts for overlapping periods (2026Q3, 2026-08) cannot both pass the overlap check.
 */
import type { Channel } from '#domain/members/shares.ts';
import { Money } from '#domain/money.ts';
import type { JournalEntry } from '#domain/ledger/journal.ts';
import { Refusal } from '#domain/refusal.ts';
import {
  undoSubsidyEntry,
  type SubsidyReceipt,
  type SubsidyReceiptRow,
} from '#domain/subsidy/receipt.ts';
import type { Store } from './client.ts';
import { counterWrite, newItemWrite, versionedPut } from './guarded-writes.ts';
import { countFrom } from './numbers.ts';
import { keys } from './table-definition.ts';
import type { GuardedWrite } from './write-once.ts';
import { queryAll } from './query-all.ts';

export type StoredReceipt = SubsidyReceipt & {
  version: number;
  recordedBy: string;
  recordedAt: string;
};

/** The receipt as plain JSON, amounts as decimal strings: what is stored and what is shown. */
export function plainReceipt(receipt: StoredReceipt) {
  return {
    associationId: receipt.associationId,
    period: receipt.period,
    from: receipt.from,
    to: receipt.to,
    receivedOn: receipt.receivedOn,
    channel: receipt.channel,
    claimed: receipt.claimed.toString(),
    amount: receipt.amount.toString(),
    entryId: receipt.entryId,
    rows: receipt.rows.map((row) => ({
      loanId: row.loanId,
      memberId: row.memberId,
      borrower: row.borrower,
      claimed: row.claimed.toString(),
      received: row.received.toString(),
      ...(row.paidOut ? { paidOut: row.paidOut } : {}),
    })),
    recordedBy: receipt.recordedBy,
    recordedAt: receipt.recordedAt,
  };
}

function receiptItem(receipt: StoredReceipt): Record<string, unknown> {
  const plain = plainReceipt(receipt);
  return {
    ...keys.subsidyReceipt(receipt.associationId, receipt.period),
    kind: 'subsidy-receipt',
    ...plain,
    rows: JSON.stringify(plain.rows),
    version: receipt.version,
  };
}

export function receiptFromItem(item: Record<string, unknown>): StoredReceipt {
  const rows = JSON.parse(String(item.rows)) as (Omit<SubsidyReceiptRow, 'claimed' | 'received'> & {
    claimed: string;
    received: string;
  })[];
  return {
    associationId: String(item.associationId),
    period: String(item.period),
    from: String(item.from),
    to: String(item.to),
    receivedOn: String(item.receivedOn),
    channel: item.channel as Channel,
    claimed: Money.of(String(item.claimed)),
    amount: Money.of(String(item.amount)),
    entryId: String(item.entryId),
    rows: rows.map((row) => ({
      ...row,
      claimed: Money.of(row.claimed),
      received: Money.of(row.received),
    })),
    version: countFrom(item.version),
    recordedBy: String(item.recordedBy),
    recordedAt: String(item.recordedAt),
  };
}

/** Every receipt of the association, oldest period first (a handful a year). */
export async function loadReceipts(store: Store, aid: string): Promise<StoredReceipt[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :subsidy)',
    ExpressionAttributeValues: { ':pk': `ASSOC#${aid}`, ':subsidy': 'SUBSIDY#' },
    ConsistentRead: true,
  });
  const receipts = items.map(receiptFromItem);
  return receipts.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** A new receipt, and the counter that proves no other receipt was recorded since the read. */
export function newReceiptWrites(
  tableName: string,
  receipt: StoredReceipt,
  receiptSeqRead: number,
): GuardedWrite[] {
  return [
    newItemWrite(tableName, receiptItem(receipt)),
    counterWrite(tableName, receipt.associationId, 'subsidyReceiptSeq', receiptSeqRead, {
      missingIsZero: true,
    }),
  ];
}

/** The receipt changed (a payout, or one undone), if nobody changed it since it was read. */
export function receiptUpdateWrite(tableName: string, receipt: StoredReceipt): GuardedWrite {
  return versionedPut(
    tableName,
    receiptItem({ ...receipt, version: receipt.version + 1 }),
    receipt.version,
  );
}

/** The receipt gone (its entry reversed), if nobody changed it since it was read. */
export function receiptDeleteWrite(tableName: string, receipt: StoredReceipt): GuardedWrite {
  return {
    item: {
      Delete: {
        TableName: tableName,
        Key: keys.subsidyReceipt(receipt.associationId, receipt.period),
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': receipt.version },
      },
    },
    onConditionFailed: 'retry',
  };
}

/**
 * Reversing a receipt's entry changes the receipt in the same transaction: a payout's
 * households are unpaid again; a receipt goes, so its period can be received again.
 */
export async function subsidyReversalWrites(
  store: Store,
  aid: string,
  original: Pick<JournalEntry, 'id' | 'kind'>,
): Promise<GuardedWrite[]> {
  if (original.kind !== 'subsidy-receipt' && original.kind !== 'subsidy-payout') return [];
  const receipt = (await loadReceipts(store, aid)).find(
    (r) => r.entryId === original.id || r.rows.some((row) => row.paidOut?.entryId === original.id),
  );
  if (!receipt) {
    throw new Refusal(
      'SUBSIDY_RECEIPT_MISMATCH',
      '找不到该凭证对应的贴息到账登记，不能冲正',
      'conflict',
      {
        entryId: original.id,
      },
    );
  }
  const left = undoSubsidyEntry(receipt, original);
  return [
    left ? receiptUpdateWrite(store.tableName, left) : receiptDeleteWrite(store.tableName, receipt),
  ];
}
