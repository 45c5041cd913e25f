/**
 * Delivery receipts (回执) on the outbox: a sent message gets `receipt` ('delivered' or
 * 'failed'), the carrier's code and when. A receipt is recorded once (the first one the
 * provider reports); it never changes the message's status, so the at-least-once / at-most-twice
 * guarantee of deliver.ts is untouched by it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client.ts';
import { donePartition, outboxKey } from './outbox.ts';
import { queryAll } from './query-all.ts';

export interface AwaitingReceipt {
  messageId: string;
  to: string;
  sentAt: string;
  providerMessageId?: string;
}

export interface RecordedReceipt {
  messageId: string;
  delivered: boolean;
  code: string;
  at: string;
}

/** Messages sent since `since` (ISO) that have no receipt yet: the done partition, by time. */
export async function listAwaitingReceipt(store: Store, since: string): Promise<AwaitingReceipt[]> {
  const items = await queryAll(store, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :done AND GSI1SK >= :since',
    FilterExpression: '#status = :sent AND attribute_not_exists(receipt)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':done': donePartition, ':since': since, ':sent': 'sent' },
  });
  return items.map((item) => ({
    messageId: String(item.id),
    to: String(item.to),
    sentAt: String(item.sentAt),
    providerMessageId: item.providerMessageId ? String(item.providerMessageId) : undefined,
  }));
}

/** Records a receipt on a sent message; false when it has one already or was never sent. */
export async function recordReceipt(store: Store, receipt: RecordedReceipt): Promise<boolean> {
  try {
    await store.db.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: outboxKey(receipt.messageId),
        ConditionExpression: '#status = :sent AND attribute_not_exists(receipt)',
        UpdateExpression: 'SET receipt = :receipt, receiptCode = :code, receiptAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':receipt': receipt.delivered ? 'delivered' : 'failed',
          ':code': receipt.code,
          ':at': receipt.at,
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
