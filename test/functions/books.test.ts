/**
 * The books through the API, scenario by scenario, with exact figures: enrolment, shares
 * (入股, 配股, 退股, 退会), capital, reversals, the trial balance as of a date and the journal.
 * The demo associations may hold seeded members and balances: every scenario measures its
 * association first and asserts exact changes, then every ledger invariant.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { Money } from '#domain/money.ts';
import { numberValue } from '../../functions/store/numbers.ts';
import { keys } from '../../functions/store/table-definition.ts';
import { useLocalSystem } from '../support/local-system.ts';
import {
  allEntries,
  balancesOf,
  booksSnapshot,
  expectBooksBalanced,
  trialBalanceOf,
  type BooksFigures,
} from '../support/ledger-invariants.ts';
import { Books, expectProblem, expectStatus } from './books-fixtures.ts';

const api = useLocalSystem({
  seed: [
    'zhuyang-01',
    'zhuyang-02',
    'zhuyang-03',
    'zhuyang-04',
    'zhuyang-05',
    'zhuyang-06',
    'zhuyang-07',
    'zhuyang-09',
  ],
});

async function booksOf(n: number): Promise<Books> {
  const number = String(n).padStart(2, '0');
  return new Books(api, `zhuyang-${number}`, await api.login(`treasurer-${number}`));
}

/** after − before of an account's signed balance (debit − credit), as "0.00" text. */
function change(before: BooksFigures, after: BooksFigures, code: string): string {
  const was = before.balances.get(code) ?? Money.zero;
  const is = after.balances.get(code) ?? Money.zero;
  return is.minus(was).toString();
}

describe('enrolment (入会)', () => {
  it('enrols a household with its ID number masked, and moves no money', async () => {
    const books = await booksOf(1);
    const before = await expectBooksBalanced(api, books.aid, books.token);

    const response = await books.enrolRequest({
      name: '雷小芳',
      idNumber: '11010519800102002X',
      group: '第一联保小组',
      joinedOn: '2021-05-10',
    });
    expectStatus(response, 201);
    expect(response.body).toMatchObject({
      associationId: 'zhuyang-01',
      name: '雷小芳',
      idNumber: '110105********002X',
      lowIncome: 'none',
      lowIncomeLabel: '一般农户',
      group: '第一联保小组',
      creditGrade: 'A',
      joinedOn: '2021-05-10',
      status: 'active',
      shares: { own: 0, ownAmount: '0.00', fiscal: 0, fiscalAmount: '0.00', total: 0 },
      openLoans: 0,
      guaranteesStanding: 0,
    });
    expect(response.body.id).toMatch(/^m\d{4}$/);
    // The full number is never shown, not in the answer, not in the list.
    expect(JSON.stringify(response.body)).not.toContain('11010519800102002X');

    const read = await books.member(response.body.id);
    expect(read).toEqual(response.body);

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(after.members).toHaveLength(before.members.length + 1);
    expect(JSON.stringify(after.members)).not.toContain('11010519800102002X');
    expect(after.trialBalance).toEqual(before.trialBalance);
  });
});

