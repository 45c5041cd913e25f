/**
 * Everything the notifier needs to address one message, read in one BatchGetItem when it
 * sends: the member as it is NOW (its current phone and name), the association (signature,
 * treasurer's phone, charter), the household's SMS preference and the loan's link state.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Association } from '#domain/association.ts';
import type { Member } from '#domain/members/member.ts';
import { associationFromItem } from './associations.ts';
import type { Store } from './client.ts';
import { linkStateFromItem, loanLinksKey, type LoanLinkState } from './loan-links.ts';
import {
  messagePreferenceFromItem,
  messagePreferenceKey,
  type MessagePreference,
} from './message-preferences.ts';
import { memberFromItem } from './members.ts';
import { keyString, keys, type ItemKey } from './table-definition.ts';

export interface Recipient {
  member?: Member;
  association?: Association;
  preference: MessagePreference;
  linkState?: LoanLinkState;
}

export async function loadRecipient(
  store: Store,
  to: { associationId: string; memberId: string; loanId?: string },
): Promise<Recipient> {
  const wanted: Record<string, ItemKey> = {
    member: keys.member(to.associationId, to.memberId),
    association: keys.association(to.associationId),
    preference: messagePreferenceKey(to.associationId, to.memberId),
    ...(to.loanId ? { linkState: loanLinksKey(to.associationId, to.loanId) } : {}),
  };
  const found = new Map<string, Record<string, unknown>>();
  let pending: ItemKey[] = Object.values(wanted);
  while (pending.length > 0) {
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
  const item = (name: string) => {
    const key = wanted[name];
    return key ? found.get(keyString(key)) : undefined;
  };
  const member = item('member');
  const association = item('association');
  const linkState = item('linkState');
  return {
    member: member && memberFromItem(member),
    association: association && associationFromItem(association),
    preference: messagePreferenceFromItem(item('preference')),
    linkState: linkState && linkStateFromItem(linkState),
  };
}
