/**
 * The SMS outbox (shared/DESIGN.md, Messages). A business transaction writes the message item
 * with `outboxWrite`, in the same TransactWriteItems as the money; the notifier then claims,
 * sends and marks it. Item:
 *   OUTBOX#<id>  MSG   template, content (amounts as Numbers), associationId, memberId, loanId,
 *                      status, attempts, createdAt; GSI1 OUTBOX#pending while it waits or is
 *                      being sent, OUTBOX#done once sent, skipped or undeliverable.
 * Statuses: pending → sending (a lease: leaseId, leaseUntil) → sent | skipped | undeliverable;
 * a failed send puts it back to pending (with lastError and nextAttemptAt).
 *
 * The phone and the name are NOT in the item: the notifier reads the member when it sends, so
 * a changed phone number takes effect for the next message. The link is not in it either: it
 * is issued at send time, and the text kept after sending has its token replaced by "…".
 */
import { createHash } from 'node:crypto';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageContent, MessageTemplate } from '#domain/messages/templates.ts';
import type { Store } from './client.ts';
import { conditionally, newItemWrite, putIfAbsent } from './guarded-writes.ts';
import { countFrom, moneyFrom, numberValue } from './numbers.ts';
import type { ItemKey } from './table-definition.ts';
import type { GuardedWrite, TransactItem } from './write-once.ts';
import { queryAll } from './query-all.ts';

export type MessageStatus = 'pending' | 'sending' | 'sent' | 'skipped' | 'undeliverable';

export interface OutboxMessage {
  id: string;
  associationId: string;
  memberId: string;
  loanId?: string;
  content: MessageContent;
  /** ISO timestamp. */
  createdAt: string;
}

export interface StoredMessage extends OutboxMessage {
  status: MessageStatus;
  attempts: number;
  leaseId?: string;
  /** Epoch milliseconds. */
  leaseUntil?: number;
  nextAttemptAt?: number;
  lastError?: string;
  sentAt?: string;
  /** The number it went to, as resolved at send time. */
  to?: string;
  /** The text as sent, with the link's token replaced by "…". */
  text?: string;
  segments?: number;
  providerMessageId?: string;
  /** Why a message was skipped or could not be delivered. */
  reason?: string;
}

export const outboxKey = (id: string): ItemKey => ({ PK: `OUTBOX#${id}`, SK: 'MSG' });
export const pendingPartition = 'OUTBOX#pending';
export const donePartition = 'OUTBOX#done';

/**
 * A message id derived from what the message is about, so that writing the same message twice
 * (a re-run of the daily reminders, a retried transaction) finds the first one.
 */
export function messageId(template: MessageTemplate, ...about: string[]): string {
  const digest = createHash('sha256')
    .update([template, ...about].join('|'))
    .digest('hex');
  return `msg-${digest.slice(0, 32)}`;
}

function contentItem(content: MessageContent): Record<string, unknown> {
  switch (content.template) {
    case 'disbursement':
      return {
        template: content.template,
        amount: numberValue(content.amount),
        disbursedOn: content.disbursedOn,
        firstDue: { dueOn: content.firstDue.dueOn, amount: numberValue(content.firstDue.amount) },
      };
    case 'repayment':
      return {
        template: content.template,
        amount: numberValue(content.amount),
        paidOn: content.paidOn,
        principalOutstanding: numberValue(content.principalOutstanding),
        nextDue: content.nextDue && {
          dueOn: content.nextDue.dueOn,
          amount: numberValue(content.nextDue.amount),
        },
      };
    case 'due-reminder':
    case 'overdue':
      return {
        template: content.template,
        due: { dueOn: content.due.dueOn, amount: numberValue(content.due.amount) },
      };
  }
}

function dueFrom(value: unknown) {
  const due = value as { dueOn: unknown; amount: unknown };
  return { dueOn: String(due.dueOn), amount: moneyFrom(due.amount) };
}

function contentFromItem(item: Record<string, unknown>): MessageContent {
  switch (item.template as MessageTemplate) {
    case 'disbursement':
      return {
        template: 'disbursement',
        amount: moneyFrom(item.amount),
        disbursedOn: String(item.disbursedOn),
        firstDue: dueFrom(item.firstDue),
      };
    case 'repayment':
      return {
        template: 'repayment',
        amount: moneyFrom(item.amount),
        paidOn: String(item.paidOn),
        principalOutstanding: moneyFrom(item.principalOutstanding),
        nextDue: item.nextDue === undefined ? undefined : dueFrom(item.nextDue),
      };
    case 'due-reminder':
      return { template: 'due-reminder', due: dueFrom(item.due) };
    case 'overdue':
      return { template: 'overdue', due: dueFrom(item.due) };
    default:
      throw new TypeError(`unknown message template: ${String(item.template)}`);
  }
}