describe('share purchases (入股)', () => {
  it('books cash into 1001 and bank into 1002, both against 3101', async () => {
    const books = await booksOf(1);
    const mid = await books.enrol({ joinedOn: '2021-05-10' });
    const before = await expectBooksBalanced(api, books.aid, books.token);

    const cash = await books.buy(mid, { shares: 3, channel: 'cash', on: '2021-05-11' });
    expectStatus(cash, 201);
    expect(cash.body.entry).toMatchObject({
      date: '2021-05-11',
      kind: 'share-purchase',
      memberId: mid,
      recordedBy: 'treasurer-01',
      lines: [
        { account: '1001', accountName: '现金', debit: '3000.00', credit: '0.00' },
        { account: '3101', accountName: '会员入会互助金', debit: '0.00', credit: '3000.00' },
      ],
    });
    expect(cash.body.entry.id).toMatch(/^je-20210511-[0-9a-z]{10}$/);
    expect(cash.body.member.shares).toEqual({
      own: 3,
      ownAmount: '3000.00',
      fiscal: 0,
      fiscalAmount: '0.00',
      total: 3,
    });

    const bank = await books.buy(mid, { shares: 2, channel: 'bank', on: '2021-05-12' });
    expectStatus(bank, 201);
    expect(bank.body.entry.lines).toEqual([
      { account: '1002', accountName: '银行存款', debit: '2000.00', credit: '0.00' },
      { account: '3101', accountName: '会员入会互助金', debit: '0.00', credit: '2000.00' },
    ]);
    expect(bank.body.member.shares).toMatchObject({ own: 5, ownAmount: '5000.00', total: 5 });
    expect((await books.member(mid)).shares).toEqual(bank.body.member.shares);

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(after.cash.minus(before.cash).toString()).toBe('3000.00');
    expect(after.bank.minus(before.bank).toString()).toBe('2000.00');
    expect(change(before, after, '3101')).toBe('-5000.00');
    expect(after.memberShares.minus(before.memberShares).toString()).toBe('5000.00');
  });
});

describe('capital and fiscal shares (配股)', () => {
  it('books each kind of capital, then grants fiscal shares to a 低保 household', async () => {
    const books = await booksOf(2);
    const before = await expectBooksBalanced(api, books.aid, books.token);

    const fiscal = await books.capital({ kind: 'fiscal', amount: '5000.00', on: '2021-06-01' });
    expectStatus(fiscal, 201);
    expect(fiscal.body).toMatchObject({
      kind: 'capital',
      date: '2021-06-01',
      memo: '收到省财政原渠道扶持资金',
      lines: [
        { account: '1002', debit: '5000.00', credit: '0.00' },
        { account: '3201', accountName: '政府拨入互助资金', debit: '0.00', credit: '5000.00' },
      ],
    });
    const support = await books.capital({
      kind: 'special-support',
      amount: '1234.56',
      channel: 'cash',
      on: '2021-06-02',
      memo: '县农业农村局',
    });
    expectStatus(support, 201);
    expect(support.body).toMatchObject({
      memo: '特扶资金：县农业农村局',
      lines: [
        { account: '1001', debit: '1234.56', credit: '0.00' },
        { account: '3202', accountName: '特扶资金', debit: '0.00', credit: '1234.56' },
      ],
    });
    const donation = await books.capital({
      kind: 'donation',
      amount: '0.01',
      channel: 'bank',
      on: '2021-06-03',
    });
    expectStatus(donation, 201);
    expect(donation.body).toMatchObject({
      memo: '收到捐赠资金',
      lines: [
        { account: '1002', debit: '0.01', credit: '0.00' },
        { account: '3203', accountName: '捐赠资金', debit: '0.00', credit: '0.01' },
      ],
    });

    const mid = await books.enrol({ lowIncome: 'dibao', joinedOn: '2021-06-01' });
    const grant = await books.grant(mid, { shares: 2, on: '2021-06-05' });
    expectStatus(grant, 201);
    expect(grant.body.entry).toMatchObject({
      kind: 'fiscal-share-grant',
      memberId: mid,
      lines: [
        { account: '3201', debit: '2000.00', credit: '0.00' },
        { account: '3102', accountName: '配股互助金', debit: '0.00', credit: '2000.00' },
      ],
    });
    expect(grant.body.member).toMatchObject({
      lowIncomeLabel: '低保户',
      shares: { own: 0, ownAmount: '0.00', fiscal: 2, fiscalAmount: '2000.00', total: 2 },
    });

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(after.cash.minus(before.cash).toString()).toBe('1234.56');
    expect(after.bank.minus(before.bank).toString()).toBe('5000.01');
    expect(after.fiscalMoney.minus(before.fiscalMoney).toString()).toBe('3000.00');
    expect(change(before, after, '3202')).toBe('-1234.56');
    expect(change(before, after, '3203')).toBe('-0.01');
    expect(after.fiscalShares.minus(before.fiscalShares).toString()).toBe('2000.00');
    expect(change(before, after, '3101')).toBe('0.00');
  });
});

