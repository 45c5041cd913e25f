/**
 * The in-memory table answers as DynamoDB does: the same cases, through the store's own
 * functions (writeOnce, readItems, queryAll, the guarded writes) and the commands the store
 * sends, run on DynamoDB Local and on the memory table, must give identical results: items,
 * pages, conflicts, refusals, validation errors and cancellation reasons. This is what lets
 * the in-process property run (books-properties-in-memory.test.ts) stand for DynamoDB.
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  NumberValue,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from '#domain/refusal.ts';
import { createDocumentClient, type Store } from '../../functions/store/client.ts';
import {
  conditionally,
  counterWrite,
  newItemWrite,
  putIfAbsent,
  versionedPut,
} from '../../functions/store/guarded-writes.ts';
import { memoryStore } from '../../functions/store/memory-table.ts';
import { queryAll } from '../../functions/store/query-all.ts';
import { countRequest } from '../../functions/store/rate-limit.ts';
import type { ReadSet } from '../../functions/store/read-set.ts';
import { readItems, writeOnce } from '../../functions/store/write-once.ts';
import { ensureTable } from '../../local/create-table.ts';
import { workerEngine } from '../support/local-system.ts';

let dynamo: Store;
const tableName = `conformance-${randomUUID()}`;

beforeAll(async () => {
  await ensureTable(workerEngine(), tableName);
  dynamo = { db: createDocumentClient({ tableName, endpoint: workerEngine() }), tableName };
});
afterAll(async () => {
  await dynamo.db.send(new DeleteTableCommand({ TableName: tableName }));
});

/** Numbers by value (DynamoDB Local keeps "0.00" after an ADD where DynamoDB says "0"). */
function comparable(value: unknown): unknown {
  if (value instanceof NumberValue) return { N: new Decimal(value.toString()).toFixed() };
  if (Array.isArray(value)) return value.map(comparable);
  if (value instanceof Refusal) return { refusal: value.code };
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== '$metadata')
        .map(([key, v]) => [key, comparable(v)]),
    );
  }
  return value;
}

/** What a case gave: its result, or the error it threw as a caller can tell it apart. */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { result: comparable(await run()) };
  } catch (error) {
    if (error instanceof Refusal) return { refusal: error.code };
    const { name, message, CancellationReasons } = error as Error & {
      CancellationReasons?: unknown;
    };
    return { error: { name, message, reasons: CancellationReasons } };
  }
}

/**
 * Runs one case on DynamoDB Local and on a fresh memory table; each gets its own partition
 * prefix, the same on both, so cases never see each other's items.
 */
async function onBoth(
  run: (store: Store, p: string) => Promise<unknown>,
): Promise<{ dynamo: unknown; memory: unknown }> {
  const prefix = `c${randomUUID().slice(0, 8)}`;
  const memory = memoryStore(tableName);
  const results = {
    dynamo: await outcome(() => run(dynamo, prefix)),
    memory: await outcome(() => run(memory, prefix)),
  };
  expect(results.memory).toEqual(results.dynamo);
  return results;
}

/** What a batch read found, in key order (BatchGetItem answers in no particular order). */
const sortedItems = (read: ReadSet) =>
  read.all().sort((a, b) => `${a.PK}|${a.SK}`.localeCompare(`${b.PK}|${b.SK}`));

