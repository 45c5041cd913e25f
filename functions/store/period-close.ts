/**
 * The period close of an association's books (domain/ledger/period-close.ts): one item,
 * ASSOC#<aid> / CLOSE, with the last closed day, the history as JSON text and a version.
 *
 * The close is enforced where money is written, not where it is checked: every transaction
 * that writes journal entries of an association carries a condition on this item that each
 * entry's date is after the closed day (writeOnce adds it), so a backdated entry racing the
 * close is refused or lands before it, never after.
 */
import type { PeriodClose, PeriodCloseEvent } from '#domain/ledger/period-close.ts';
import { noPeriodClosed, periodClosed } from '#domain/ledger/period-close.ts';
import { newItemWrite, versionedPut } from './guarded-writes.ts';
import { countFrom } from './numbers.ts';
import { keys } from './table-definition.ts';
import type { GuardedWrite } from './write-once.ts';

export type StoredPeriodClose = PeriodClose & { version: number };

export function periodCloseFromItem(item: Record<string, unknown> | undefined): StoredPeriodClose {
  if (!item) return { ...noPeriodClosed, version: 0 };
  return {
    ...(item.closedThrough ? { closedThrough: String(item.closedThrough) } : {}),
    history: JSON.parse(String(item.history)) as PeriodCloseEvent[],
    version: countFrom(item.version),
  };
}

/** The new state, written only if nobody closed or reopened since `readVersion` (0: none). */
export function periodCloseWrite(
  tableName: string,
  aid: string,
  next: PeriodClose,
  readVersion: number,
): GuardedWrite {
  const item = {
    ...keys.periodClose(aid),
    kind: 'period-close',
    ...(next.closedThrough ? { closedThrough: next.closedThrough } : {}),
    history: JSON.stringify(next.history),
    version: readVersion + 1,
  };
  return readVersion === 0
    ? newItemWrite(tableName, item)
    : versionedPut(tableName, item, readVersion);
}

/**
 * A check per association whose journal entries the transaction writes: none of them may be
 * dated on or before the association's closed day. The earliest entry decides.
 */
export function periodCloseGuards(
  tableName: string,
  writes: readonly GuardedWrite[],
): GuardedWrite[] {
  const earliest = new Map<string, string>();
  for (const write of writes) {
    const item = write.item.Put?.Item;
    if (item?.kind !== 'journal-entry') continue;
    const pk = String(item.PK);
    // The federation's own books (FED#) have no period close.
    if (!pk.startsWith('ASSOC#')) continue;
    const date = String(item.date);
    const seen = earliest.get(pk);
    if (!seen || date < seen) earliest.set(pk, date);
  }
  return [...earliest].map(([pk, date]) => ({
    item: {
      ConditionCheck: {
        TableName: tableName,
        Key: keys.periodClose(pk.slice('ASSOC#'.length)),
        ConditionExpression: 'attribute_not_exists(closedThrough) OR closedThrough < :date',
        ExpressionAttributeValues: { ':date': date },
      },
    },
    onConditionFailed: periodClosed(date),
  }));
}