describe('withdrawals (退股) and exit (退会)', () => {
  it('pays out a partial withdrawal from the first day after the lock-in', async () => {
    const books = await booksOf(3);
    const before = await expectBooksBalanced(api, books.aid, books.token);
    const mid = await books.enrol({ joinedOn: '2020-03-01' });
    expectStatus(await books.buy(mid, { shares: 5, on: '2020-03-01' }), 201);

    const locked = await books.redeem(mid, { shares: 2, on: '2021-02-28' });
    expectProblem(locked, 422, 'SHARES_LOCKED_IN');
    expect(locked.body.unlockedOn).toBe('2021-03-01');

    const withdrawal = await books.redeem(mid, { shares: 2, channel: 'cash', on: '2021-03-01' });
    expectStatus(withdrawal, 201);
    expect(withdrawal.body.entry).toMatchObject({
      kind: 'share-redemption',
      memo: expect.stringContaining('退股 2 股'),
      lines: [
        { account: '3101', debit: '2000.00', credit: '0.00' },
        { account: '1001', debit: '0.00', credit: '2000.00' },
      ],
    });
    expect(withdrawal.body.entry.memo).not.toContain('退会');
    expect(withdrawal.body.member).toMatchObject({
      status: 'active',
      shares: { own: 3, ownAmount: '3000.00', total: 3 },
    });

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(after.cash.minus(before.cash).toString()).toBe('3000.00'); // in 5000, out 2000
    expect(after.memberShares.minus(before.memberShares).toString()).toBe('3000.00');
  });

  it('ends the membership on a full withdrawal and returns fiscal shares to 3201', async () => {
    const books = await booksOf(3);
    const before = await expectBooksBalanced(api, books.aid, books.token);
    expectStatus(
      await books.capital({ kind: 'fiscal', amount: '2000.00', channel: 'cash', on: '2020-03-01' }),
      201,
    );
    const mid = await books.enrol({ lowIncome: 'wubao', joinedOn: '2020-03-01' });
    expectStatus(await books.grant(mid, { shares: 2, on: '2020-03-02' }), 201);
    expectStatus(await books.buy(mid, { shares: 1, channel: 'bank', on: '2020-03-02' }), 201);
    const middle = await expectBooksBalanced(api, books.aid, books.token);
    expect(middle.fiscalMoney.minus(before.fiscalMoney).toString()).toBe('0.00');

    const exit = await books.redeem(mid, { shares: 1, channel: 'cash', on: '2021-04-01' });
    expectStatus(exit, 201);
    expect(exit.body.entry.memo).toContain('（退会）');
    expect(exit.body.entry.lines).toEqual([
      { account: '3101', accountName: '会员入会互助金', debit: '1000.00', credit: '0.00' },
      { account: '1001', accountName: '现金', debit: '0.00', credit: '1000.00' },
      { account: '3102', accountName: '配股互助金', debit: '2000.00', credit: '0.00' },
      { account: '3201', accountName: '政府拨入互助资金', debit: '0.00', credit: '2000.00' },
    ]);
    expect(exit.body.member).toMatchObject({
      status: 'exited',
      shares: { own: 0, ownAmount: '0.00', fiscal: 0, fiscalAmount: '0.00', total: 0 },
    });

    // An exited household does no more share business.
    const refused = await books.buy(mid, { shares: 1, on: '2021-04-02' });
    expectProblem(refused, 422, 'MEMBER_EXITED');

    const after = await expectBooksBalanced(api, books.aid, books.token);
    // Cash: +2000 fiscal capital, −1000 paid out; the bank kept the 1000 of the purchase.
    expect(after.cash.minus(before.cash).toString()).toBe('1000.00');
    expect(after.bank.minus(before.bank).toString()).toBe('1000.00');
    expect(after.fiscalMoney.minus(before.fiscalMoney).toString()).toBe('2000.00');
    expect(after.fiscalShares.minus(before.fiscalShares).toString()).toBe('0.00');
    expect(after.memberShares.minus(before.memberShares).toString()).toBe('0.00');
  });
});

