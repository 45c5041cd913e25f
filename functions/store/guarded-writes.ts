/**
 * The guarded writes the store is made of: new items, put only if absent; the association
 * counter that numbered them, taken only if nobody took it since it was read; a versioned
 * item rewritten only if unchanged since it was read. And put-if-absent on its own, outside
 * a transaction.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Refusal } from '#domain/refusal.ts';
import type { Store } from './client.ts';
import { keys } from './table-definition.ts';
import type { GuardedWrite } from './write-once.ts';

/**
 * A new item: it must not exist yet. By default an existing one means the read is stale (a
 * racing writer took the number); a Refusal says it is a business rule (a unique claim).
 */
export function newItemWrite(
  tableName: string,
  item: Record<string, unknown>,
  onConditionFailed: 'retry' | Refusal = 'retry',
): GuardedWrite {
  return {
    item: {
      Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' },
    },
    onConditionFailed,
  };
}

/**
 * A thing rewritten at its next version (`next` is the item carrying version `read` + 1), if
 * nobody changed it since it was read at `read`: a racing writer makes this one re-read.
 */
export function versionedPut(
  tableName: string,
  next: Record<string, unknown>,
  read: number,
): GuardedWrite {
  return {
    item: {
      Put: {
        TableName: tableName,
        Item: next,
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': read },
      },
    },
    onConditionFailed: 'retry',
  };
}

/**
 * One conditional write on its own, outside a transaction: true when it was made, false when
 * its condition failed (someone else got there first); any other error is thrown.
 */
export async function conditionally(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** Puts the item unless one with its key exists; false when it did (written before). */
export function putIfAbsent(store: Store, item: Record<string, unknown>): Promise<boolean> {
  return conditionally(
    store.db.send(
      new PutCommand({
        TableName: store.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    ),
  );
}

/** The counters kept on the association's META item. */
export type AssociationCounter = 'memberSeq' | 'loanSeq' | 'teaGardenSeq' | 'subsidyReceiptSeq';

/**
 * Takes the next number of an association counter, read as `read`. Counters added after
 * associations already existed may be missing on them: `missingIsZero` lets an absent counter
 * stand for 0 (memberSeq is written with every association, so it is always there).
 */
export function counterWrite(
  tableName: string,
  aid: string,
  counter: AssociationCounter,
  read: number,
  options: { missingIsZero?: boolean } = {},
): GuardedWrite {
  const unchanged = `${counter} = :read`;
  return {
    item: {
      Update: {
        TableName: tableName,
        Key: keys.association(aid),
        UpdateExpression: `SET ${counter} = :next`,
        ConditionExpression:
          options.missingIsZero && read === 0
            ? `attribute_not_exists(${counter}) OR ${unchanged}`
            : unchanged,
        ExpressionAttributeValues: { ':read': read, ':next': read + 1 },
      },
    },
    onConditionFailed: 'retry',
  };
}