const put = (store: Store, item: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  store.db.send(new PutCommand({ TableName: store.tableName, Item: item, ...extra }));
const get = async (store: Store, PK: string, SK: string) =>
  (await store.db.send(new GetCommand({ TableName: store.tableName, Key: { PK, SK } }))).Item;
const update = (
  store: Store,
  input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
) => store.db.send(new UpdateCommand({ TableName: store.tableName, ...input }));
const transact = (store: Store, items: unknown[]) =>
  store.db.send(new TransactWriteCommand({ TransactItems: items as never }));
const query = (
  store: Store,
  input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
) => store.db.send(new QueryCommand({ TableName: store.tableName, ...input }));

describe('writes through the store functions', () => {
  it('writeOnce books guarded writes in one transaction and replays its idempotency record', async () => {
    const { dynamo: result } = await onBoth(async (store, p) => {
      const idempotency = {
        record: { PK: `${p}#IDEMP`, SK: 'IDEMP' },
        requestHash: 'h1',
        reads: [],
        authorize: () => undefined,
      };
      const request = {
        idempotency,
        reads: [{ PK: `${p}#A`, SK: 'META' }],
        decide: (read: ReadSet) => ({
          writes: [
            newItemWrite(store.tableName, {
              PK: `${p}#A`,
              SK: 'MEMBER#1',
              seen: read.all().length,
            }),
            counterWrite(store.tableName, `${p}x`, 'loanSeq', 0, { missingIsZero: true }),
          ],
          response: { status: 201, body: { id: 'MEMBER#1' } },
        }),
      };
      const first = await writeOnce(store, request);
      const replay = await writeOnce(store, request);
      const reused = await outcome(() =>
        writeOnce(store, { ...request, idempotency: { ...idempotency, requestHash: 'h2' } }),
      );
      const items = await readItems(store, [
        { PK: `${p}#A`, SK: 'MEMBER#1' },
        { PK: `ASSOC#${p}x`, SK: 'META' },
        { PK: `${p}#missing`, SK: 'META' },
      ]);
      return { first, replay, reused, items: sortedItems(items) };
    });
    expect(result).toMatchObject({
      result: { first: { replayed: false }, replay: { replayed: true, status: 201 } },
    });
  });

  it('a business rule that fails its condition is the refusal the write carries', async () => {
    const { dynamo: result } = await onBoth(async (store, p) => {
      await put(store, { PK: `${p}#A`, SK: 'ACCOUNT#1001', balance: NumberValue.from('10.50') });
      return writeOnce(store, {
        reads: [],
        decide: () => ({
          writes: [
            {
              item: {
                Update: {
                  TableName: store.tableName,
                  Key: { PK: `${p}#A`, SK: 'ACCOUNT#1001' },
                  UpdateExpression: 'ADD balance :change',
                  ConditionExpression: 'balance >= :floor',
                  ExpressionAttributeValues: {
                    ':change': NumberValue.from('-20.00'),
                    ':floor': NumberValue.from('20.00'),
                  },
                },
              },
              onConditionFailed: new Refusal('INSUFFICIENT_CASH', '现金不足', 'refused'),
            },
          ],
          response: { status: 201, body: {} },
        }),
      });
    });
    expect(result).toEqual({ refusal: 'INSUFFICIENT_CASH' });
  });

  it('readItems reads more than one BatchGetItem holds, and only what exists', async () => {
    const { dynamo: result } = await onBoth(async (store, p) => {
      for (let i = 0; i < 30; i += 1) await put(store, { PK: `${p}#B`, SK: `K#${i}`, n: i });
      const wanted = Array.from({ length: 130 }, (_, i) => ({ PK: `${p}#B`, SK: `K#${i % 120}` }));
      return sortedItems(await readItems(store, wanted));
    });
    expect((result as { result: unknown[] }).result).toHaveLength(30);
  });

  it('putIfAbsent and conditionally say whether the write was made', async () => {
    const { dynamo: result } = await onBoth(async (store, p) => {
      const first = await putIfAbsent(store, { PK: `${p}#C`, SK: 'ONE', v: 1 });
      const second = await putIfAbsent(store, { PK: `${p}#C`, SK: 'ONE', v: 2 });
      const stale = await conditionally(
        transact(
          store,
          [versionedPut(store.tableName, { PK: `${p}#C`, SK: 'ONE', version: 2 }, 1)].map(
            (w) => w.item,
          ),
        ),
      ).catch((error: Error) => error.name);
      return { first, second, stale, item: await get(store, `${p}#C`, 'ONE') };
    });
    expect(result).toMatchObject({ result: { first: true, second: false } });
  });
});

describe('update expressions', () => {
  it('SET with if_not_exists, + and list_append, ADD and REMOVE, with ReturnValues', async () => {
    const { dynamo: result } = await onBoth(async (store, p) => {
      const Key = { PK: `${p}#U`, SK: 'ONE' };
      await put(store, {
        ...Key,
        version: 1,
        balance: NumberValue.from('100.10'),
        gone: 'x',
        list: ['a'],
      });
      const changed = await update(store, {
        Key,
        UpdateExpression:
          'SET version = version + :one, since = if_not_exists(since, :today), #list = list_append(#list, :more), #name = :name ADD balance :change, tags :tags REMOVE gone',
        ConditionExpression: 'attribute_exists(PK) AND version = :read',
        ExpressionAttributeNames: { '#name': 'name', '#list': 'list' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':today': '2026-12-03',
          ':more': ['b', 'c'],
          ':name': '现金',
          ':change': NumberValue.from('-100.10'),
          ':tags': new Set(['t1']),
          ':read': 1,
        },
        ReturnValues: 'ALL_NEW',
      });
      const created = await update(store, {
        Key: { PK: `${p}#U`, SK: 'NEW' },
        UpdateExpression: 'ADD balance :change SET code = :code',
        ExpressionAttributeValues: { ':change': NumberValue.from('0.10'), ':code': '1001' },
        ReturnValues: 'UPDATED_NEW',
      });
      return { changed, created, after: await get(store, `${p}#U`, 'ONE') };
    });
    expect(result).toMatchObject({
      result: { after: { balance: { N: '0' }, version: { N: '2' } } },
    });
  });

  it('counts a rate limit with ADD and if_not_exists, answering UPDATED_NEW', async () => {
    await onBoth(async (store, p) => {
      const request = {
        scope: p,
        client: '10.0.0.1',
        now: new Date('2026-12-03T10:00:30Z'),
        limitPerMinute: 1,
      };
      return [await countRequest(store, request), await countRequest(store, request)];
    });
  });

  it('refuses updates DynamoDB refuses', async () => {
    const cases: [string, Record<string, unknown>][] = [
      [
        'a missing operand of +',
        { UpdateExpression: 'SET v = v + :one', ExpressionAttributeValues: { ':one': 1 } },
      ],
      [
        'a key attribute',
        { UpdateExpression: 'SET SK = :x', ExpressionAttributeValues: { ':x': 'y' } },
      ],
      [
        'a value never used',
        { UpdateExpression: 'SET v = :x', ExpressionAttributeValues: { ':x': 1, ':y': 2 } },
      ],
      [
        'a name never used',
        {
          UpdateExpression: 'SET v = :x',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: { ':x': 1 },
        },
      ],
      ['an undefined value', { UpdateExpression: 'SET v = :x' }],
      [
        'a reserved word',
        { UpdateExpression: 'SET status = :x', ExpressionAttributeValues: { ':x': 1 } },
      ],
      [
        'empty names',
        {
          UpdateExpression: 'SET v = :x',
          ExpressionAttributeNames: {},
          ExpressionAttributeValues: { ':x': 1 },
        },
      ],
      [
        'ADD of a string',
        { UpdateExpression: 'ADD v :x', ExpressionAttributeValues: { ':x': 'a' } },
      ],
      [
        'SET twice',
        { UpdateExpression: 'SET v = :x SET w = :x', ExpressionAttributeValues: { ':x': 1 } },
      ],
      [
        'a name twice',
        { UpdateExpression: 'SET v = :x, v = :x', ExpressionAttributeValues: { ':x': 1 } },
      ],
      [
        'an index key of the wrong type',
        { UpdateExpression: 'SET GSI1PK = :x', ExpressionAttributeValues: { ':x': 5 } },
      ],
    ];
    for (const [label, input] of cases) {
      const { dynamo: result } = await onBoth((store, p) =>
        update(store, { Key: { PK: `${p}#V`, SK: 'ONE' }, ...input } as never),
      );
      expect(result, label).toMatchObject({ error: { name: 'ValidationException' } });
    }
  });
});

describe('conditions', () => {
  const conditions: [string, string, Record<string, unknown>, Record<string, string>?][] = [
    ['a comparison with a missing attribute', 'missing = :v', { ':v': 1 }],
    ['<> with a missing attribute', 'missing <> :v', { ':v': 1 }],
    ['numbers by value', 'balance = :v', { ':v': NumberValue.from('12.50') }],
    ['numbers are not strings', 'balance < :v', { ':v': '13' }],
    [
      'the outbox claim',
      '(#status = :pending OR (#status = :sending AND leaseUntil < :now))',
      { ':pending': 'pending', ':sending': 'sending', ':now': 2000 },
      { '#status': 'status' },
    ],
    [
      'NOT and precedence',
      'NOT attribute_exists(nope) AND balance >= :low OR balance < :low',
      { ':low': 100 },
    ],
    [
      'BETWEEN and IN',
      'balance BETWEEN :low AND :high AND kind IN (:a, :b)',
      { ':low': 12, ':high': 13, ':a': 'x', ':b': 'account' },
    ],
    ['begins_with', 'begins_with(kind, :prefix)', { ':prefix': 'acc' }],
    ['strings by their UTF-8 bytes', 'note > :v', { ':v': '\uff01' }],
    ['a boolean cannot be ordered', 'balance < :v', { ':v': true }],
    ['a reserved word', 'name = :v', { ':v': 'x' }],
    ['a syntax error', 'balance = = :v', { ':v': 1 }],
    ['an unfinished expression', 'balance = :v AND', { ':v': 1 }],
    ['a missing parenthesis', '(balance = :v', { ':v': 1 }],
  ];
  for (const [label, ConditionExpression, values, names] of conditions) {
    it(`decides ${label} as DynamoDB does`, async () => {
      await onBoth(async (store, p) => {
        const item = {
          PK: `${p}#K`,
          SK: 'ONE',
          balance: NumberValue.from('12.5'),
          kind: 'account',
          status: 'sending',
          leaseUntil: 1000,
          note: '\ud83d\ude00',
        };
        await put(store, item);
        return conditionally(
          put(
            store,
            { ...item, written: true },
            {
              ConditionExpression,
              ExpressionAttributeValues: values,
              ...(names ? { ExpressionAttributeNames: names } : {}),
            },
          ),
        );
      });
    });
  }
});

describe('transactions', () => {
  it('cancel as a whole, with one reason per item', async () => {
    const { dynamo: result } = await onBoth(async (store, p) => {
      await put(store, { PK: `${p}#T`, SK: 'ACCOUNT', balance: 5, version: 3 });
      const attempt = await outcome(() =>
        transact(store, [
          {
            Put: {
              TableName: store.tableName,
              Item: { PK: `${p}#T`, SK: 'NEW' },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Update: {
              TableName: store.tableName,
              Key: { PK: `${p}#T`, SK: 'ACCOUNT' },
              UpdateExpression: 'ADD balance :c',
              ConditionExpression: 'balance >= :floor',
              ExpressionAttributeValues: { ':c': -10, ':floor': 10 },
            },
          },
          {
            ConditionCheck: {
              TableName: store.tableName,
              Key: { PK: `${p}#T`, SK: 'ACCOUNT2' },
              ConditionExpression: 'attribute_not_exists(closedThrough) OR closedThrough < :d',
              ExpressionAttributeValues: { ':d': '2026-01-01' },
            },
          },
          {
            Update: {
              TableName: store.tableName,
              Key: { PK: `${p}#T`, SK: 'ACCOUNT3' },
              UpdateExpression: 'SET v = :v',
              ConditionExpression: 'version = :read',
              ExpressionAttributeValues: { ':v': 1, ':read': 1 },
            },
          },
        ]),
      );
      return {
        attempt,
        untouched: sortedItems(
          await readItems(store, [
            { PK: `${p}#T`, SK: 'NEW' },
            { PK: `${p}#T`, SK: 'ACCOUNT' },
          ]),
        ),
      };
    });
    expect(result).toMatchObject({
      result: {
        attempt: {
          error: {
            name: 'TransactionCanceledException',
            reasons: [
              { Code: 'None' },
              { Code: 'ConditionalCheckFailed' },
              { Code: 'None' },
              { Code: 'ConditionalCheckFailed' },
            ],
          },
        },
        // Nothing applied: no new item, the balance as it was.
        untouched: [{ SK: 'ACCOUNT', balance: { N: '5' } }],
      },
    });
  });

  it('refuses more than 100 items, two writes of one item, and none', async () => {
    for (const size of [101, 0]) {
      await onBoth((store, p) =>
        transact(
          store,
          Array.from({ length: size }, (_, i) => ({
            Put: { TableName: store.tableName, Item: { PK: `${p}#X`, SK: `${i}` } },
          })),
        ),
      );
    }
    const { dynamo: result } = await onBoth((store, p) =>
      transact(
        store,
        [0, 1].map(() => ({
          Put: { TableName: store.tableName, Item: { PK: `${p}#X`, SK: 'same' } },
        })),
      ),
    );
    expect(result).toMatchObject({ error: { name: 'ValidationException' } });
  });
});

describe('queries', () => {
  /** Items in one partition, sort keys out of order, some of them on GSI1. */
  async function seedPartition(store: Store, p: string) {
    const sortKeys = [
      'JE#2026-03-01#b',
      'ACCOUNT#1001',
      'JE#2026-01-15#a',
      'JE#2026-03-01#a',
      'MEMBER#m2',
      'MEMBER#m1',
      'JE#2025-12-31#z',
      'TEXT#\uff01',
      'TEXT#\ud83d\ude00',
      'TEXT#z',
    ];
    for (const [i, SK] of sortKeys.entries()) {
      await put(store, {
        PK: `${p}#Q`,
        SK,
        n: i,
        product: i % 3 === 0 ? 'A' : 'B',
        ...(i % 2 ? { GSI1PK: `${p}#G`, GSI1SK: `2026-0${i}-01#${i}` } : {}),
      });
    }
  }
  const queries: [string, Record<string, unknown>][] = [
    [
      'begins_with',
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :je)',
        ExpressionAttributeValues: { ':je': 'JE#' },
      },
    ],
    [
      'BETWEEN',
      {
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':from': 'JE#2026-01-01', ':to': 'JE#2026-03-01#~' },
      },
    ],
    [
      '> and backwards',
      {
        KeyConditionExpression: 'PK = :pk AND SK > :after',
        ScanIndexForward: false,
        ExpressionAttributeValues: { ':after': 'JE#2026' },
      },
    ],
    [
      'UTF-8 order',
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :t)',
        ExpressionAttributeValues: { ':t': 'TEXT#' },
      },
    ],
    [
      'a filter with IN',
      {
        KeyConditionExpression: 'PK = :pk',
        FilterExpression: '#product IN (:a, :c) AND n <= :n',
        ExpressionAttributeNames: { '#product': 'product' },
        ExpressionAttributeValues: { ':a': 'A', ':c': 'C', ':n': 6 },
      },
    ],
    [
      'Limit counted before the filter',
      {
        KeyConditionExpression: 'PK = :pk',
        FilterExpression: 'n > :n',
        Limit: 4,
        ExpressionAttributeValues: { ':n': 4 },
      },
    ],
    [
      'Limit exactly the rest',
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :m)',
        Limit: 2,
        ExpressionAttributeValues: { ':m': 'MEMBER#' },
      },
    ],
    [
      'a start key',
      { KeyConditionExpression: 'PK = :pk', ExclusiveStartKey: 'JE#2026-01-15#a', Limit: 3 },
    ],
    [
      'a start key backwards',
      {
        KeyConditionExpression: 'PK = :pk',
        ExclusiveStartKey: 'JE#2026-01-15#a',
        ScanIndexForward: false,
      },
    ],
    [
      'an unknown partition',
      { KeyConditionExpression: 'PK = :none', ExpressionAttributeValues: { ':none': 'nobody' } },
    ],
    [
      'a key condition without the partition',
      { KeyConditionExpression: 'begins_with(SK, :m)', ExpressionAttributeValues: { ':m': 'M' } },
    ],
    [
      'a key condition on another attribute',
      { KeyConditionExpression: 'PK = :pk AND n = :n', ExpressionAttributeValues: { ':n': 1 } },
    ],
  ];
  for (const [label, input] of queries) {
    it(`answers ${label} as DynamoDB does`, async () => {
      await onBoth(async (store, p) => {
        await seedPartition(store, p);
        const { ExclusiveStartKey, ExpressionAttributeValues, ...rest } = input as Record<
          string,
          any
        >;
        const usesPk = String(rest.KeyConditionExpression).includes(':pk');
        return query(store, {
          ...rest,
          ExpressionAttributeValues: {
            ...(usesPk ? { ':pk': `${p}#Q` } : {}),
            ...ExpressionAttributeValues,
          },
          ...(ExclusiveStartKey
            ? { ExclusiveStartKey: { PK: `${p}#Q`, SK: ExclusiveStartKey } }
            : {}),
        } as never);
      });
    });
  }

  it('reads a global index in its order, page by page through queryAll, never consistently', async () => {
    const { dynamo: result } = await onBoth(async (store, p) => {
      await seedPartition(store, p);
      const all = await queryAll(store, {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :g AND GSI1SK > :after',
        ExpressionAttributeValues: { ':g': `${p}#G`, ':after': '2026-02' },
      });
      const firstTwo = await queryAll(
        store,
        {
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :g',
          ExpressionAttributeValues: { ':g': `${p}#G` },
        },
        { limit: 2 },
      );
      const page = await query(store, {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :g',
        Limit: 1,
        ExpressionAttributeValues: { ':g': `${p}#G` },
      });
      const consistent = await outcome(() =>
        query(store, {
          IndexName: 'GSI1',
          ConsistentRead: true,
          KeyConditionExpression: 'GSI1PK = :g',
          ExpressionAttributeValues: { ':g': `${p}#G` },
        }),
      );
      return { all, firstTwo, page, consistent };
    });
    expect(result).toMatchObject({
      result: { consistent: { error: { name: 'ValidationException' } } },
    });
    expect((result as any).result.all.map((item: { n: { N: string } }) => item.n.N)).toEqual([
      '3',
      '5',
      '7',
      '9',
    ]);
  });
});

describe('items DynamoDB refuses', () => {
  const items: [string, Record<string, unknown>][] = [
    ['no sort key', { PK: 'x' }],
    ['a number key', { PK: 'x', SK: 1 }],
    ['an empty key', { PK: 'x', SK: '' }],
    ['an index key of the wrong type', { PK: 'x', SK: 'y', GSI1PK: 5, GSI1SK: 'z' }],
    ['an empty index key', { PK: 'x', SK: 'y', GSI2PK: '', GSI2SK: 'z' }],
  ];
  for (const [label, item] of items) {
    it(`refuses ${label}`, async () => {
      const { dynamo: result } = await onBoth((store) => put(store, item));
      expect(result).toMatchObject({ error: { name: 'ValidationException' } });
    });
  }
});
