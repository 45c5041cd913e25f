/** Journal entries and account balances: the books of an association. */
import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { accountByCode, accounts, isDebitNormal, type AccountCode } from '#domain/ledger/chart.ts';
import {
  balanceChanges,
  reducesAccount,
  type JournalEntry,
  type Voucher,
} from '#domain/ledger/journal.ts';
import type { ShareChange } from '#domain/members/member.ts';
import { Money } from '#domain/money.ts';
import { Refusal } from '#domain/refusal.ts';
import type { Store } from './client.ts';
import { decodeCursor, encodeCursor } from './members.ts';
import { countFrom, moneyFrom, numberValue } from './numbers.ts';
import { keys } from './table-definition.ts';
import type { GuardedWrite } from './write-once.ts';
import { newItemWrite } from './guarded-writes.ts';
import { everyPage, queryAll } from './query-all.ts';

export type StoredEntry = JournalEntry & {
  shareChange?: ShareChange;
  reversedBy?: string;
  recordedBy: string;
  recordedAt: string;
};

const crockford = '0123456789abcdefghjkmnpqrstvwxyz';

/** je-20261128-k3v9x2m7q1: the business date, then 50 random bits. */
export function newEntryId(date: string): string {
  const random = [...randomBytes(10)].map((byte) => crockford.charAt(byte % 32)).join('');
  return `je-${date.replaceAll('-', '')}-${random}`;
}