describe('reversals (冲正)', () => {
  it('reverses a purchase: swapped lines, the member shares restored, once only', async () => {
    const books = await booksOf(4);
    const mid = await books.enrol({ joinedOn: '2021-01-04' });
    expectStatus(await books.buy(mid, { shares: 1, on: '2021-01-04' }), 201);
    const before = await expectBooksBalanced(api, books.aid, books.token);

    const purchase = await books.buy(mid, { shares: 4, channel: 'cash', on: '2021-01-05' });
    expectStatus(purchase, 201);
    const original = purchase.body.entry;
    const reversal = await books.reverse(original.id, { reason: '股数录错', on: '2021-01-06' });
    expectStatus(reversal, 201);
    expect(reversal.body).toMatchObject({
      kind: 'reversal',
      date: '2021-01-06',
      reverses: original.id,
      memberId: mid,
      memo: `冲正 ${original.id}：股数录错`,
      lines: [
        { account: '1001', debit: '0.00', credit: '4000.00' },
        { account: '3101', debit: '4000.00', credit: '0.00' },
      ],
    });
    expect((await books.member(mid)).shares).toEqual({
      own: 1,
      ownAmount: '1000.00',
      fiscal: 0,
      fiscalAmount: '0.00',
      total: 1,
    });
    const journal = await allEntries(api, books.aid, books.token, {
      from: '2021-01-05',
      to: '2021-01-06',
    });
    expect(journal.find((e) => e.id === original.id)?.reversedBy).toBe(reversal.body.id);

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(after.cash.minus(before.cash).toString()).toBe('0.00'); // in 4000, out 4000
    expect(after.trialBalance).toEqual(before.trialBalance);

    // Neither a second reversal nor a reversal of the reversal writes anything.
    const snapshot = await booksSnapshot(api, books.aid, books.token);
    const twice = await books.reverse(original.id, { reason: '再次冲正', on: '2021-01-07' });
    expectProblem(twice, 409, 'ENTRY_ALREADY_REVERSED');
    const ofReversal = await books.reverse(reversal.body.id, { reason: '撤销冲正' });
    expectProblem(ofReversal, 422, 'REVERSAL_OF_REVERSAL');
    expect(await booksSnapshot(api, books.aid, books.token)).toEqual(snapshot);
    await expectBooksBalanced(api, books.aid, books.token);
  });

  it('reverses an exit: the household is back with its own and fiscal shares', async () => {
    const books = await booksOf(4);
    expectStatus(
      await books.capital({ kind: 'fiscal', amount: '1000.00', channel: 'bank', on: '2020-01-02' }),
      201,
    );
    const mid = await books.enrol({ lowIncome: 'tuopin-monitor', joinedOn: '2020-01-02' });
    expectStatus(await books.grant(mid, { shares: 1, on: '2020-01-02' }), 201);
    expectStatus(await books.buy(mid, { shares: 2, channel: 'cash', on: '2020-01-02' }), 201);
    const before = await expectBooksBalanced(api, books.aid, books.token);
    const shares = (await books.member(mid)).shares;

    const exit = await books.redeem(mid, { shares: 2, channel: 'cash', on: '2021-02-01' });
    expectStatus(exit, 201);
    expect(exit.body.member.status).toBe('exited');
    const exited = await expectBooksBalanced(api, books.aid, books.token);
    expect(exited.cash.minus(before.cash).toString()).toBe('-2000.00');
    expect(exited.fiscalMoney.minus(before.fiscalMoney).toString()).toBe('1000.00');

    const reversal = await books.reverse(exit.body.entry.id, { reason: '农户撤回退会申请' });
    expectStatus(reversal, 201);
    expect(reversal.body.lines).toEqual([
      { account: '3101', accountName: '会员入会互助金', debit: '0.00', credit: '2000.00' },
      { account: '1001', accountName: '现金', debit: '2000.00', credit: '0.00' },
      { account: '3102', accountName: '配股互助金', debit: '0.00', credit: '1000.00' },
      { account: '3201', accountName: '政府拨入互助资金', debit: '1000.00', credit: '0.00' },
    ]);
    const member = await books.member(mid);
    expect(member.status).toBe('active');
    expect(member.shares).toEqual(shares);

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(after.trialBalance).toEqual(before.trialBalance);
    expect(after.cash.minus(before.cash).toString()).toBe('0.00');
  });
});

