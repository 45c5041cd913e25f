/**
 * Issue #18: running costs, other income, share-return payouts, 公益金 spending and collateral
 * proceeds through the API (each balanced, with its voucher, exactly once, reversible), and
 * balance floors on every date (a backdated outflow may not make any later day negative;
 * nothing before the association was founded or the household joined).
 */
import { describe, expect, it } from 'vitest';
import { Money } from '#domain/money.ts';
import { useLocalSystem } from '../support/local-system.ts';
import { expectBooksBalanced } from '../support/ledger-invariants.ts';
import { Books, expectProblem, expectStatus, newKey } from './books-fixtures.ts';

const api = useLocalSystem({ seed: ['zhuyang-01'], today: '2026-06-30' });
const aid = 'zhuyang-01';

async function books(): Promise<Books> {
  return new Books(api, aid, await api.login('treasurer-01'));
}

function operating(b: Books, body: Record<string, unknown>, key: string | null = newKey()) {
  return b.api.request('POST', `/associations/${aid}/operating-entries`, {
    token: b.token,
    body,
    headers: key ? { 'idempotency-key': key } : {},
  });
}

const voucher = (number: string) => ({ number, counterparty: '竹垟村', attachments: 1 });

async function balance(b: Books, code: string, asOf?: string): Promise<Money> {
  const query = asOf ? `?asOf=${asOf}` : '';
  const response = await b.api.request('GET', `/associations/${aid}/trial-balance${query}`, {
    token: b.token,
  });
  expectStatus(response, 200);
  const row = (response.body.accounts as { code: string; debit: string; credit: string }[]).find(
    (r) => r.code === code,
  )!;
  return Money.of(row.debit).minus(Money.of(row.credit));
}

