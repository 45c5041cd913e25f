/**
 * Ledger writes through the local adapter: share purchases per second, and how many DynamoDB
 * requests each write operation makes (one BatchGetItem to decide, one TransactWriteItems).
 */
import { randomUUID } from 'node:crypto';
import { store } from '../functions/store/client.ts';
import type { LocalSystem } from '../local/system.ts';
import { idCheckCharacter } from '#domain/members/household.ts';

type Counts = Map<string, number>;

/** Counts the requests the handlers send, by command, while `task` runs. */
async function countRequests(task: () => Promise<unknown>): Promise<Counts> {
  const db = store().db;
  const original = db.send.bind(db);
  const counts: Counts = new Map();
  db.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
    const name = command.constructor.name.replace(/Command$/, '');
    counts.set(name, (counts.get(name) ?? 0) + 1);
    return (original as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
  }) as typeof db.send;
  try {
    await task();
  } finally {
    db.send = original;
  }
  return counts;
}

const describeCounts = (counts: Counts) =>
  [...counts.entries()].map(([name, n]) => `${n} ${name}`).join(' + ') || 'none';

export async function benchLedgerWrites(system: LocalSystem): Promise<Record<string, string>> {
  const login = await fetch(`${system.url}/local/login`, {
    method: 'POST',
    body: JSON.stringify({ username: 'treasurer-01' }),
  });
  const { token } = (await login.json()) as { token: string };
  const post = async (path: string, body: unknown, key: string | undefined = randomUUID()) => {
    const response = await fetch(`${system.url}/associations/zhuyang-01${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { id?: string; entry?: { id: string } };
    if (response.status >= 300)
      throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const figures: Record<string, string> = {};

  // Requests per operation (warm: the first call pays for connections, not requests).
  await post('/members/m0001/shares', { shares: 1, on: '2014-01-01' });
  const first17 = '33258119900101999';
  const operations: [string, () => Promise<unknown>][] = [
    [
      'enrol a member',
      () =>
        post('/members', {
          name: '测试户',
          idNumber: first17 + idCheckCharacter(first17),
          mobile: '13900000000',
          joinedOn: '2014-01-01',
        }),
    ],
    ['buy shares', () => post('/members/m0002/shares', { shares: 1, on: '2014-01-02' })],
    [
      'withdraw shares',
      () => post('/members/m0002/share-redemptions', { shares: 1, on: '2015-01-02' }),
    ],
    [
      'book capital',
      () => post('/capital', { kind: 'donation', amount: '100.00', on: '2014-01-03' }),
    ],
  ];
  for (const [name, task] of operations) {
    figures[`requests: ${name}`] = describeCounts(await countRequests(task));
  }
  const key = randomUUID();
  await post('/members/m0003/shares', { shares: 1, on: '2014-01-04' }, key);
  figures['requests: replay of a purchase'] = describeCounts(
    await countRequests(() => post('/members/m0003/shares', { shares: 1, on: '2014-01-04' }, key)),
  );

  // Throughput: one share for each of 80 members, first one after another, then 8 at a time.
  const purchase = (n: number) =>
    post(`/members/m${String(11 + (n % 80)).padStart(4, '0')}/shares`, {
      shares: 1,
      on: '2014-02-01',
    });
  let started = performance.now();
  for (let n = 0; n < 80; n += 1) await purchase(n);
  figures['share purchases/s, sequential (n=80)'] = (
    80 /
    ((performance.now() - started) / 1000)
  ).toFixed(0);
  started = performance.now();
  for (let batch = 0; batch < 10; batch += 1) {
    await Promise.all(Array.from({ length: 8 }, (_, i) => purchase(batch * 8 + i)));
  }
  figures['share purchases/s, 8 in flight on one association (n=80)'] = (
    80 /
    ((performance.now() - started) / 1000)
  ).toFixed(0);
  return figures;
}