describe('the trial balance as of a date', () => {
  it('sums the journal up to the date asked for', async () => {
    const books = await booksOf(5);
    const dates = ['2019-06-30', '2019-08-31', '2019-12-31'] as const;
    const was = await Promise.all(dates.map((d) => trialBalanceOf(api, books.aid, books.token, d)));
    const before = await expectBooksBalanced(api, books.aid, books.token);

    expectStatus(
      await books.capital({
        kind: 'donation',
        amount: '1000.00',
        channel: 'cash',
        on: '2019-07-01',
      }),
      201,
    );
    const mid = await books.enrol({ joinedOn: '2019-08-01' });
    expectStatus(await books.buy(mid, { shares: 2, channel: 'cash', on: '2019-09-01' }), 201);
    expectStatus(
      await books.capital({ kind: 'fiscal', amount: '500.50', channel: 'cash', on: '2020-01-10' }),
      201,
    );

    const is = await Promise.all(dates.map((d) => trialBalanceOf(api, books.aid, books.token, d)));
    const delta = (index: number, code: string) =>
      balancesOf(is[index]!).get(code)!.minus(balancesOf(was[index]!).get(code)!).toString();

    expect(is[0]!.asOf).toBe('2019-06-30');
    expect(is[0]).toEqual(was[0]);
    expect([delta(1, '1001'), delta(1, '3203'), delta(1, '3101')]).toEqual([
      '1000.00',
      '-1000.00',
      '0.00',
    ]);
    expect([delta(2, '1001'), delta(2, '3203'), delta(2, '3101'), delta(2, '3201')]).toEqual([
      '3000.00',
      '-1000.00',
      '-2000.00',
      '0.00',
    ]);
    for (const balance of is) expect(balance.balanced).toBe(true);

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(after.cash.minus(before.cash).toString()).toBe('3500.50');
    expect(change(before, after, '3201')).toBe('-500.50');
  });
});

