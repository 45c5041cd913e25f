/**
 * Bad input and refused operations on the books: each answer is a 4xx problem+json with a
 * stable code and a zh-CN title or field message, and NOTHING is written: the trial balance,
 * the journal, the members and the Idempotency-Key record are exactly as before.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '#domain/dates.ts';
import { Money } from '#domain/money.ts';
import { todayInShanghai } from '#api/today.ts';
import { keys } from '../../functions/store/table-definition.ts';
import type { ApiResponse } from '../support/local-system.ts';
import { useLocalSystem } from '../support/local-system.ts';
import { booksSnapshot, expectBooksBalanced } from '../support/ledger-invariants.ts';
import {
  idempotencyRecords,
  Books,
  expectProblem,
  expectStatus,
  newKey,
  testIdNumber,
  withWrongCheckCharacter,
} from './books-fixtures.ts';

const api = useLocalSystem({ seed: ['zhuyang-07', 'zhuyang-08', 'zhuyang-09'] });
let books: Books;

beforeAll(async () => {
  books = new Books(api, 'zhuyang-07', await api.login('treasurer-07'));
});

/**
 * Runs a request that must be refused and proves it wrote nothing to the association's books:
 * the same trial balance, journal and members afterwards, every invariant still holding.
 */
async function refusedWithoutWriting(
  request: (key: string) => Promise<ApiResponse>,
  on: Books = books,
): Promise<ApiResponse> {
  const before = await booksSnapshot(api, on.aid, on.token);
  const key = newKey();
  const response = await request(key);
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(await booksSnapshot(api, on.aid, on.token)).toEqual(before);
  expect(
    await idempotencyRecords(api.system.store.db, api.system.tableName, on.aid, on.token, key),
  ).toEqual([]);
  const figures = await expectBooksBalanced(api, on.aid, on.token);
  expect(figures.cash.toString()).toBe(
    Money.of(before.trialBalance.accounts.find((a) => a.code === '1001')!.debit).toString(),
  );
  return response;
}

function expectFieldError(response: ApiResponse, field: string, message: string | RegExp) {
  expectProblem(response, 400, 'VALIDATION_FAILED');
  expect(response.body.title).toBe('请求内容不符合要求');
  expect(response.body.errors).toEqual([
    { field, message: typeof message === 'string' ? message : expect.stringMatching(message) },
  ]);
}

describe('amounts', () => {
  const notAnAmount = '金额必须是不超过两位小数的非负数，例如 "1234.50"';

  it.each([
    ['a JSON number', 100, '金额必须是字符串，例如 "1234.50"'],
    ['three decimals', '10.005', notAnAmount],
    ['a negative amount', '-5.00', notAnAmount],
    ['zero', '0.00', '金额必须大于零'],
    ['not a number', 'abc', notAnAmount],
    ['a number with a comma', '1,000.00', notAnAmount],
    ['an exponent', '1e3', notAnAmount],
  ])('refuses %s with 400 naming body.amount', async (_, amount, message) => {
    const response = await refusedWithoutWriting((key) =>
      books.capital({ kind: 'fiscal', amount, channel: 'cash' }, key),
    );
    expectProblem(response, 400, 'VALIDATION_FAILED');
    // "abc" also fails the "greater than zero" rule; the format message comes first.
    expect(response.body.errors[0]).toEqual({ field: 'body.amount', message });
    for (const error of response.body.errors) expect(error.field).toBe('body.amount');
  });
});

describe('households', () => {
  it('refuses an ID number with a wrong check digit', async () => {
    const response = await refusedWithoutWriting(() =>
      books.enrolRequest({ idNumber: withWrongCheckCharacter(testIdNumber(900)) }),
    );
    expectFieldError(response, 'body.idNumber', '身份证号码格式或校验位不正确');
  });

  it('refuses a 10-digit mobile number', async () => {
    const before = await booksSnapshot(api, books.aid, books.token);
    const response = await api.request('POST', `/associations/${books.aid}/members`, {
      token: books.token,
      body: { name: '钟大山', idNumber: testIdNumber(901), mobile: '1385780123' },
    });
    expectFieldError(response, 'body.mobile', '手机号码必须是 1 开头的 11 位数字');
    expect(await booksSnapshot(api, books.aid, books.token)).toEqual(before);
  });

  it('refuses a second enrolment of the same ID number with 409, the counter untouched', async () => {
    const idNumber = testIdNumber(902);
    const first = await books.enrolRequest({ idNumber });
    expectStatus(first, 201);
    const response = await refusedWithoutWriting(() =>
      books.enrolRequest({ idNumber, name: '另一个名字' }),
    );
    expectProblem(response, 409, 'MEMBER_DUPLICATE_ID_NUMBER');
    expect(response.body.title).toBe('该身份证号码已在本互助会登记入会');
    expect(response.body.errors).toEqual([
      { field: 'body.idNumber', message: '该身份证号码已在本互助会登记入会' },
    ]);
    // The member counter did not move: the next household gets the very next number.
    const next = await books.enrolRequest();
    expectStatus(next, 201);
    expect(Number(next.body.id.slice(1))).toBe(Number(first.body.id.slice(1)) + 1);
  });
});

