/**
 * The notifier Lambda (cloud): the table's stream delivers each new OUTBOX item (and each
 * redrive request) here. Records are delivered one by one with deliverWithRetry; a record that
 * is still not done is reported as a batch item failure, so Lambda retries from it (the
 * records after it come again too, and find their messages already sent). After the event
 * source's retries the record goes to the dead-letter queue, which raises an alarm; the
 * message itself stays pending in the table, and the daily job asks for a redrive.
 */
import type {
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { logger } from '../http/logger.ts';
import { store } from '../store/client.ts';
import { deliverWithRetry, type NotifierDeps } from './deliver.ts';
import { cloudSender } from './cloud-sender.ts';

/** The outbox message a stream record asks to deliver, if any. */
export function outboxMessageIdOf(record: DynamoDBRecord): string | undefined {
  const image = record.dynamodb?.NewImage;
  const pk = record.dynamodb?.Keys?.PK?.S ?? image?.PK?.S;
  if (!pk?.startsWith('OUTBOX#')) return undefined;
  if (record.eventName === 'INSERT') return pk.slice('OUTBOX#'.length);
  const redrive =
    record.eventName === 'MODIFY' &&
    image?.redriveRequestedAt !== undefined &&
    image?.status?.S === 'pending';
  return redrive ? pk.slice('OUTBOX#'.length) : undefined;
}

export function createStreamHandler(deps: () => NotifierDeps) {
  return async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
    const failures: string[] = [];
    const started = Date.now();
    const budget = context?.getRemainingTimeInMillis?.() ?? 60_000;
    for (const record of event.Records) {
      const id = outboxMessageIdOf(record);
      if (!id) continue;
      const sequence = record.dynamodb?.SequenceNumber ?? '';
      try {
        const result = await deliverWithRetry(deps(), id, {
          deadline: started + budget - 10_000,
        });
        if (result.outcome === 'in-flight') failures.push(sequence);
        else logger.info('message delivered', { messageId: id, outcome: result.outcome });
      } catch (error) {
        logger.warn('message not delivered yet', { messageId: id, error: String(error) });
        failures.push(sequence);
      }
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

let cloudDeps: NotifierDeps | undefined;

export const handler = createStreamHandler(
  () =>
    (cloudDeps ??= {
      store: store(),
      sender: cloudSender(),
      linkBaseUrl: process.env.LINK_BASE_URL ?? '',
    }),
);