describe('the journal', () => {
  it('lists entries dated from..to, oldest first, page by page with a cursor', async () => {
    const books = await booksOf(6);
    const range = { from: '2018-02-01', to: '2018-02-05' };
    const earlier = await allEntries(api, books.aid, books.token, range);
    const before = await expectBooksBalanced(api, books.aid, books.token);

    const dates = ['2018-01-31', '2018-02-01', '2018-02-02', '2018-02-03', '2018-02-04'];
    dates.push('2018-02-05', '2018-02-06');
    const booked: { id: string; date: string }[] = [];
    for (const [i, on] of dates.entries()) {
      const response = await books.capital({
        kind: 'donation',
        amount: `${i + 1}00.00`,
        channel: 'cash',
        on,
      });
      expectStatus(response, 201);
      booked.push({ id: response.body.id, date: on });
    }

    const listed = await allEntries(api, books.aid, books.token, range);
    const inRange = booked.filter((e) => e.date >= range.from && e.date <= range.to);
    const earlierIds = new Set(earlier.map((e) => e.id));
    expect(listed.filter((e) => !earlierIds.has(e.id)).map((e) => e.id)).toEqual(
      inRange.map((e) => e.id),
    );
    expect(listed.map((e) => e.date)).toEqual([...listed.map((e) => e.date)].sort());
    expect(listed.every((e) => e.date >= range.from && e.date <= range.to)).toBe(true);

    // Two at a time: the pages join up to the same list, no entry twice.
    const paged: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = new URLSearchParams({ ...range, limit: '2' });
      if (cursor) query.set('cursor', cursor);
      const page = await api.request('GET', `/associations/${books.aid}/journal?${query}`, {
        token: books.token,
      });
      expectStatus(page, 200);
      expect(page.body.entries.length).toBeLessThanOrEqual(2);
      paged.push(...page.body.entries.map((e: { id: string }) => e.id));
      cursor = page.body.cursor;
      pages += 1;
    } while (cursor && pages < 100);
    expect(paged).toEqual(listed.map((e) => e.id));
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(listed.length / 2));

    // A cursor continues only the association it came from; from after to is refused.
    const first = await api.request(
      'GET',
      `/associations/${books.aid}/journal?from=2018-01-01&to=2018-12-31&limit=1`,
      { token: books.token },
    );
    expect(first.body.cursor).toEqual(expect.any(String));
    const supervisor = await api.login('supervisor');
    const foreign = await api.request(
      'GET',
      `/associations/zhuyang-07/journal?cursor=${encodeURIComponent(first.body.cursor)}`,
      { token: supervisor },
    );
    expectProblem(foreign, 400, 'CURSOR_INVALID');
    const backwards = await api.request(
      'GET',
      `/associations/${books.aid}/journal?from=2018-02-05&to=2018-02-01`,
      { token: books.token },
    );
    expectProblem(backwards, 400, 'VALIDATION_FAILED');
    expect(backwards.body.errors).toEqual([
      { field: 'query.from', message: '开始日期不能晚于结束日期' },
    ]);

    const after = await expectBooksBalanced(api, books.aid, books.token);
    expect(after.cash.minus(before.cash).toString()).toBe('2800.00'); // 100 + 200 + … + 700
  });
});

describe('the invariant check itself', () => {
  /** Adds to a stored number behind the API's back, as a broken writer would. */
  const tamper = (key: { PK: string; SK: string }, attribute: string, amount: string) =>
    api.system.store.db.send(
      new UpdateCommand({
        TableName: api.system.tableName,
        Key: key,
        UpdateExpression: 'ADD #attribute :amount',
        ExpressionAttributeNames: { '#attribute': attribute },
        ExpressionAttributeValues: { ':amount': numberValue(Money.of(amount)) },
      }),
    );

  it('catches a balance item that disagrees with the journal, and member shares off 3101', async () => {
    const books = await booksOf(9);
    const mid = await books.enrol();
    expectStatus(await books.buy(mid, { shares: 1 }), 201);
    await expectBooksBalanced(api, books.aid, books.token);

    // Cash and 3101 moved together: the trial balance still balances, the journal does not agree.
    await tamper(keys.account(books.aid, '1001'), 'balance', '0.01');
    await tamper(keys.account(books.aid, '3101'), 'balance', '-0.01');
    await expect(expectBooksBalanced(api, books.aid, books.token)).rejects.toThrow();
    await tamper(keys.account(books.aid, '1001'), 'balance', '-0.01');
    await tamper(keys.account(books.aid, '3101'), 'balance', '0.01');
    await expectBooksBalanced(api, books.aid, books.token);

    await tamper(keys.member(books.aid, mid), 'ownShareAmount', '0.01');
    await expect(expectBooksBalanced(api, books.aid, books.token)).rejects.toThrow(/3101/);
    await tamper(keys.member(books.aid, mid), 'ownShareAmount', '-0.01');
    await expectBooksBalanced(api, books.aid, books.token);
  });
});