/** The business date an entry id carries, so an entry is found without an index. */
export function entryDateFromId(eid: string): string | undefined {
  const match = /^je-(\d{4})(\d{2})(\d{2})-[0-9a-z]{10}$/.exec(eid);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

export function entryItem(aid: string, entry: StoredEntry): Record<string, unknown> {
  return {
    ...keys.entry(aid, entry.date, entry.id),
    kind: 'journal-entry',
    id: entry.id,
    date: entry.date,
    entryKind: entry.kind,
    memo: entry.memo,
    memberId: entry.memberId,
    loanId: entry.loanId,
    reverses: entry.reverses,
    voucher: entry.voucher,
    lines: entry.lines.map((line) => ({
      account: line.account,
      debit: numberValue(line.debit),
      credit: numberValue(line.credit),
    })),
    shareChange: entry.shareChange && {
      ownShares: entry.shareChange.ownShares,
      ownShareAmount: numberValue(entry.shareChange.ownShareAmount),
      fiscalShares: entry.shareChange.fiscalShares,
      fiscalShareAmount: numberValue(entry.shareChange.fiscalShareAmount),
    },
    recordedBy: entry.recordedBy,
    recordedAt: entry.recordedAt,
  };
}

function voucherFrom(value: unknown): Voucher | undefined {
  if (!value) return undefined;
  const voucher = value as Record<string, unknown>;
  return {
    number: String(voucher.number),
    ...(voucher.counterparty === undefined ? {} : { counterparty: String(voucher.counterparty) }),
    attachments: countFrom(voucher.attachments),
  };
}

export function entryFromItem(item: Record<string, unknown>): StoredEntry {
  const share = item.shareChange as Record<string, unknown> | undefined;
  return {
    id: String(item.id),
    date: String(item.date),
    kind: item.entryKind as JournalEntry['kind'],
    memo: String(item.memo),
    memberId: item.memberId === undefined ? undefined : String(item.memberId),
    loanId: item.loanId === undefined ? undefined : String(item.loanId),
    reverses: item.reverses === undefined ? undefined : String(item.reverses),
    reversedBy: item.reversedBy === undefined ? undefined : String(item.reversedBy),
    voucher: voucherFrom(item.voucher),
    lines: (item.lines as Record<string, unknown>[]).map((line) => ({
      account: String(line.account) as AccountCode,
      debit: moneyFrom(line.debit),
      credit: moneyFrom(line.credit),
    })),
    shareChange: share && {
      ownShares: countFrom(share.ownShares),
      ownShareAmount: moneyFrom(share.ownShareAmount),
      fiscalShares: countFrom(share.fiscalShares),
      fiscalShareAmount: moneyFrom(share.fiscalShareAmount),
    },
    recordedBy: String(item.recordedBy),
    recordedAt: String(item.recordedAt),
  };
}

/** The refusal of a change that would take an account below its floor today. */
export function floorRefusal(code: AccountCode, change: Money): Refusal {
  const account = accountByCode(code);
  if (code === accounts.cash.code || code === accounts.bank.code) {
    return new Refusal(
      code === accounts.cash.code ? 'INSUFFICIENT_CASH' : 'INSUFFICIENT_BANK',
      `${account.name}余额不足，需要 ${change.negated().format()}`,
      'refused',
      { account: code, needed: change.negated().toString() },
    );
  }
  return new Refusal('ACCOUNT_BALANCE_INSUFFICIENT', `科目「${account.name}」余额不足`, 'refused', {
    account: code,
  });
}

/**
 * The entry and its balance updates. A change that reduces an account carries a floor as
 * a condition on the write: cash never goes below zero, whatever runs at the same time.
 */
export function entryWrites(tableName: string, aid: string, entry: StoredEntry): GuardedWrite[] {
  const writes: GuardedWrite[] = [newItemWrite(tableName, entryItem(aid, entry))];
  for (const [code, change] of balanceChanges(entry)) {
    if (change.isZero()) continue;
    const account = accountByCode(code);
    const reduces = reducesAccount(code, change);
    writes.push({
      item: {
        Update: {
          TableName: tableName,
          Key: keys.account(aid, code),
          UpdateExpression:
            'SET code = :code, #name = :name, accountType = :type ADD balance :change',
          // Debit-normal accounts stay ≥ 0 and credit-normal ones ≤ 0 after the change.
          ...(reduces
            ? {
                ConditionExpression: isDebitNormal(account)
                  ? 'balance >= :floor'
                  : 'balance <= :floor',
              }
            : {}),
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: {
            ':code': code,
            ':name': account.name,
            ':type': account.type,
            ':change': numberValue(change),
            ...(reduces ? { ':floor': numberValue(change.negated()) } : {}),
          },
        },
      },
      onConditionFailed: floorRefusal(code, change),
    });
  }
  return writes;
}

/** Marks the original as reversed, once: a second reversal of the same entry is refused. */
export function markReversedWrite(
  tableName: string,
  aid: string,
  original: StoredEntry,
  reversalId: string,
): GuardedWrite {
  return {
    item: {
      Update: {
        TableName: tableName,
        Key: keys.entry(aid, original.date, original.id),
        UpdateExpression: 'SET reversedBy = :reversal',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(reversedBy)',
        ExpressionAttributeValues: { ':reversal': reversalId },
      },
    },
    onConditionFailed: new Refusal('ENTRY_ALREADY_REVERSED', '该凭证已被冲正', 'conflict'),
  };
}

export async function loadEntry(
  store: Store,
  aid: string,
  eid: string,
): Promise<StoredEntry | undefined> {
  const date = entryDateFromId(eid);
  if (!date) return undefined;
  const { Item } = await store.db.send(
    new GetCommand({
      TableName: store.tableName,
      Key: keys.entry(aid, date, eid),
      ConsistentRead: true,
    }),
  );
  return Item ? entryFromItem(Item) : undefined;
}

/** Entries dated from..to (inclusive), oldest first, a page at a time. */
export async function listEntries(
  store: Store,
  aid: string,
  range: { from?: string; to?: string; limit?: number; cursor?: string },
): Promise<{ entries: StoredEntry[]; cursor?: string }> {
  const result = await store.db.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': `ASSOC#${aid}`,
        ':from': `JE#${range.from ?? '0000-00-00'}`,
        ':to': `JE#${range.to ?? '9999-99-99'}#~`,
      },
      Limit: range.limit,
      ConsistentRead: true,
      ExclusiveStartKey: range.cursor ? decodeCursor(range.cursor, `ASSOC#${aid}`) : undefined,
    }),
  );
  return {
    entries: (result.Items ?? []).map(entryFromItem),
    cursor: result.LastEvaluatedKey ? encodeCursor(result.LastEvaluatedKey) : undefined,
  };
}

/** Every account's signed balance (debit − credit) from the balance items. */
export async function loadBalances(store: Store, aid: string): Promise<Map<AccountCode, Money>> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :account)',
    ExpressionAttributeValues: { ':pk': `ASSOC#${aid}`, ':account': 'ACCOUNT#' },
    ConsistentRead: true,
  });
  return new Map(items.map((item) => [String(item.code) as AccountCode, moneyFrom(item.balance)]));
}

/** Every entry dated on or before `asOf`, oldest first. */
export function entriesUpTo(store: Store, aid: string, asOf: string): Promise<StoredEntry[]> {
  return everyPage(
    (cursor) => listEntries(store, aid, { to: asOf, cursor }),
    (page) => page.entries,
  );
}
