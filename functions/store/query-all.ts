/**
 * Every item a query matches, page after page: DynamoDB answers at most 1 MB a call, so a
 * query that must see everything follows LastEvaluatedKey until there is none (or, with
 * `limit`, until it has that many).
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client.ts';

export type QueryAllInput = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>;

export async function queryAll(
  store: Store,
  input: QueryAllInput,
  options: { limit?: number } = {},
): Promise<Record<string, unknown>[]> {
  const limit = options.limit ?? Infinity;
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await store.db.send(
      new QueryCommand({
        ...input,
        TableName: store.tableName,
        ExclusiveStartKey,
        ...(Number.isFinite(limit) ? { Limit: limit - items.length } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && items.length < limit);
  return items;
}
