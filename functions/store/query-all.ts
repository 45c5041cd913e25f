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

/** Every item of a listing the store serves a page at a time, following its cursor to the end. */
export async function everyPage<Page extends { cursor?: string }, T>(
  pageAt: (cursor: string | undefined) => Promise<Page>,
  itemsOf: (page: Page) => T[],
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await pageAt(cursor);
    items.push(...itemsOf(page));
    cursor = page.cursor;
  } while (cursor);
  return items;
}
