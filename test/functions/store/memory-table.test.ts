/**
 * The in-memory table as a client: what it refuses to answer (a command, a parameter or a
 * table it does not know) and how a copy stays apart from the table it was made from.
 */
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  NumberValue,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../functions/store/memory-table.ts';

describe('the in-memory table', () => {
  it('throws on a command, a parameter or a table it does not know', async () => {
    const { db, tableName } = memoryStore('t');
    await expect(db.send(new ScanCommand({ TableName: tableName }))).rejects.toThrow(
      /does not answer ScanCommand/,
    );
    await expect(db.send(new DeleteTableCommand({ TableName: tableName }))).rejects.toThrow(
      /does not answer/,
    );
    await expect(
      db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': 'x' },
          ProjectionExpression: 'SK',
        }),
      ),
    ).rejects.toThrow(/does not support QueryCommand with ProjectionExpression/);
    await expect(
      db.send(new GetCommand({ TableName: 'other', Key: { PK: 'a', SK: 'b' } })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('hands out items of their own: changing what was read changes nothing stored', async () => {
    const { db, tableName } = memoryStore('t');
    await db.send(
      new PutCommand({ TableName: tableName, Item: { PK: 'a', SK: '1', lines: [{ n: 1 }] } }),
    );
    const read = async () =>
      (await db.send(new GetCommand({ TableName: tableName, Key: { PK: 'a', SK: '1' } }))).Item!;
    const first = await read();
    first.lines[0].n = 2;
    first.extra = true;
    const again = await read();
    expect(again).toEqual({ PK: 'a', SK: '1', lines: [{ n: expect.anything() }] });
    expect(String(again.lines[0].n)).toBe('1');
    expect(again.lines[0].n).toBeInstanceOf(NumberValue);
  });

  it('makes copies that later writes keep apart', async () => {
    const original = memoryStore('t');
    await original.db.send(new PutCommand({ TableName: 't', Item: { PK: 'a', SK: '1', v: 1 } }));
    const copy = { db: original.db.copy(), tableName: 't' };
    await copy.db.send(new PutCommand({ TableName: 't', Item: { PK: 'a', SK: '1', v: 2 } }));
    await copy.db.send(new PutCommand({ TableName: 't', Item: { PK: 'a', SK: '2', v: 3 } }));
    const partition = async (store: typeof original) =>
      (
        await store.db.send(
          new QueryCommand({
            TableName: 't',
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': 'a' },
          }),
        )
      ).Items?.map((item) => String(item.v));
    expect(await partition(original)).toEqual(['1']);
    expect(await partition(copy)).toEqual(['2', '3']);
    expect([original.db.size, copy.db.size]).toEqual([1, 2]);
  });
});
