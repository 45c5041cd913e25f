/**
 * What a 贴息 claim reads (an association's subsidised loans and their borrowers) and its
 * audit trail: one item per fetch, AUDIT#<aid> / <ISO time>#<requestId>, kept for good (no
 * TTL), because the claim carries full ID numbers out of the system.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Loan } from '#domain/loans/loan.ts';
import { Money } from '#domain/money.ts';
import type { ClaimBorrower } from '#domain/subsidy/claim.ts';
import type { Store } from './client.ts';
import { loanFromItem } from './loans.ts';
import { decodeCursor, encodeCursor, memberFromItem } from './members.ts';
import { countFrom, moneyFrom, numberValue } from './numbers.ts';
import { keys } from './table-definition.ts';
import { readItems } from './write-once.ts';
import { queryAll } from './query-all.ts';

/** The association's loans of these products disbursed by `until`, in every state. */
export async function loadLoansOfProducts(
  store: Store,
  aid: string,
  products: readonly string[],
  until: string,
): Promise<Loan[]> {
  if (products.length === 0) return [];
  const names = products.map((_, i) => `:p${i}`);
  const items = await queryAll(store, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :loan)',
    FilterExpression: `#product IN (${names.join(', ')}) AND disbursedOn <= :until`,
    ExpressionAttributeNames: { '#product': 'product' },
    ExpressionAttributeValues: {
      ':pk': `ASSOC#${aid}`,
      ':loan': 'LOAN#',
      ':until': until,
      ...Object.fromEntries(products.map((product, i) => [names[i], product])),
    },
    ConsistentRead: true,
  });
  return items.map(loanFromItem);
}

/** Name and full ID number of each household, for the claim only. */
export async function loadBorrowers(
  store: Store,
  aid: string,
  memberIds: readonly string[],
): Promise<ClaimBorrower[]> {
  const read = await readItems(
    store,
    memberIds.map((mid) => keys.member(aid, mid)),
  );
  return read
    .all()
    .map(memberFromItem)
    .map((m) => ({
      id: m.id,
      name: m.name,
      idNumber: m.idNumber,
    }));
}

export interface ClaimFetch {
  associationId: string;
  /** ISO 8601 instant. */
  at: string;
  requestId: string;
  user: string;
  /** The role that let the user fetch it. */
  role: string;
  period: string;
  format: string;
  rows: number;
  subsidy: string;
}

const auditKey = (aid: string, at: string, requestId: string) => ({
  PK: `AUDIT#${aid}`,
  SK: `${at}#${requestId}`,
});

export async function recordClaimFetch(store: Store, fetch: ClaimFetch): Promise<void> {
  await store.db.send(
    new PutCommand({
      TableName: store.tableName,
      Item: {
        ...auditKey(fetch.associationId, fetch.at, fetch.requestId),
        kind: 'subsidy-claim-fetch',
        ...fetch,
        subsidy: numberValue(Money.of(fetch.subsidy)),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

/** Newest first. */
export async function listClaimFetches(
  store: Store,
  aid: string,
  page: { limit: number; cursor?: string },
): Promise<{ fetches: ClaimFetch[]; cursor?: string }> {
  const partition = `AUDIT#${aid}`;
  const result = await store.db.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: page.limit,
      ConsistentRead: true,
      ExclusiveStartKey: page.cursor ? decodeCursor(page.cursor, partition) : undefined,
    }),
  );
  return {
    fetches: (result.Items ?? []).map((item) => ({
      associationId: String(item.associationId),
      at: String(item.at),
      requestId: String(item.requestId),
      user: String(item.user),
      role: String(item.role),
      period: String(item.period),
      format: String(item.format),
      rows: countFrom(item.rows),
      subsidy: moneyFrom(item.subsidy).toString(),
    })),
    cursor: result.LastEvaluatedKey ? encodeCursor(result.LastEvaluatedKey) : undefined,
  };
}
