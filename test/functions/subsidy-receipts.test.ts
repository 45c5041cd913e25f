/**
 * 贴息到账 and 贴息发放 on DynamoDB Local through the local adapter: the county pays the 2026Q3
 * claim of zhuyang-01, the association holds it in 2203 and pays the households out; the
 * farmer's page shows what was paid and what waits; reversals undo each step; the books
 * balance after every step (2203 = what the receipts hold).
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { Money } from '#domain/money.ts';
import { booksSnapshot, expectBooksBalanced } from '../support/ledger-invariants.ts';
import { keys } from '../../functions/store/table-definition.ts';
import { useLocalSystem } from '../support/local-system.ts';
import { expectProblem } from './books-fixtures.ts';
import { aid, openSubsidisedLoans, treasurerPost } from './subsidy-fixtures.ts';

// 2026Q3 is over and 2026Q4 still open on the date the file assumes.
const api = useLocalSystem({
  seed: ['zhuyang-01', 'zhuyang-02'],
  notifier: false,
  today: '2026-11-20',
});
const receipts = `/associations/${aid}/subsidy-receipts`;

let tea: string;
let poverty: string;

beforeAll(async () => {
  ({ tea, poverty } = await openSubsidisedLoans(api));
});

async function post(
  path: string,
  body: unknown,
  key: string = randomUUID(),
  user = 'treasurer-01',
) {
  return api.request('POST', path, {
    token: await api.login(user),
    body,
    headers: { 'idempotency-key': key },
  });
}

const books = async () => expectBooksBalanced(api, aid, await api.login('auditor'));
const snapshot = async () => booksSnapshot(api, aid, await api.login('auditor'));
const change = (before: Map<string, Money>, after: Map<string, Money>, code: string) =>
  (after.get(code) ?? Money.zero).minus(before.get(code) ?? Money.zero).toString();

async function farmerPage(lid: string): Promise<string> {
  const issued = await treasurerPost(api, `/loans/${lid}/links`, { revokeEarlier: false });
  const page = await api.request('GET', issued.path);
  expect(page.status).toBe(200);
  return page.body as string;
}

describe('贴息到账: the county pays the 2026Q3 claim', () => {
  it('books it in the bank and holds it for the households in 2203, shared per loan', async () => {
    const before = await books();
    const key = randomUUID();
    const body = { period: '2026Q3', amount: '874.93', on: '2026-10-20', channel: 'bank' };
    const response = await post(receipts, body, key);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.receipt).toMatchObject({
      associationId: aid,
      period: '2026Q3',
      from: '2026-07-01',
      to: '2026-09-30',
      receivedOn: '2026-10-20',
      channel: 'bank',
      claimed: '874.93',
      amount: '874.93',
      paidOut: '0.00',
      held: '874.93',
      recordedBy: 'treasurer-01',
    });
    expect(
      response.body.receipt.rows.map((r: any) => [r.loanId, r.claimed, r.received, r.paidOut]),
    ).toEqual([
      [tea, '604.93', '604.93', undefined],
      [poverty, '270.00', '270.00', undefined],
    ]);
    expect(response.body.entry).toMatchObject({
      kind: 'subsidy-receipt',
      date: '2026-10-20',
      memo: '收到 2026Q3 贴息（2 笔借款）',
      lines: [
        { account: '1002', accountName: '银行存款', debit: '874.93', credit: '0.00' },
        { account: '2203', accountName: '应付贴息款', debit: '0.00', credit: '874.93' },
      ],
    });
    const after = await books();
    expect(change(before.balances, after.balances, '1002')).toBe('874.93');
    expect(change(before.balances, after.balances, '2203')).toBe('-874.93');

    // The same key again: the first answer, nothing written twice.
    const replay = await post(receipts, body, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(response.body);
    expect((await books()).balances).toEqual(after.balances);
  });

  it('refuses a second receipt for any day of it, more than the claim, an open period, bad input', async () => {
    const before = await snapshot();
    expectProblem(
      await post(receipts, { period: '2026Q3', amount: '1.00', on: '2026-10-21' }),
      409,
      'SUBSIDY_ALREADY_RECEIVED',
    );
    const august = await post(receipts, { period: '2026-08', amount: '1.00', on: '2026-10-21' });
    expectProblem(august, 409, 'SUBSIDY_ALREADY_RECEIVED');
    expect(august.body.title).toContain('重叠');
    expectProblem(
      await post(receipts, { period: '2026', amount: '1.00' }),
      409,
      'SUBSIDY_ALREADY_RECEIVED',
    );
    expectProblem(
      await post(receipts, { period: '2026Q1', amount: '1.00', on: '2026-10-21' }),
      422,
      'SUBSIDY_CLAIM_EMPTY',
    );
    expectProblem(
      await post(receipts, { period: '2026Q4', amount: '1.00' }),
      422,
      'SUBSIDY_CLAIM_PERIOD_NOT_ENDED',
    );
    const number = await post(receipts, { period: '2026Q3', amount: 874.93 });
    expect(number.status).toBe(400);
    expect(number.body.code).toBe('VALIDATION_FAILED');
    expect((await post(receipts, { period: '2026Q5', amount: '1.00' })).status).toBe(400);
    // Only a treasurer records money: not the supervisor, the auditor, another village.
    for (const user of ['supervisor', 'auditor', 'treasurer-02']) {
      const refused = await post(
        receipts,
        { period: '2026-07', amount: '1.00' },
        randomUUID(),
        user,
      );
      expect(refused.status, user).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('贴息发放: the households are paid', () => {
  it('shows the household what waits for it, then what it was paid', async () => {
    const waiting = await farmerPage(tea);
    expect(waiting).toContain('已收到贴息');
    expect(waiting).toContain('¥0.00');
    expect(waiting).toContain('另有¥604.93已到账，待领取');

    const before = await books();
    const paid = await post(`${receipts}/2026Q3/payouts`, {
      on: '2026-10-25',
      channel: 'cash',
      loanIds: [tea],
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect(paid.body.entry).toMatchObject({
      kind: 'subsidy-payout',
      memberId: 'm0001',
      lines: [
        { account: '2203', debit: '604.93', credit: '0.00' },
        { account: '1001', debit: '0.00', credit: '604.93' },
      ],
    });
    expect(paid.body.receipt).toMatchObject({ paidOut: '604.93', held: '270.00' });
    expect(paid.body.receipt.rows[0].paidOut).toEqual({
      on: '2026-10-25',
      entryId: paid.body.entry.id,
      channel: 'cash',
    });
    const after = await books();
    expect(change(before.balances, after.balances, '1001')).toBe('-604.93');
    expect(change(before.balances, after.balances, '2203')).toBe('604.93');

    const page = await farmerPage(tea);
    expect(page).toContain('¥604.93');
    expect(page).not.toContain('待领取');
  });

  it('pays the rest to the bank, then has nothing left to pay; the auditor reads it all', async () => {
    const rest = await post(`${receipts}/2026Q3/payouts`, { on: '2026-10-26' });
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    expect(rest.body.entry.lines[1]).toMatchObject({ account: '1002', credit: '270.00' });
    expect(rest.body.receipt).toMatchObject({ paidOut: '874.93', held: '0.00' });
    await books();

    const before = await snapshot();
    expectProblem(
      await post(`${receipts}/2026Q3/payouts`, { on: '2026-10-27' }),
      409,
      'SUBSIDY_ALREADY_PAID_OUT',
    );
    expectProblem(
      await post(`${receipts}/2026Q2/payouts`, { on: '2026-10-27' }),
      404,
      'SUBSIDY_RECEIPT_NOT_FOUND',
    );
    expect(await snapshot()).toEqual(before);

    const list = await api.request('GET', receipts, { token: await api.login('auditor') });
    expect(list.status).toBe(200);
    expect(list.body.receipts.map((r: any) => [r.period, r.amount, r.paidOut, r.held])).toEqual([
      ['2026Q3', '874.93', '874.93', '0.00'],
    ]);
    const stranger = await api.request('GET', receipts, {
      token: await api.login('supervisor-taishun'),
    });
    expect(stranger.status).toBe(403);
  });
});

describe('reversing 贴息 entries', () => {
  const reverse = (eid: string) =>
    post(`/associations/${aid}/journal/${eid}/reversal`, { reason: '登记有误' });

  it('undoes payouts, then the receipt, and lets the period be received again', async () => {
    const [receipt] = (await api.request('GET', receipts, { token: await api.login('auditor') }))
      .body.receipts;
    const payouts = [...new Set(receipt.rows.map((r: any) => r.paidOut.entryId))] as string[];
    expect(payouts).toHaveLength(2);

    // Not the receipt while households hold their share.
    const before = await snapshot();
    expectProblem(await reverse(receipt.entryId), 422, 'SUBSIDY_RECEIPT_PAID_OUT');
    expect(await snapshot()).toEqual(before);

    expect((await reverse(payouts[1]!)).status).toBe(201);
    const afterOne = await api.request('GET', receipts, { token: await api.login('auditor') });
    expect(afterOne.body.receipts[0]).toMatchObject({ paidOut: '604.93', held: '270.00' });
    await books();
    expect((await reverse(payouts[0]!)).status).toBe(201);
    expect((await reverse(receipt.entryId)).status).toBe(201);
    const none = await api.request('GET', receipts, { token: await api.login('auditor') });
    expect(none.body.receipts).toEqual([]);
    const cleared = await books();
    expect(cleared.balances.get('2203')?.toString()).toBe('0.00');
    expect(await farmerPage(tea)).not.toContain('待领取');

    // Received again: not more than the claim; in part, shared in proportion, to the 分.
    expectProblem(
      await post(receipts, { period: '2026Q3', amount: '874.94', on: '2026-11-02' }),
      422,
      'SUBSIDY_RECEIPT_ABOVE_CLAIM',
    );
    expectProblem(
      await post(receipts, { period: '2026Q3', amount: '874.93', on: '2026-09-30' }),
      422,
      'SUBSIDY_RECEIVED_BEFORE_PERIOD_END',
    );
    const again = await post(receipts, { period: '2026Q3', amount: '800.00', on: '2026-11-02' });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    // 604.93 × 800 / 874.93 = 553.121…, 270 × 800 / 874.93 = 246.877…: the 分 left goes to
    // the larger remainder.
    expect(again.body.receipt.rows.map((r: any) => r.received)).toEqual(['553.12', '246.88']);
    await books();
  });

  it('refuses to reverse a receipt entry whose receipt is gone (SUBSIDY_RECEIPT_MISMATCH)', async () => {
    const [receipt] = (await api.request('GET', receipts, { token: await api.login('auditor') }))
      .body.receipts;
    const { db } = api.system.store;
    const key = { TableName: api.system.tableName, Key: keys.subsidyReceipt(aid, receipt.period) };
    const { Item } = await db.send(new GetCommand(key));
    // Only a store that lost the receipt item shows it: the entry alone cannot be undone.
    await db.send(new DeleteCommand(key));
    const before = await snapshot();
    expectProblem(await reverse(receipt.entryId), 409, 'SUBSIDY_RECEIPT_MISMATCH');
    expect(await snapshot()).toEqual(before);
    await db.send(new PutCommand({ TableName: api.system.tableName, Item }));
  });
});
