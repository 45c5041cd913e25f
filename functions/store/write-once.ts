/**
 * Exactly-once business writes (shared/DESIGN.md, Writes). One operation is: one BatchGetItem
 * of what it needs to decide (plus its Idempotency-Key record), a decision by the domain,
 * then ONE TransactWriteItems holding the state, the journal entry, the balances, the
 * idempotency record and a check that the entry's month is not closed (结账). Concurrent
 * writers are stopped by conditions, never by locks:
 *   - a condition that proves the read is stale ('retry') re-reads and decides again;
 *   - a condition that is a business rule (a balance floor, a unique ID) is a refusal;
 *   - the idempotency record already present means another attempt finished first: the
 *     next read replays its answer.
 * Conflicts and throttling are retried with jittered backoff, then answered 409.
 */
import { BatchGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { Refusal } from '#domain/refusal.ts';
import type { Store } from './client.ts';
import { datedFloorGuards } from './dated-floors.ts';
import { periodCloseGuards } from './period-close.ts';
import { ReadSet } from './read-set.ts';
import { keyString, type ItemKey } from './table-definition.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface GuardedWrite {
  item: TransactItem;
  /** What a failed condition on this item means. */
  onConditionFailed: 'retry' | Refusal;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface Decision {
  writes: GuardedWrite[];
  response: StoredResponse;
}

export interface WriteOnceRequest {
  /**
   * Idempotency: the key's record (http/idempotency.ts names it) and the request's hash;
   * `authorize` checks the caller's scope before any replay.
   */
  idempotency?: {
    record: ItemKey;
    requestHash: string;
    reads: ItemKey[];
    authorize(read: ReadSet): void;
  };
  reads: ItemKey[];
  decide(read: ReadSet): Decision | Promise<Decision>;
}

export interface WriteOnceResult extends StoredResponse {
  replayed: boolean;
}

/** DynamoDB's TransactWriteItems limit: one operation is one transaction. */
export const transactionItemLimit = 100;

/** At least 24 hours (shared/DESIGN.md); TTL removes them some time after. */
const idempotencyLifetimeSeconds = 48 * 3600;
export const maxAttempts = 10;

const retryableErrors = new Set([
  'TransactionConflictException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
]);
const retryableReasons = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

/** Full jitter: spread retries so that racing writers do not collide again in step. */
function backoff(attempt: number): Promise<unknown> {
  const ms = Math.random() * Math.min(1000, 15 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reads many items in one BatchGetItem (consistent), retrying what DynamoDB leaves unprocessed. */
export async function readItems(store: Store, wanted: ItemKey[]): Promise<ReadSet> {
  const found = new Map<string, Record<string, unknown>>();
  if (wanted.length === 0) return new ReadSet(found);
  const unique = [...new Map(wanted.map((k) => [keyString(k), k])).values()];
  // BatchGetItem takes at most 100 keys.
  for (let start = 0; start < unique.length; start += 100) {
    let pending = unique.slice(start, start + 100);
    for (let round = 0; pending.length > 0; round += 1) {
      if (round > 0) await backoff(round);
      const result = await store.db.send(
        new BatchGetCommand({
          RequestItems: { [store.tableName]: { Keys: pending, ConsistentRead: true } },
        }),
      );
      for (const item of result.Responses?.[store.tableName] ?? []) {
        found.set(keyString({ PK: String(item.PK), SK: String(item.SK) }), item);
      }
      pending = (result.UnprocessedKeys?.[store.tableName]?.Keys ?? []) as ItemKey[];
    }
  }
  return new ReadSet(found);
}

function replayOrRefuse(record: Record<string, unknown>, requestHash: string): WriteOnceResult {
  if (record.requestHash !== requestHash) {
    throw new Refusal(
      'IDEMPOTENCY_KEY_REUSED',
      '同一个 Idempotency-Key 已用于内容不同的请求；新的请求请使用新的 Idempotency-Key',
      'refused',
    );
  }
  return {
    status: Number(String(record.status)),
    body: JSON.parse(String(record.body)),
    replayed: true,
  };
}

/** Said before anything is sent: DynamoDB would refuse the whole transaction anyway. */
function operationTooLarge(items: number): Refusal {
  return new Refusal(
    'OPERATION_TOO_LARGE',
    `该操作需要一次写入 ${items} 条记录，超过一次事务的上限 ${transactionItemLimit} 条；请分批办理`,
    'refused',
    { items, limit: transactionItemLimit },
  );
}

/** The key's record, written in the operation's own transaction: the answer a retry replays. */
function idempotencyRecordWrite(
  tableName: string,
  idempotency: NonNullable<WriteOnceRequest['idempotency']>,
  response: StoredResponse,
): GuardedWrite {
  const now = Math.floor(Date.now() / 1000);
  return {
    item: {
      Put: {
        TableName: tableName,
        Item: {
          ...idempotency.record,
          kind: 'idempotency',
          requestHash: idempotency.requestHash,
          status: response.status,
          body: JSON.stringify(response.body),
          createdAt: new Date(now * 1000).toISOString(),
          expiresAt: now + idempotencyLifetimeSeconds,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    onConditionFailed: 'retry',
  };
}

/**
 * What a cancelled transaction means: a business rule broken (its refusal), or a stale read
 * to decide again. A stale read comes first: the decision itself may change on fresh state
 * (a second payoff becomes "loan closed", not "loans out would go negative").
 */
function cancellation(error: unknown, writes: GuardedWrite[]) {
  const reasons =
    (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  const failed = reasons
    .map((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? writes[index] : undefined))
    .filter((write) => write !== undefined);
  const stale = failed.some((write) => write.onConditionFailed === 'retry');
  const rule = failed.find((write) => write.onConditionFailed instanceof Refusal);
  return {
    refusal: !stale && rule ? (rule.onConditionFailed as Refusal) : undefined,
    conflict: reasons.some((reason) => retryableReasons.has(reason.Code ?? '')),
  };
}

/** Reads, replays a stored answer, or decides: the writes of one attempt, all guards added. */
async function attempt(
  store: Store,
  request: WriteOnceRequest,
): Promise<{ replay: WriteOnceResult } | { writes: GuardedWrite[]; response: StoredResponse }> {
  const { idempotency } = request;
  const read = await readItems(
    store,
    idempotency ? [...request.reads, ...idempotency.reads, idempotency.record] : request.reads,
  );
  if (idempotency) {
    // Scope first: a stored answer replays only to a caller who may reach it now.
    idempotency.authorize(read);
    const record = read.item(idempotency.record);
    if (record) return { replay: replayOrRefuse(record, idempotency.requestHash) };
  }
  const decision = await request.decide(read);
  // Cash and bank hold on every later day; no entry before founding or joining.
  const guarded = await datedFloorGuards(store, read, decision.writes);
  // Nothing is booked into a month whose books are closed (store/period-close.ts).
  const writes = [...guarded, ...periodCloseGuards(store.tableName, decision.writes)];
  if (idempotency)
    writes.push(idempotencyRecordWrite(store.tableName, idempotency, decision.response));
  if (writes.length > transactionItemLimit) throw operationTooLarge(writes.length);
  return { writes, response: decision.response };
}

export async function writeOnce(store: Store, request: WriteOnceRequest): Promise<WriteOnceResult> {
  let sawConflict = false;
  for (let round = 0; round < maxAttempts; round += 1) {
    const decided = await attempt(store, request);
    if ('replay' in decided) return decided.replay;
    const { writes, response } = decided;
    try {
      if (writes.length > 0) {
        await store.db.send(new TransactWriteCommand({ TransactItems: writes.map((w) => w.item) }));
      }
      return { ...response, replayed: false };
    } catch (error) {
      const name = (error as Error).name;
      if (!retryableErrors.has(name) && name !== 'TransactionCanceledException') throw error;
      const { refusal, conflict } =
        name === 'TransactionCanceledException'
          ? cancellation(error, writes)
          : { refusal: undefined, conflict: true };
      if (refusal) throw refusal;
      // Someone else wrote first: step aside a little before deciding again.
      sawConflict ||= conflict;
      await backoff(round);
    }
  }
  throw new Refusal(
    sawConflict ? 'CONCURRENT_UPDATE' : 'STATE_CHANGED',
    '数据正被其他操作同时修改，请稍后重试',
    'conflict',
  );
}
