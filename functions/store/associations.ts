/** Reads and writes of federations and associations: the only code that knows their items. */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Association, Federation } from '#domain/association.ts';
import { charterSchema, type Charter } from '#domain/charter.ts';
import { putIfAbsent } from './guarded-writes.ts';
import { moneyFrom } from './numbers.ts';
import type { Store } from './client.ts';
import { keys } from './table-definition.ts';
import { queryAll } from './query-all.ts';

export async function loadAssociation(store: Store, aid: string): Promise<Association | undefined> {
  const { Item } = await store.db.send(
    new GetCommand({ TableName: store.tableName, Key: keys.association(aid) }),
  );
  return Item ? associationFromItem(Item) : undefined;
}

export async function loadFederation(store: Store, fid: string): Promise<Federation | undefined> {
  const { Item } = await store.db.send(
    new GetCommand({ TableName: store.tableName, Key: keys.federation(fid) }),
  );
  if (!Item) return undefined;
  return {
    id: Item.id,
    name: Item.name,
    county: Item.county,
    township: Item.township,
    foundedOn: Item.foundedOn,
  };
}

export async function listAssociations(store: Store, fid: string): Promise<Association[]> {
  const items = await queryAll(store, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :fed AND begins_with(GSI1SK, :assoc)',
    ExpressionAttributeValues: { ':fed': `FED#${fid}`, ':assoc': 'ASSOC#' },
  });
  return items.map(associationFromItem);
}

/** Creates a federation unless it exists (seeding is safe to repeat). */
export async function createFederation(store: Store, federation: Federation): Promise<boolean> {
  return putIfAbsent(store, {
    ...keys.federation(federation.id),
    kind: 'federation',
    ...federation,
  });
}

/** Creates an association unless it exists. */
export async function createAssociation(store: Store, association: Association): Promise<boolean> {
  return putIfAbsent(store, {
    ...keys.association(association.id),
    GSI1PK: `FED#${association.federationId}`,
    GSI1SK: `ASSOC#${association.id}`,
    kind: 'association',
    version: 1,
    memberSeq: 0,
    ...association,
  });
}

export function associationFromItem(item: Record<string, unknown>): Association {
  return {
    id: String(item.id),
    federationId: String(item.federationId),
    name: String(item.name),
    village: String(item.village),
    foundedOn: String(item.foundedOn),
    treasurerPhone: String(item.treasurerPhone),
    // Stored charters hold integers (share counts): unwrap the exact numbers before parsing.
    charter: charterSchema.parse(unwrapNumbers(item.charter)),
  };
}

/**
 * Turns DynamoDB NumberValues (read with wrapNumbers) back into plain values: integers become
 * numbers; anything with a fraction stays a string so that it cannot lose precision.
 */
export function unwrapNumbers(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(unwrapNumbers);
  if (value instanceof Set) return new Set([...value].map(unwrapNumbers));
  if ('value' in value && Object.keys(value).length === 1 && typeof value.value === 'string') {
    const text = value.value;
    return /^-?\d{1,15}$/.test(text) ? Number(text) : text;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapNumbers(v)]));
}

/** Every ledger account's balance (debit minus credit), as exact decimal strings. */
export async function loadAccountBalances(
  store: Store,
  aid: string,
): Promise<{ account: string; balance: string }[]> {
  const { Items = [] } = await store.db.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :account)',
      ExpressionAttributeValues: { ':pk': `ASSOC#${aid}`, ':account': 'ACCOUNT#' },
    }),
  );
  return Items.map((item) => ({
    account: String(item.code),
    balance: moneyFrom(item.balance).toString(),
  }));
}

/** Replaces the charter; the association must exist. */
export async function saveCharter(store: Store, aid: string, charter: Charter): Promise<void> {
  await store.db.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: keys.association(aid),
      UpdateExpression: 'SET charter = :charter ADD version :one',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':charter': charter, ':one': 1 },
    }),
  );
}