export function outboxItem(message: OutboxMessage): Record<string, unknown> {
  return {
    ...outboxKey(message.id),
    kind: 'outbox-message',
    id: message.id,
    associationId: message.associationId,
    memberId: message.memberId,
    loanId: message.loanId,
    template: message.content.template,
    content: contentItem(message.content),
    status: 'pending',
    attempts: 0,
    createdAt: message.createdAt,
    GSI1PK: pendingPartition,
    GSI1SK: `${message.createdAt}#${message.id}`,
  };
}

function optionalNumber(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : countFrom(value);
}

export function messageFromItem(item: Record<string, unknown>): StoredMessage {
  const text = (value: unknown) => (value === undefined ? undefined : String(value));
  return {
    id: String(item.id),
    associationId: String(item.associationId),
    memberId: String(item.memberId),
    loanId: text(item.loanId),
    content: contentFromItem(item.content as Record<string, unknown>),
    createdAt: String(item.createdAt),
    status: item.status as MessageStatus,
    attempts: countFrom(item.attempts),
    leaseId: text(item.leaseId),
    leaseUntil: optionalNumber(item.leaseUntil),
    nextAttemptAt: optionalNumber(item.nextAttemptAt),
    lastError: text(item.lastError),
    sentAt: text(item.sentAt),
    to: text(item.to),
    text: text(item.text),
    segments: optionalNumber(item.segments),
    providerMessageId: text(item.providerMessageId),
    reason: text(item.reason),
  };
}

/**
 * The message as part of a business transaction. Its id says what it is about, so a second
 * write of the same message is a stale decision: the transaction is decided again.
 */
export function outboxWrite(tableName: string, message: OutboxMessage): GuardedWrite {
  return newItemWrite(tableName, outboxItem(message));
}

/** Writes a message on its own (the daily reminders); false when it was already written. */
export function putOutboxMessageOnce(store: Store, message: OutboxMessage): Promise<boolean> {
  return putIfAbsent(store, outboxItem(message));
}

export async function loadOutboxMessage(
  store: Store,
  id: string,
): Promise<StoredMessage | undefined> {
  const { Item } = await store.db.send(
    new GetCommand({ TableName: store.tableName, Key: outboxKey(id), ConsistentRead: true }),
  );
  return Item ? messageFromItem(Item) : undefined;
}

export interface Lease {
  leaseId: string;
  /** Epoch milliseconds. */
  leaseUntil: number;
}

/** Who may change a message: a condition and the values it names. */
interface Guard {
  condition: string;
  values: Record<string, unknown>;
}

/** Free to take: waiting, or held by a sender whose lease ran out (it died). */
const claimable = (now: number): Guard => ({
  condition: '(#status = :pending OR (#status = :sending AND leaseUntil < :now))',
  values: { ':pending': 'pending', ':sending': 'sending', ':now': now },
});

/** Held by this sender: only the lease holder finishes or releases its attempt. */
const heldBy = (leaseId: string): Guard => ({
  condition: '#status = :sending AND leaseId = :leaseId',
  values: { ':sending': 'sending', ':leaseId': leaseId },
});

interface MessageChange {
  guard: Guard;
  update: string;
  names?: Record<string, string>;
  values: Record<string, unknown>;
}

/** One update of a message item, made only if its guard holds. */
function messageUpdate(store: Store, id: string, change: MessageChange) {
  return {
    TableName: store.tableName,
    Key: outboxKey(id),
    UpdateExpression: change.update,
    ConditionExpression: change.guard.condition,
    ExpressionAttributeNames: { '#status': 'status', ...change.names },
    ExpressionAttributeValues: { ...change.guard.values, ...change.values },
  };
}

/** The update on its own; false when its guard failed (another sender has the message). */
async function updateMessage(store: Store, id: string, change: MessageChange): Promise<boolean> {
  return conditionally(store.db.send(new UpdateCommand(messageUpdate(store, id, change))));
}

/**
 * Takes the message for one send attempt, together with `alongside` (the link issued for it),
 * in one transaction. 'busy' when another sender holds it or it is finished; 'conflict' when
 * something alongside failed its condition (the caller reads again and retries).
 */
export async function claimMessage(
  store: Store,
  id: string,
  lease: Lease,
  now: number,
  alongside: TransactItem[] = [],
): Promise<'claimed' | 'busy' | 'conflict'> {
  const claim: TransactItem = {
    Update: messageUpdate(store, id, {
      guard: claimable(now),
      update:
        'SET #status = :sendingNow, leaseId = :leaseId, leaseUntil = :leaseUntil ' +
        'ADD attempts :one REMOVE redriveRequestedAt, nextAttemptAt',
      values: {
        ':sendingNow': 'sending',
        ':leaseId': lease.leaseId,
        ':leaseUntil': lease.leaseUntil,
        ':one': 1,
      },
    }),
  };
  try {
    await store.db.send(new TransactWriteCommand({ TransactItems: [claim, ...alongside] }));
    return 'claimed';
  } catch (error) {
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    const reasons =
      (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'busy';
    if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) return 'conflict';
    throw error;
  }
}

