/**
 * Exactly once (shared/DESIGN.md, Writes): a replay with the same Idempotency-Key gets the first
 * answer and moves nothing; concurrent writers all land with exact balances; the same key sent
 * at once moves money once. Then, with aws-sdk-client-mock on the handlers' DynamoDB client,
 * the cases DynamoDB Local cannot show: a transaction conflict, throttling, and a crash
 * between the transaction and the answer.
 */
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Money } from '#domain/money.ts';
import { createDocumentClient } from '../../functions/store/client.ts';
import { keys } from '../../functions/store/table-definition.ts';
import { maxAttempts } from '../../functions/store/write-once.ts';
import { useLocalSystem, type ApiResponse } from '../support/local-system.ts';
import {
  allEntries,
  booksSnapshot,
  expectBooksBalanced,
  type BooksFigures,
} from '../support/ledger-invariants.ts';
import {
  Books,
  expectProblem,
  expectStatus,
  idempotencyRecords,
  newKey,
  testIdNumber,
} from './books-fixtures.ts';

const api = useLocalSystem({
  seed: ['zhuyang-01', 'zhuyang-02', 'zhuyang-03', 'zhuyang-04', 'zhuyang-05', 'zhuyang-06'],
});

async function booksOf(n: number): Promise<Books> {
  const number = String(n).padStart(2, '0');
  return new Books(api, `zhuyang-${number}`, await api.login(`treasurer-${number}`));
}

const moved = (before: BooksFigures, after: BooksFigures, account: 'cash' | 'bank') =>
  after[account].minus(before[account]).toString();