describe('share rules', () => {
  it('refuses shares above the charter maximum', async () => {
    const mid = await books.enrol({ joinedOn: '2020-01-01' });
    expectStatus(await books.buy(mid, { shares: 8, on: '2020-01-01' }), 201);
    const response = await refusedWithoutWriting((key) =>
      books.buy(mid, { shares: 3, on: '2020-01-02' }, key),
    );
    expectProblem(response, 422, 'SHARES_ABOVE_MAXIMUM');
    expect(response.body).toMatchObject({ maxShares: 10, held: 8, requested: 3 });
    expect(response.body.title).toBe('入股后持股 11 股，超过章程规定的最多 10 股');
  });

  it('refuses fiscal shares to a household that is not low-income', async () => {
    const mid = await books.enrol({ lowIncome: 'none' });
    const response = await refusedWithoutWriting((key) => books.grant(mid, { shares: 1 }, key));
    expectProblem(response, 422, 'FISCAL_SHARES_NOT_ELIGIBLE');
  });

  it('refuses a withdrawal inside the lock-in', async () => {
    const mid = await books.enrol({ joinedOn: '2020-05-31' });
    expectStatus(await books.buy(mid, { shares: 2, on: '2020-05-31' }), 201);
    const response = await refusedWithoutWriting((key) =>
      books.redeem(mid, { shares: 1, on: '2021-05-30' }, key),
    );
    expectProblem(response, 422, 'SHARES_LOCKED_IN');
    expect(response.body).toMatchObject({ joinedOn: '2020-05-31', unlockedOn: '2021-05-31' });
    expect(response.body.title).toContain('入会满 12 个月后才能退股');
  });

  it('refuses a withdrawal dated in the future, which would skip the lock-in', async () => {
    const mid = await books.enrol(); // joins today
    expectStatus(await books.buy(mid, { shares: 2, channel: 'cash' }), 201);
    const nextYear = addMonths(todayInShanghai(), 13);
    const response = await refusedWithoutWriting((key) =>
      books.redeem(mid, { shares: 1, channel: 'cash', on: nextYear }, key),
    );
    expectProblem(response, 422, 'DATE_IN_FUTURE');
    expect(response.body.errors).toEqual([{ field: 'body.on', message: response.body.title }]);
    expect(response.body.title).toContain(nextYear);
  });

  it('refuses a withdrawal while a loan is outstanding', async () => {
    // Loans cannot be recorded yet: the member item is given an open loan directly.
    const mid = await books.enrol({ joinedOn: '2020-01-01' });
    expectStatus(await books.buy(mid, { shares: 2, on: '2020-01-01' }), 201);
    await api.system.store.db.send(
      new UpdateCommand({
        TableName: api.system.tableName,
        Key: keys.member(books.aid, mid),
        UpdateExpression: 'SET openLoans = :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    const response = await refusedWithoutWriting((key) =>
      books.redeem(mid, { shares: 2, on: '2022-01-01' }, key),
    );
    expectProblem(response, 422, 'SHARES_LOAN_OUTSTANDING');
    expect(response.body).toMatchObject({ openLoans: 1 });
    expect(response.body.title).toBe('该户尚有未还清的借款，不能退股');
  });

  it('refuses a withdrawal larger than the cash on hand', async () => {
    // Its own association: the share price is raised above the cash it holds, the purchase
    // goes to the bank, and the withdrawal asks for cash.
    const target = new Books(api, 'zhuyang-08', await api.login('treasurer-08'));
    const supervisor = await api.login('supervisor');
    const { cash } = await expectBooksBalanced(api, target.aid, target.token);
    const association = await api.request('GET', `/associations/${target.aid}`, {
      token: supervisor,
    });
    const sharePrice = cash.plus(Money.of('1000.00')).toString();
    const charter = { ...association.body.charter, sharePrice };
    const put = await api.request('PUT', `/associations/${target.aid}/charter`, {
      token: supervisor,
      body: charter,
    });
    expectStatus(put, 200);

    const mid = await target.enrol({ joinedOn: '2020-01-01' });
    expectStatus(await target.buy(mid, { shares: 1, channel: 'bank', on: '2020-01-01' }), 201);
    const response = await refusedWithoutWriting(
      (key) => target.redeem(mid, { shares: 1, channel: 'cash', on: '2021-06-01' }, key),
      target,
    );
    expectProblem(response, 422, 'INSUFFICIENT_CASH');
    expect(response.body).toMatchObject({ account: '1001', needed: sharePrice });
    expect(response.body.title).toContain('现金余额不足');
    // By bank it goes through.
    expectStatus(await target.redeem(mid, { shares: 1, channel: 'bank', on: '2021-06-01' }), 201);
    await expectBooksBalanced(api, target.aid, target.token);
  });
});

describe('request shape', () => {
  it('refuses a body over 64 KB with 413', async () => {
    const rawBody = JSON.stringify({
      kind: 'donation',
      amount: '1.00',
      memo: '捐'.repeat(25_000),
    });
    expect(Buffer.byteLength(rawBody)).toBeGreaterThan(64 * 1024);
    const response = await refusedWithoutWriting((key) =>
      api.request('POST', `/associations/${books.aid}/capital`, {
        token: books.token,
        rawBody,
        headers: { 'idempotency-key': key },
      }),
    );
    expectProblem(response, 413, 'BODY_TOO_LARGE');
    expect(response.body.title).toBe('请求内容过大（上限 64 KB）');
  });

  it('refuses unknown fields, naming them', async () => {
    const capital = await refusedWithoutWriting((key) =>
      api.request('POST', `/associations/${books.aid}/capital`, {
        token: books.token,
        body: { kind: 'donation', amount: '1.00', colour: 'red' },
        headers: { 'idempotency-key': key },
      }),
    );
    expectFieldError(capital, 'body', /"colour"/);
    const mid = await books.enrol();
    const shares = await refusedWithoutWriting((key) =>
      api.request('POST', `/associations/${books.aid}/members/${mid}/shares`, {
        token: books.token,
        body: { shares: 1, price: '1.00' },
        headers: { 'idempotency-key': key },
      }),
    );
    expectFieldError(shares, 'body', /"price"/);
  });

  it('refuses a money POST without an Idempotency-Key', async () => {
    const mid = await books.enrol({ joinedOn: '2020-01-01' });
    const refusals = [
      await refusedWithoutWriting(() => books.capital({ kind: 'donation', amount: '1.00' }, null)),
      await refusedWithoutWriting(() => books.buy(mid, { shares: 1 }, null)),
      await refusedWithoutWriting(() => books.redeem(mid, { shares: 1 }, null)),
      await refusedWithoutWriting(() =>
        books.reverse('je-20200101-0000000000', { reason: '测试' }, null),
      ),
    ];
    for (const response of refusals) {
      expectProblem(response, 400, 'IDEMPOTENCY_KEY_REQUIRED');
      expect(response.body.title).toContain('Idempotency-Key');
    }
    const malformed = await refusedWithoutWriting(() =>
      books.capital({ kind: 'donation', amount: '1.00' }, 'short'),
    );
    expectProblem(malformed, 400, 'IDEMPOTENCY_KEY_INVALID');
  });
});

describe('things that are not there, and text that is not JSON', () => {
  it('refuses a body that is not JSON (MALFORMED_JSON)', async () => {
    const response = await refusedWithoutWriting((key) =>
      api.request('POST', `/associations/${books.aid}/capital`, {
        token: books.token,
        rawBody: '{"kind": "donation", "amount": ',
        headers: { 'idempotency-key': key, 'content-type': 'application/json' },
      }),
    );
    expectProblem(response, 400, 'MALFORMED_JSON');
  });

  it('answers 404 for the reversal of an entry that does not exist (ENTRY_NOT_FOUND)', async () => {
    const response = await refusedWithoutWriting((key) =>
      books.reverse('je-20200101-0000000000', { reason: '测试' }, key),
    );
    expectProblem(response, 404, 'ENTRY_NOT_FOUND');
  });
});

describe('who may write', () => {
  it("refuses a treasurer acting on another association's books", async () => {
    const other = new Books(api, 'zhuyang-09', await api.login('treasurer-09'));
    const mid = await other.enrol({ joinedOn: '2020-01-01' });
    const intruder = new Books(api, 'zhuyang-09', books.token);
    const attempts: ((key: string) => Promise<ApiResponse>)[] = [
      (key) => intruder.capital({ kind: 'donation', amount: '1.00' }, key),
      (key) => intruder.buy(mid, { shares: 1 }, key),
      () => intruder.enrolRequest(),
    ];
    for (const attempt of attempts) {
      const response = await refusedWithoutWriting(attempt, other);
      expectProblem(response, 403, 'FORBIDDEN_SCOPE');
      expect(response.body.title).toBe('您无权访问其他互助会或联合会的数据');
    }
  });

  it('refuses the auditor any write', async () => {
    const auditor = new Books(api, books.aid, await api.login('auditor'));
    const mid = await books.enrol();
    const attempts: ((key: string) => Promise<ApiResponse>)[] = [
      (key) => auditor.capital({ kind: 'donation', amount: '1.00' }, key),
      (key) => auditor.buy(mid, { shares: 1 }, key),
      () => auditor.enrolRequest(),
    ];
    for (const attempt of attempts) {
      const response = await refusedWithoutWriting(attempt);
      expectProblem(response, 403, 'FORBIDDEN_ROLE');
      expect(response.body.title).toBe('您的角色无权执行此操作');
    }
  });
});
