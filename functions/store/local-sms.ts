/**
 * What the local SMS gateway "sent" (local mode only): one item per send, so that a repeated
 * send shows up as two. The text is the full text as the phone would show it, link included:
 * locally this stands in for the household's phone, not for our records.
 *   LOCALSMS#<messageId>  SENT#<sentAt>#<n>   to, text, segments, sentAt; GSI1 LOCALSMS
 */
import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client.ts';
import { countFrom } from './numbers.ts';
import { queryAll } from './query-all.ts';

export interface LocalSms {
  messageId: string;
  to: string;
  text: string;
  segments: number;
  sentAt: string;
}

const partition = 'LOCALSMS';

export async function recordLocalSms(store: Store, sms: LocalSms): Promise<string> {
  const unique = randomBytes(4).toString('hex');
  await store.db.send(
    new PutCommand({
      TableName: store.tableName,
      Item: {
        PK: `LOCALSMS#${sms.messageId}`,
        SK: `SENT#${sms.sentAt}#${unique}`,
        kind: 'local-sms',
        ...sms,
        GSI1PK: partition,
        GSI1SK: `${sms.sentAt}#${sms.messageId}#${unique}`,
      },
    }),
  );
  return `local-${unique}`;
}

/** Every local send, oldest first. */
export async function listLocalSms(store: Store): Promise<LocalSms[]> {
  const found: LocalSms[] = [];
  const items = await queryAll(store, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :partition',
    ExpressionAttributeValues: { ':partition': partition },
  });
  for (const item of items) {
    found.push({
      messageId: String(item.messageId),
      to: String(item.to),
      text: String(item.text),
      segments: countFrom(item.segments),
      sentAt: String(item.sentAt),
    });
  }
  return found;
}