describe('replays with the same Idempotency-Key', () => {
  it('answers a replay with the first answer, marked replayed, and moves nothing', async () => {
    const books = await booksOf(1);
    const before = await expectBooksBalanced(api, books.aid, books.token);
    const key = newKey();
    const body = { kind: 'donation', amount: '88.80', channel: 'cash', on: '2022-01-10' } as const;

    const first = await books.capital(body, key);
    expectStatus(first, 201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const booked = await booksSnapshot(api, books.aid, books.token);

    const replay = await books.capital(body, key);
    expectStatus(replay, 201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    // The same body with its fields in another order is the same request.
    const reordered = await books.capital(
      { on: '2022-01-10', channel: 'cash', amount: '88.80', kind: 'donation' },
      key,
    );
    expectStatus(reordered, 201);
    expect(reordered.headers.get('idempotent-replayed')).toBe('true');
    expect(reordered.body).toEqual(first.body);
    expect(await booksSnapshot(api, books.aid, books.token)).toEqual(booked);

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(moved(before, after, 'cash')).toBe('88.80');
  });

  it('replays a share purchase as it was answered, even after later purchases', async () => {
    const books = await booksOf(1);
    const mid = await books.enrol({ joinedOn: '2022-01-01' });
    const before = await expectBooksBalanced(api, books.aid, books.token);
    const key = newKey();

    const first = await books.buy(mid, { shares: 2, channel: 'bank', on: '2022-01-02' }, key);
    expectStatus(first, 201);
    expectStatus(await books.buy(mid, { shares: 3, channel: 'cash', on: '2022-01-03' }), 201);
    const booked = await booksSnapshot(api, books.aid, books.token);

    const replay = await books.buy(mid, { shares: 2, channel: 'bank', on: '2022-01-02' }, key);
    expectStatus(replay, 201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(replay.body.member.shares.own).toBe(2);
    expect(await booksSnapshot(api, books.aid, books.token)).toEqual(booked);
    expect((await books.member(mid)).shares.own).toBe(5);

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(moved(before, after, 'bank')).toBe('2000.00');
    expect(moved(before, after, 'cash')).toBe('3000.00');
  });

  it('refuses the same key with another body, or on another route, with 422', async () => {
    const books = await booksOf(1);
    const mid = await books.enrol({ joinedOn: '2020-01-01' });
    const key = newKey();
    const first = await books.buy(mid, { shares: 1, on: '2020-01-01' }, key);
    expectStatus(first, 201);
    const booked = await booksSnapshot(api, books.aid, books.token);

    const otherBody = await books.buy(mid, { shares: 2, on: '2020-01-01' }, key);
    expectProblem(otherBody, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(otherBody.body.title).toContain('Idempotency-Key');
    const otherRoute = await books.redeem(mid, { shares: 1, on: '2022-01-01' }, key);
    expectProblem(otherRoute, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await booksSnapshot(api, books.aid, books.token)).toEqual(booked);
    await expectBooksBalanced(api, books.aid, books.token);
  });
});

describe('concurrent writers', () => {
  it('lands 50 concurrent share purchases of one association with exact balances', async () => {
    const books = await booksOf(2);
    const mids: string[] = [];
    for (let i = 0; i < 50; i += 1) mids.push(await books.enrol({ joinedOn: '2022-02-01' }));
    const before = await expectBooksBalanced(api, books.aid, books.token);
    const journalBefore = await allEntries(api, books.aid, books.token);

    const orders = mids.map((mid, i) => ({
      mid,
      shares: 1 + (i % 3),
      channel: i % 2 === 0 ? ('cash' as const) : ('bank' as const),
    }));
    const started = Date.now();
    const responses = await Promise.all(
      orders.map((o) =>
        books.buy(o.mid, { shares: o.shares, channel: o.channel, on: '2022-02-02' }),
      ),
    );
    const elapsed = Date.now() - started;
    expect(responses.map((r) => r.status)).toEqual(orders.map(() => 201));
    expect(new Set(responses.map((r) => r.body.entry.id)).size).toBe(50);

    const sumOf = (channel: 'cash' | 'bank') =>
      Money.sum(
        orders.filter((o) => o.channel === channel).map((o) => Money.of('1000.00').times(o.shares)),
      ).toString();
    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(moved(before, after, 'cash')).toBe(sumOf('cash'));
    expect(moved(before, after, 'bank')).toBe(sumOf('bank'));
    expect(after.memberShares.minus(before.memberShares).toString()).toBe('99000.00');
    for (const [i, o] of orders.entries()) {
      const member = after.members.find((m) => m.id === o.mid);
      expect(member?.shares.own, o.mid).toBe(o.shares);
      expect(responses[i]!.body.member.shares.own).toBe(o.shares);
    }
    expect(await allEntries(api, books.aid, books.token)).toHaveLength(journalBefore.length + 50);
    expect(elapsed).toBeLessThan(30_000);
  });

  it('moves money once when the same key is sent 10 times at once', async () => {
    const books = await booksOf(3);
    const mid = await books.enrol({ joinedOn: '2022-03-01' });
    const before = await expectBooksBalanced(api, books.aid, books.token);
    const journalBefore = await allEntries(api, books.aid, books.token);
    const key = newKey();
    const body = { shares: 3, channel: 'cash', on: '2022-03-02' } as const;

    const responses = await Promise.all(
      Array.from({ length: 10 }, () => books.buy(mid, body, key)),
    );
    const created = responses.filter((r) => r.status === 201);
    for (const response of responses) {
      expect([201, 409], JSON.stringify(response.body)).toContain(response.status);
    }
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const response of created) expect(response.body).toEqual(created[0]!.body);
    expect(created.filter((r) => r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(moved(before, after, 'cash')).toBe('3000.00');
    expect((await books.member(mid)).shares.own).toBe(3);
    const journal = await allEntries(api, books.aid, books.token);
    expect(journal).toHaveLength(journalBefore.length + 1);
    expect(journal.map((e) => e.id)).toContain(created[0]!.body.entry.id);
  });
});

describe('conditions on the write, not checks before it', () => {
  it('lets only one of two concurrent cash withdrawals through when cash covers one', async () => {
    const books = await booksOf(5);
    const supervisor = await api.login('supervisor');
    const association = await api.request('GET', `/associations/${books.aid}`, {
      token: supervisor,
    });
    const setSharePrice = async (sharePrice: string) =>
      expectStatus(
        await api.request('PUT', `/associations/${books.aid}/charter`, {
          token: supervisor,
          body: { ...association.body.charter, sharePrice },
        }),
        200,
      );
    // Empty the cash box: one share bought by bank at the cash's amount, withdrawn in cash.
    const { cash } = await expectBooksBalanced(api, books.aid, books.token);
    await setSharePrice(cash.toString());
    const drain = await books.enrol({ joinedOn: '2020-01-01' });
    expectStatus(await books.buy(drain, { shares: 1, channel: 'bank', on: '2022-06-01' }), 201);
    expectStatus(await books.redeem(drain, { shares: 1, channel: 'cash', on: '2022-06-01' }), 201);
    await setSharePrice('1000.00');

    const [a, b] = [
      await books.enrol({ joinedOn: '2020-01-01' }),
      await books.enrol({ joinedOn: '2020-01-01' }),
    ];
    for (const mid of [a, b]) {
      expectStatus(await books.buy(mid, { shares: 5, channel: 'bank', on: '2022-06-01' }), 201);
    }
    expectStatus(
      await books.capital({
        kind: 'donation',
        amount: '6000.00',
        channel: 'cash',
        on: '2022-06-01',
      }),
      201,
    );
    const before = await expectBooksBalanced(api, books.aid, books.token);
    expect(before.cash.toString()).toBe('6000.00');

    const responses = await Promise.all(
      [a, b].map((mid) => books.redeem(mid, { shares: 5, channel: 'cash', on: '2022-06-02' })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 422]);
    const refused = responses.find((r) => r.status === 422)!;
    expectProblem(refused, 422, 'INSUFFICIENT_CASH');
    expect(refused.body).toMatchObject({ account: '1001', needed: '5000.00' });

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(after.cash.toString()).toBe('1000.00');
    const statuses = await Promise.all([a, b].map(async (mid) => (await books.member(mid)).status));
    expect(statuses.sort()).toEqual(['active', 'exited']);
  });

  it('keeps one household under the share maximum against concurrent purchases', async () => {
    const books = await booksOf(6);
    const mid = await books.enrol({ joinedOn: '2022-07-01' });
    const before = await expectBooksBalanced(api, books.aid, books.token);

    const responses = await Promise.all(
      [1, 2, 3].map(() => books.buy(mid, { shares: 4, channel: 'cash', on: '2022-07-01' })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 201, 422]);
    expectProblem(
      responses.find((r) => r.status === 422)!,
      422,
      'SHARES_ABOVE_MAXIMUM',
    );

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect((await books.member(mid)).shares).toMatchObject({ own: 8, ownAmount: '8000.00' });
    expect(moved(before, after, 'cash')).toBe('8000.00');
  });

  it('reverses an entry once when five reversals race', async () => {
    const books = await booksOf(6);
    const mid = await books.enrol({ joinedOn: '2022-07-01' });
    const purchase = await books.buy(mid, { shares: 3, channel: 'cash', on: '2022-07-02' });
    expectStatus(purchase, 201);
    const before = await expectBooksBalanced(api, books.aid, books.token);

    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        books.reverse(purchase.body.entry.id, { reason: '重复录入', on: '2022-07-03' }),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 201)) {
      // 409 ENTRY_ALREADY_REVERSED is right; a loser may also get a wrong 422
      // REVERSAL_SHARES_CHANGED (reported: see the mocked case below). Money moves once either way.
      expect([409, 422], JSON.stringify(response.body)).toContain(response.status);
    }

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(moved(before, after, 'cash')).toBe('-3000.00');
    expect((await books.member(mid)).shares.own).toBe(0);
  });

  it('enrols one household when the same ID number is enrolled five times at once', async () => {
    const books = await booksOf(6);
    const before = await expectBooksBalanced(api, books.aid, books.token);
    const idNumber = testIdNumber(7777);

    const responses = await Promise.all(
      Array.from({ length: 5 }, () => books.enrolRequest({ idNumber })),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 201)) {
      expectProblem(response, 409, response.body.code);
    }
    expect(responses.map((r) => r.body.code)).toContain('MEMBER_DUPLICATE_ID_NUMBER');

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(after.members).toHaveLength(before.members.length + 1);
  });
});

describe('with DynamoDB failing in ways DynamoDB Local cannot show', () => {
  let real: DynamoDBDocumentClient;
  let mock: AwsClientStub<DynamoDBDocumentClient>;
  let books: Books;
  /** Enrolled before any mock is in place: members for the conflict, 409 and crash cases. */
  let mids: { conflict: string; exhausted: string; crash: string; race: string };

  const transactionCanceled = (code: string) =>
    Object.assign(new Error('Transaction cancelled, please refer cancellation reasons'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: code }, { Code: 'None' }],
    });
  const passThrough = {
    batchGet: (input: any) => real.send(new BatchGetCommand(input)),
    get: (input: any) => real.send(new GetCommand(input)),
    query: (input: any) => real.send(new QueryCommand(input)),
    transact: (input: any) => real.send(new TransactWriteCommand(input)),
  };

  beforeAll(async () => {
    real = createDocumentClient({
      tableName: api.system.tableName,
      endpoint: api.system.dynamoEndpoint,
    });
    books = await booksOf(4);
    mids = {
      conflict: await books.enrol({ joinedOn: '2022-04-01' }),
      exhausted: await books.enrol({ joinedOn: '2022-04-01' }),
      crash: await books.enrol({ joinedOn: '2022-04-01' }),
      race: await books.enrol({ joinedOn: '2022-04-01' }),
    };
  });
  afterAll(() => real.destroy());

  beforeEach(() => {
    // The handlers' own client: the one the local system passes them.
    mock = mockClient(api.system.store.db);
    mock.on(BatchGetCommand).callsFake(passThrough.batchGet);
    mock.on(GetCommand).callsFake(passThrough.get);
    mock.on(QueryCommand).callsFake(passThrough.query);
  });
  afterEach(() => mock.restore());

  it('retries a transaction conflict once and books the purchase once', async () => {
    const mid = mids.conflict;
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(transactionCanceled('TransactionConflict'))
      .callsFake(passThrough.transact);
    const before = await expectBooksBalanced(api, books.aid, books.token);

    const response = await books.buy(mid, { shares: 2, channel: 'cash', on: '2022-04-02' });
    expectStatus(response, 201);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(2);
    // Each attempt decides on a fresh read.
    expect(mock.commandCalls(BatchGetCommand).length).toBeGreaterThanOrEqual(2);

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(moved(before, after, 'cash')).toBe('2000.00');
    expect((await books.member(mid)).shares.own).toBe(2);
  });

  it(`answers 409 CONCURRENT_UPDATE after ${maxAttempts} conflicts, and writes nothing`, async () => {
    const mid = mids.exhausted;
    mock.on(TransactWriteCommand).rejects(transactionCanceled('TransactionConflict'));
    const before = await booksSnapshot(api, books.aid, books.token);
    const memberBefore = await real.send(
      new GetCommand({ TableName: api.system.tableName, Key: keys.member(books.aid, mid) }),
    );
    const key = newKey();

    const response = await books.buy(mid, { shares: 2, on: '2022-04-02' }, key);
    expectProblem(response, 409, 'CONCURRENT_UPDATE');
    expect(response.body.title).toBe('数据正被其他操作同时修改，请稍后重试');
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(maxAttempts);

    mock.restore();
    expect(
      await idempotencyRecords(real, api.system.tableName, books.aid, books.token, key),
    ).toEqual([]);
    const memberAfter = await real.send(
      new GetCommand({ TableName: api.system.tableName, Key: keys.member(books.aid, mid) }),
    );
    expect(memberAfter.Item).toEqual(memberBefore.Item);
    expect(await booksSnapshot(api, books.aid, books.token)).toEqual(before);
    await expectBooksBalanced(api, books.aid, books.token);
  });

  it('retries a throttled transaction and books once', async () => {
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate of requests exceeds'), { name: 'ThrottlingException' }),
      )
      .callsFake(passThrough.transact);
    const before = await expectBooksBalanced(api, books.aid, books.token);

    const response = await books.capital({
      kind: 'special-support',
      amount: '300.00',
      channel: 'cash',
    });
    expectStatus(response, 201);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(2);

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(moved(before, after, 'cash')).toBe('300.00');
  });

  // The reversal reads the entry in its BatchGet but the member afterwards, so the two can
  // straddle another reversal's commit: the entry looks unreversed while the member already has
  // its shares back. The loser must hear 409 ENTRY_ALREADY_REVERSED, not 422.
  it('answers 409 ENTRY_ALREADY_REVERSED to a reversal that lost the race', async () => {
    mock.on(TransactWriteCommand).callsFake(passThrough.transact);
    const purchase = await books.buy(mids.race, { shares: 2, channel: 'cash', on: '2022-04-05' });
    expectStatus(purchase, 201);
    const eid = purchase.body.entry.id as string;
    const before = await expectBooksBalanced(api, books.aid, books.token);
    let winner: Promise<ApiResponse> | undefined;
    // The loser's member read (the first) waits until the winner's reversal has committed.
    mock.on(GetCommand).callsFake(async (input: any) => {
      if (!winner && input.Key?.SK === `MEMBER#${mids.race}`) {
        winner = books.reverse(eid, { reason: '先到的冲正' });
        await winner;
      }
      return passThrough.get(input);
    });

    const loser = await books.reverse(eid, { reason: '后到的冲正' });
    expectStatus(await winner!, 201);
    const after = await expectBooksBalanced(api, books.aid, books.token);
    // The purchase is undone once: nothing beyond the winner's reversal moved.
    expect(moved(before, after, 'cash')).toBe('-2000.00');
    expect((await books.member(mids.race)).shares.own).toBe(0);
    expectProblem(loser, 409, 'ENTRY_ALREADY_REVERSED');
  });

  it('gives the first answer to a retry after a crash between the write and the answer', async () => {
    const mid = mids.crash;
    mock
      .on(TransactWriteCommand)
      .callsFakeOnce(async (input: any) => {
        await real.send(new TransactWriteCommand(input));
        // The write landed; the answer is lost on the way back.
        throw Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' });
      })
      .callsFake(passThrough.transact);
    const before = await expectBooksBalanced(api, books.aid, books.token);
    const journalBefore = await allEntries(api, books.aid, books.token);
    const key = newKey();
    const body = { shares: 4, channel: 'cash', on: '2022-04-03' } as const;

    const lost = await books.buy(mid, body, key);
    expectProblem(lost, 500, 'INTERNAL_ERROR');
    const landed = await expectBooksBalanced(api, books.aid, books.token);
    expect(moved(before, landed, 'cash')).toBe('4000.00');

    const retry = await books.buy(mid, body, key);
    expectStatus(retry, 201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.member.shares).toMatchObject({ own: 4, ownAmount: '4000.00' });
    expect(retry.body.entry.lines).toEqual([
      { account: '1001', accountName: '现金', debit: '4000.00', credit: '0.00' },
      { account: '3101', accountName: '会员入会互助金', debit: '0.00', credit: '4000.00' },
    ]);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(moved(before, after, 'cash')).toBe('4000.00');
    expect((await books.member(mid)).shares.own).toBe(4);
    const journal = await allEntries(api, books.aid, books.token);
    expect(journal).toHaveLength(journalBefore.length + 1);
    expect(journal.map((e) => e.id)).toContain(retry.body.entry.id);
  });
});