describe('operating entries (管理费用, 其他收入, 股金分红, 公益金, 抵押物处置)', () => {
  it('books a stipend from cash with its voucher, once, and undoes it by reversal', async () => {
    const b = await books();
    const cashBefore = await balance(b, '1001');
    const key = newKey();
    const body = {
      kind: 'running-cost',
      category: 'stipend',
      amount: '600.00',
      on: '2026-06-10',
      channel: 'cash',
      voucher: { number: 'PZ-2026-06-01', counterparty: '会计雷某', attachments: 2 },
    };
    const first = await operating(b, body, key);
    expectStatus(first, 201);
    expect(first.body).toMatchObject({
      kind: 'running-cost',
      date: '2026-06-10',
      memo: '管理费用：会计出纳补贴',
      voucher: { number: 'PZ-2026-06-01', counterparty: '会计雷某', attachments: 2 },
      lines: [
        { account: '5101', debit: '600.00', credit: '0.00' },
        { account: '1001', debit: '0.00', credit: '600.00' },
      ],
    });
    const again = await operating(b, body, key);
    expectStatus(again, 201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect((await balance(b, '1001')).toString()).toBe(
      cashBefore.minus(Money.of('600')).toString(),
    );

    expectProblem(await operating(b, body, null), 400, 'IDEMPOTENCY_KEY_REQUIRED');
    const reversal = await b.reverse(first.body.id, { reason: '补贴发放重复登记' });
    expectStatus(reversal, 201);
    expect((await balance(b, '1001')).toString()).toBe(cashBefore.toString());
    await expectBooksBalanced(api, aid, b.token);
  });

  it('books bank interest and bank charges, each to its own account', async () => {
    const b = await books();
    const bankBefore = await balance(b, '1002');
    const interest = await operating(b, {
      kind: 'other-income',
      category: 'bank-interest',
      amount: '157.31',
      on: '2026-06-21',
      channel: 'bank',
      voucher: voucher('YH-0621'),
    });
    expectStatus(interest, 201);
    expect(interest.body.lines).toMatchObject([
      { account: '1002', debit: '157.31' },
      { account: '4201', credit: '157.31' },
    ]);
    const charges = await operating(b, {
      kind: 'running-cost',
      category: 'bank-charges',
      amount: '2.00',
      on: '2026-06-21',
      channel: 'bank',
      voucher: voucher('YH-0621-2'),
    });
    expectStatus(charges, 201);
    expect((await balance(b, '1002')).toString()).toBe(
      bankBefore.plus(Money.of('155.31')).toString(),
    );
    await expectBooksBalanced(api, aid, b.token);
  });

  it('pays share returns and spends 公益金 only as far as they are held', async () => {
    const b = await books();
    expectProblem(
      await operating(b, {
        kind: 'share-return-payout',
        amount: '10.00',
        voucher: voucher('FH-01'),
      }),
      422,
      'ACCOUNT_BALANCE_INSUFFICIENT',
    );
    expectProblem(
      await operating(b, { kind: 'welfare-spending', amount: '10.00', voucher: voucher('GY-01') }),
      422,
      'ACCOUNT_BALANCE_INSUFFICIENT',
    );
    expectProblem(
      await operating(b, {
        kind: 'share-return-payout',
        memberId: 'm9999',
        amount: '10.00',
        voucher: voucher('FH-02'),
      }),
      404,
      'MEMBER_NOT_FOUND',
    );
  });

  it('takes collateral proceeds only for a loan that was written off', async () => {
    const b = await books();
    expectProblem(
      await operating(b, {
        kind: 'collateral-proceeds',
        loanId: 'l9999',
        amount: '100.00',
        voucher: voucher('CZ-01'),
      }),
      404,
      'LOAN_NOT_FOUND',
    );
  });
});

describe('balance floors on every date (issue #18, item 4)', () => {
  it('refuses a backdated outflow that would make a later day negative, books one that does not', async () => {
    const b = await books();
    // Spend all cash but 100.00 on 06-29 (today, 06-30, has more again: an earlier test's
    // reversal put 600.00 back); then 150.00 of costs dated 06-28 would close 06-29 at −50.00,
    // although 06-28 and today alone have the cash.
    const cash = await balance(b, '1001', '2026-06-29');
    const outflow = await operating(b, {
      kind: 'running-cost',
      category: 'other',
      amount: cash.minus(Money.of('100.00')).toString(),
      on: '2026-06-29',
      channel: 'cash',
      voucher: voucher('XJ-0629'),
      memo: '现金全部存入前的支出',
    });
    expectStatus(outflow, 201);
    const backdated = {
      kind: 'running-cost',
      category: 'stationery',
      amount: '150.00',
      on: '2026-06-28',
      channel: 'cash',
      voucher: voucher('BG-0628'),
    };
    const refused = await operating(b, backdated);
    expectProblem(refused, 422, 'BALANCE_NEGATIVE_ON_LATER_DATE');
    expect(refused.body).toMatchObject({ account: '1001', date: '2026-06-29', balance: '-50.00' });
    // 80.00 leaves 20.00 on 06-29.
    expectStatus(await operating(b, { ...backdated, amount: '80.00' }), 201);
    expect((await balance(b, '1001', '2026-06-29')).toString()).toBe('20.00');
    // More than today's cash is refused as any entry short of cash is.
    const today = await balance(b, '1001');
    expectProblem(
      await operating(b, { ...backdated, amount: today.plus(Money.of('0.01')).toString() }),
      422,
      'INSUFFICIENT_CASH',
    );
    await expectBooksBalanced(api, aid, b.token);
  });

  it('refuses entries dated before the association was founded or the member joined', async () => {
    const b = await books();
    expectProblem(
      await b.capital({ kind: 'donation', amount: '10.00', on: '2013-01-05' }),
      422,
      'ENTRY_BEFORE_FOUNDING',
    );
    const mid = await b.enrol({ joinedOn: '2026-05-01' });
    expectStatus(await b.buy(mid, { shares: 1, channel: 'bank', on: '2026-05-02' }), 201);
    expectProblem(
      await operating(b, {
        kind: 'share-return-payout',
        memberId: mid,
        amount: '1.00',
        on: '2026-04-30',
        voucher: voucher('FH-03'),
      }),
      422,
      'ENTRY_BEFORE_JOINING',
    );
  });
});