/** A send failed: back to pending for a later attempt, if this sender still holds it. */
export async function releaseMessage(
  store: Store,
  id: string,
  leaseId: string,
  failure: { error: string; nextAttemptAt: number },
): Promise<void> {
  // Not held any more (false) is fine: someone else took it over after our lease ran out,
  // and theirs is the attempt that counts.
  await updateMessage(store, id, {
    guard: heldBy(leaseId),
    update:
      'SET #status = :pending, lastError = :error, nextAttemptAt = :next ' +
      'REMOVE leaseId, leaseUntil',
    values: {
      ':pending': 'pending',
      ':error': failure.error.slice(0, 500),
      ':next': failure.nextAttemptAt,
    },
  });
}

export interface SentRecord {
  sentAt: string;
  to: string;
  /** With the token hidden. */
  text: string;
  segments: number;
  providerMessageId?: string;
}

/**
 * The provider accepted the message: mark it sent. Conditioned on this sender's lease, so that
 * a message is marked once; false when the lease was lost (another sender took over).
 */
export async function markSent(
  store: Store,
  id: string,
  leaseId: string,
  sent: SentRecord,
): Promise<boolean> {
  return updateMessage(store, id, {
    guard: heldBy(leaseId),
    update:
      'SET #status = :sent, sentAt = :sentAt, #to = :to, #text = :text, ' +
      '#segments = :segments, GSI1PK = :done, GSI1SK = :doneKey' +
      (sent.providerMessageId ? ', providerMessageId = :provider ' : ' ') +
      'REMOVE leaseId, leaseUntil, lastError, nextAttemptAt',
    names: { '#to': 'to', '#text': 'text', '#segments': 'segments' },
    values: {
      ':sent': 'sent',
      ':sentAt': sent.sentAt,
      ':to': sent.to,
      ':text': sent.text,
      ':segments': sent.segments,
      ...(sent.providerMessageId ? { ':provider': sent.providerMessageId } : {}),
      ':done': donePartition,
      ':doneKey': `${sent.sentAt}#${id}`,
    },
  });
}

/**
 * Finished without sending: the household opted out, or has no usable number. Taken from
 * waiting, or from this sender's own lease when `leaseId` is given.
 */
export async function finishUnsent(
  store: Store,
  id: string,
  outcome: { status: 'skipped' | 'undeliverable'; reason: string; at: string },
  now: number,
  leaseId?: string,
): Promise<boolean> {
  return updateMessage(store, id, {
    guard: leaseId ? heldBy(leaseId) : claimable(now),
    update:
      'SET #status = :final, #reason = :reason, finishedAt = :at, GSI1PK = :done, ' +
      'GSI1SK = :doneKey REMOVE leaseId, leaseUntil, nextAttemptAt',
    names: { '#reason': 'reason' },
    values: {
      ':final': outcome.status,
      ':reason': outcome.reason,
      ':at': outcome.at,
      ':done': donePartition,
      ':doneKey': `${outcome.at}#${id}`,
    },
  });
}

async function queryPartition(
  store: Store,
  partition: string,
  limit: number,
): Promise<StoredMessage[]> {
  const items = await queryAll(
    store,
    {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :partition',
      ExpressionAttributeValues: { ':partition': partition },
    },
    { limit },
  );
  return items.map(messageFromItem);
}

/** Messages waiting (or being sent), oldest first: the sparse GSI1 partition, no scan. */
export function listPendingMessages(store: Store, limit = 100): Promise<StoredMessage[]> {
  return queryPartition(store, pendingPartition, limit);
}

/** Waiting and finished messages, oldest first, optionally of one association. */
export async function listOutbox(
  store: Store,
  filter: { associationId?: string; limit?: number } = {},
): Promise<StoredMessage[]> {
  const limit = filter.limit ?? 500;
  const all = [
    ...(await queryPartition(store, donePartition, limit)),
    ...(await queryPartition(store, pendingPartition, limit)),
  ];
  return all.filter(
    (message) => !filter.associationId || message.associationId === filter.associationId,
  );
}

/**
 * Messages still waiting after `olderThanMs` (their stream records were exhausted, or went to
 * the dead-letter queue) get `redriveRequestedAt`: the stream delivers that change to the
 * notifier again. Returns the ids asked for.
 */
export async function requestRedrive(
  store: Store,
  options: { now: number; olderThanMs: number },
): Promise<string[]> {
  const cutoff = new Date(options.now - options.olderThanMs).toISOString();
  const stale = (await listPendingMessages(store, 1000)).filter((m) => m.createdAt < cutoff);
  const asked: string[] = [];
  for (const message of stale) {
    const asking = await updateMessage(store, message.id, {
      guard: claimable(options.now),
      update: 'SET redriveRequestedAt = :at',
      values: { ':at': new Date(options.now).toISOString() },
    });
    if (asking) asked.push(message.id);
  }
  return asked;
}
