/**
 * A household's SMS preference: it may opt out of reminders (the due reminder and the overdue
 * notice); receipts always go. Kept in an item of its own beside the member, so that the
 * member's own writes (a whole-item Put) never lose it:
 *   ASSOC#<aid>  MSGPREF#<mid>   remindersOptOut, updatedAt
 * The notifier reads it when it sends, so a change takes effect for the next message.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client.ts';
import type { ItemKey } from './table-definition.ts';

export const messagePreferenceKey = (aid: string, mid: string): ItemKey => ({
  PK: `ASSOC#${aid}`,
  SK: `MSGPREF#${mid}`,
});

export interface MessagePreference {
  remindersOptOut: boolean;
}

export function messagePreferenceFromItem(
  item: Record<string, unknown> | undefined,
): MessagePreference {
  return { remindersOptOut: item?.remindersOptOut === true };
}

export async function setReminderOptOut(
  store: Store,
  aid: string,
  mid: string,
  optOut: boolean,
  at: Date,
): Promise<void> {
  await store.db.send(
    new PutCommand({
      TableName: store.tableName,
      Item: {
        ...messagePreferenceKey(aid, mid),
        kind: 'message-preference',
        associationId: aid,
        memberId: mid,
        remindersOptOut: optOut,
        updatedAt: at.toISOString(),
      },
    }),
  );
}
