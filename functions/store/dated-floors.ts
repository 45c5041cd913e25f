/**
 * Floors on every date and booking dates (domain/ledger/dated-floors.ts), enforced for every
 * write that books an association's journal entry (writeOnce calls this after the decision):
 *   - an entry is never dated before the association was founded, nor before the member it
 *     names joined (when the operation read them: founding and joining dates never change);
 *   - an entry that takes cash or bank out, dated before entries already booked, must leave
 *     every later day's closing balance at zero or more. The later entries are read, and the
 *     balance they were read against is pinned on the write: a racing writer makes this one
 *     read and decide again. An entry dated on or after every other needs no more than the
 *     floor already on the balance's write (store/journal.ts).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { accounts, type AccountCode } from '#domain/ledger/chart.ts';
import {
  lowestBalanceFrom,
  requireAfterFounding,
  requireAfterJoining,
  requireNoNegativeDay,
  type DatedChange,
} from '#domain/ledger/dated-floors.ts';
import { balanceChanges } from '#domain/ledger/journal.ts';
import { Money } from '#domain/money.ts';
import type { Store } from './client.ts';
import { entryFromItem, floorRefusal, type StoredEntry } from './journal.ts';
import { moneyFrom, numberValue } from './numbers.ts';
import { queryAll } from './query-all.ts';
import type { ReadSet } from './read-set.ts';
import { keys } from './table-definition.ts';
import type { GuardedWrite } from './write-once.ts';

const moneyAccounts: readonly AccountCode[] = [accounts.cash.code, accounts.bank.code];

interface NewEntry {
  aid: string;
  entry: StoredEntry;
}

function newEntries(writes: readonly GuardedWrite[]): NewEntry[] {
  return writes.flatMap((write) => {
    const item = write.item.Put?.Item;
    if (item?.kind !== 'journal-entry' || !String(item.PK).startsWith('ASSOC#')) return [];
    return [{ aid: String(item.PK).slice('ASSOC#'.length), entry: entryFromItem(item) }];
  });
}

function requireBookingDates(read: ReadSet, added: readonly NewEntry[]): void {
  for (const { aid, entry } of added) {
    const association = read.association(aid)?.association;
    if (association) requireAfterFounding(association.foundedOn, entry.date);
    const member = entry.memberId ? read.member(aid, entry.memberId) : undefined;
    if (member) requireAfterJoining(member.joinedOn, entry.date);
  }
}

async function entriesAfter(store: Store, aid: string, date: string): Promise<StoredEntry[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': `ASSOC#${aid}`,
      ':from': `JE#${date}#~`,
      ':to': 'JE#9999-99-99#~',
    },
    ConsistentRead: true,
  });
  return items.map(entryFromItem);
}

const changesOf = (entries: readonly StoredEntry[], code: AccountCode): DatedChange[] =>
  entries.flatMap((entry) => {
    const change = balanceChanges(entry).get(code);
    return change && !change.isZero() ? [{ date: entry.date, change }] : [];
  });

/** Adds `balance = :pinned` to the write that touches the account, or a check of its own. */
function pinBalance(writes: GuardedWrite[], aid: string, code: AccountCode, balance: unknown) {
  const key = keys.account(aid, code);
  const sameKey = (k?: Record<string, unknown>) => k?.PK === key.PK && k?.SK === key.SK;
  const index = writes.findIndex((w) => sameKey(w.item.Update?.Key ?? w.item.ConditionCheck?.Key));
  const pinned = balance === undefined ? 'attribute_not_exists(balance)' : 'balance = :datedPin';
  const values = balance === undefined ? {} : { ':datedPin': balance };
  const target = index >= 0 ? writes[index]!.item : undefined;
  const operation = target?.Update ?? target?.ConditionCheck;
  if (!operation) {
    writes.push({
      item: {
        ConditionCheck: {
          TableName: writes[0]!.item.Put!.TableName,
          Key: key,
          ConditionExpression: pinned,
          ...(balance === undefined ? {} : { ExpressionAttributeValues: values }),
        },
      },
      onConditionFailed: 'retry',
    });
    return;
  }
  const before = operation.ConditionExpression;
  operation.ConditionExpression = before ? `(${before}) AND ${pinned}` : pinned;
  operation.ExpressionAttributeValues = { ...operation.ExpressionAttributeValues, ...values };
  // Today's floor is checked below with every later day's: a failure here is a stale read.
  writes[index] = { ...writes[index]!, onConditionFailed: 'retry' };
}

async function guardAccount(
  store: Store,
  writes: GuardedWrite[],
  aid: string,
  code: AccountCode,
  added: readonly StoredEntry[],
): Promise<void> {
  const addedChanges = changesOf(added, code);
  if (!addedChanges.some((c) => c.change.isNegative())) return;
  const from = addedChanges.map((c) => c.date).sort()[0]!;
  if ((await entriesAfter(store, aid, from)).length === 0) return;
  // The balance first, then the entries: a write between the two moves the pinned balance.
  const { Item } = await store.db.send(
    new GetCommand({
      TableName: store.tableName,
      Key: keys.account(aid, code),
      ConsistentRead: true,
    }),
  );
  const later = changesOf(await entriesAfter(store, aid, from), code);
  const current = moneyFrom(Item?.balance);
  // Short of money today: the same answer as an entry dated today.
  const net = Money.sum(addedChanges.map((c) => c.change));
  if (current.plus(net).isNegative()) throw floorRefusal(code, net);
  requireNoNegativeDay(code, lowestBalanceFrom(current, later, addedChanges, from));
  pinBalance(writes, aid, code, Item ? numberValue(current) : undefined);
}

/** The decision's writes, with every dated floor checked and pinned; refuses what breaks one. */
export async function datedFloorGuards(
  store: Store,
  read: ReadSet,
  decided: readonly GuardedWrite[],
): Promise<GuardedWrite[]> {
  const added = newEntries(decided);
  if (added.length === 0) return [...decided];
  requireBookingDates(read, added);
  const writes = [...decided];
  for (const aid of new Set(added.map((a) => a.aid))) {
    const entries = added.filter((a) => a.aid === aid).map((a) => a.entry);
    for (const code of moneyAccounts) await guardAccount(store, writes, aid, code, entries);
  }
  return writes;
}
