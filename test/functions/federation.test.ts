/**
 * The federation through the local HTTP API on DynamoDB Local: 调剂 plan → approval →
 * repayments with both associations' books balanced after each step, stale plans, double
 * approvals, the risk fund in both books, and scope. Scenarios share the seeded demo
 * federation in file order; each measures its associations first and asserts exact changes.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Money } from '#domain/money.ts';
import { Refusal } from '#domain/refusal.ts';
import { newEntryId } from '../../functions/store/journal.ts';
import { listTransfers, snapshotGuardedEntryWrites } from '../../functions/store/federation.ts';
import { writeOnce } from '../../functions/store/write-once.ts';
import { routeTable } from '#api/routes.ts';
import { useLocalSystem, type ApiResponse } from '../support/local-system.ts';

const api = useLocalSystem();
const fed = '/federations/zhuyang';
const key = () => `fed-${randomUUID()}`;

function expectStatus(response: ApiResponse, status: number) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
}

async function post(username: string, path: string, body?: unknown, idempotencyKey = key()) {
  return api.request('POST', path, {
    token: await api.login(username),
    body,
    headers: { 'idempotency-key': idempotencyKey },
  });
}

async function get(path: string, username = 'supervisor') {
  const response = await api.request('GET', path, { token: await api.login(username) });
  expectStatus(response, 200);
  return response.body;
}

/** The trial balance, which must balance, as signed balances (debit − credit) by code. */
async function books(aid: string): Promise<Map<string, Money>> {
  const body = await get(`/associations/${aid}/trial-balance`);
  expect(body.balanced, `${aid} trial balance`).toBe(true);
  expect(body.totals.debit).toBe(body.totals.credit);
  return new Map(
    body.accounts.map((row: { code: string; debit: string; credit: string }) => [
      row.code,
      Money.of(row.debit).minus(Money.of(row.credit)),
    ]),
  );
}

const change = (before: Map<string, Money>, after: Map<string, Money>, code: string) =>
  after.get(code)!.minus(before.get(code)!).toString();

async function proposeFor(demand: Record<string, string>, on = '2026-03-02') {
  const response = await post('supervisor', `${fed}/liquidity-plans`, { on, demand });
  expectStatus(response, 201);
  return response.body;
}

describe('资金余缺调剂: plan → approval → repayments', () => {
  it('moves 25905.00 from zhuyang-01 to zhuyang-02 and back, books balanced at every step', async () => {
    const lenderBefore = await books('zhuyang-01');
    const borrowerBefore = await books('zhuyang-02');

    // zhuyang-02: cash 94000 + 210550, fund 304550, keeps 10% = 30455, needs 300000:
    // short 25905. zhuyang-01 has the largest spare cash (cap 30% = 91365), lowest id first.
    const plan = await proposeFor({ 'zhuyang-02': '300000.00' });
    expect(plan).toMatchObject({
      federationId: 'zhuyang',
      on: '2026-03-02',
      status: 'proposed',
      feeRate: { annualPercent: '6', monthlyPermille: '5' },
      termMonths: 6,
      transfers: [{ from: 'zhuyang-01', to: 'zhuyang-02', amount: '25905.00' }],
      shortfalls: [],
      totalTransferred: '25905.00',
      createdBy: 'supervisor',
    });
    expect(plan.id).toMatch(/^lp-20260302-[0-9a-z]{10}$/);
    expect(plan.transfers[0].id).toBe(`${plan.id}-01`);
    expect(plan.positions).toHaveLength(10);
    expect(
      plan.positions.find((p: { associationId: string }) => p.associationId === 'zhuyang-02'),
    ).toEqual({
      associationId: 'zhuyang-02',
      cash: '304550.00',
      cashOnHand: '94000.00',
      bank: '210550.00',
      fund: '304550.00',
      placed: '0.00',
      reserveFloor: '30455.00',
      demand: '300000.00',
      placementCap: '91365.00',
    });
    expect(await get(`${fed}/liquidity-plans/${plan.id}`)).toEqual(plan);
    // A plan moves no money.
    expect(await books('zhuyang-01')).toEqual(lenderBefore);

    const approval = await post('supervisor', `${fed}/liquidity-plans/${plan.id}/approval`, {
      on: '2026-03-02',
    });
    expectStatus(approval, 201);
    expect(approval.body.plan).toMatchObject({ status: 'approved', approvedOn: '2026-03-02' });
    const tid = plan.transfers[0].id;
    expect(approval.body.transfers).toEqual([
      expect.objectContaining({
        id: tid,
        amount: '25905.00',
        outstanding: '25905.00',
        startsOn: '2026-03-02',
        dueOn: '2026-09-02',
        status: 'open',
      }),
    ]);
    const lenderEntry = approval.body.entries.find(
      (e: { associationId: string }) => e.associationId === 'zhuyang-01',
    );
    expect(lenderEntry.lines).toEqual([
      { account: '1201', accountName: '调剂拆出资金', debit: '25905.00', credit: '0.00' },
      { account: '1002', accountName: '银行存款', debit: '0.00', credit: '25905.00' },
    ]);

    const lenderLent = await books('zhuyang-01');
    const borrowerLent = await books('zhuyang-02');
    expect(change(lenderBefore, lenderLent, '1201')).toBe('25905.00');
    expect(change(lenderBefore, lenderLent, '1002')).toBe('-25905.00');
    expect(change(borrowerBefore, borrowerLent, '1002')).toBe('25905.00');
    expect(change(borrowerBefore, borrowerLent, '2101')).toBe('-25905.00');
    expect(lenderLent.get('1201')!.equals(borrowerLent.get('2101')!.negated())).toBe(true);

    // 60 days on 25905 at 6% a year: 25905 × 0.06 × 60 / 365 = 255.501… → 255.50.
    const quote = await get(`${fed}/transfers/${tid}?asOf=2026-05-01`);
    expect(quote).toMatchObject({ feeDue: '255.50', payable: '26160.50' });

    // The lender's treasurer may not repay for the borrower; the borrower's may.
    const notTheirs = await post('treasurer-01', `${fed}/transfers/${tid}/repayments`, {
      amount: '10000.00',
      on: '2026-05-01',
    });
    expectStatus(notTheirs, 403);
    const over = await post('treasurer-02', `${fed}/transfers/${tid}/repayments`, {
      amount: '26160.51',
      on: '2026-05-01',
    });
    expectStatus(over, 422);
    expect(over.body).toMatchObject({ code: 'TRANSFER_OVERPAID', payable: '26160.50' });

    const first = await post('treasurer-02', `${fed}/transfers/${tid}/repayments`, {
      amount: '10000.00',
      on: '2026-05-01',
    });
    expectStatus(first, 201);
    expect(first.body.repayment).toMatchObject({ fee: '255.50', principal: '9744.50', days: 60 });
    expect(first.body.transfer).toMatchObject({ outstanding: '16160.50', feePaid: '255.50' });
    expect(first.body.borrowerEntry.lines).toEqual([
      { account: '2101', accountName: '调剂拆入资金', debit: '9744.50', credit: '0.00' },
      { account: '5101', accountName: '管理费用', debit: '255.50', credit: '0.00' },
      { account: '1002', accountName: '银行存款', debit: '0.00', credit: '10000.00' },
    ]);
    const lenderPart = await books('zhuyang-01');
    const borrowerPart = await books('zhuyang-02');
    expect(change(lenderLent, lenderPart, '1201')).toBe('-9744.50');
    expect(change(lenderLent, lenderPart, '4101')).toBe('-255.50');
    expect(change(borrowerLent, borrowerPart, '5101')).toBe('255.50');
    expect(lenderPart.get('1201')!.toString()).toBe('16160.50');
    expect(borrowerPart.get('2101')!.negated().toString()).toBe('16160.50');

    // The rest, 31 days later, by the supervisor: 16160.50 × 0.06 × 31 / 365 = 82.35….
    const rest = await get(`${fed}/transfers/${tid}?asOf=2026-06-01`);
    expect(rest).toMatchObject({ feeDue: '82.35', payable: '16242.85' });
    const last = await post('supervisor', `${fed}/transfers/${tid}/repayments`, {
      amount: rest.payable,
      on: '2026-06-01',
    });
    expectStatus(last, 201);
    expect(last.body.transfer).toMatchObject({ outstanding: '0.00', status: 'repaid' });
    const lenderAfter = await books('zhuyang-01');
    const borrowerAfter = await books('zhuyang-02');
    expect(lenderAfter.get('1201')!.isZero()).toBe(true);
    expect(borrowerAfter.get('2101')!.isZero()).toBe(true);
    // The lender earned exactly what the borrower paid in fees: 255.50 + 82.35.
    expect(change(lenderBefore, lenderAfter, '1002')).toBe('337.85');
    expect(change(borrowerBefore, borrowerAfter, '1002')).toBe('-337.85');
  });
});

describe('a plan is executed on the figures it was made on, once', () => {
  it('refuses a plan whose borrower booked capital since (409 PLAN_STALE), writing nothing', async () => {
    const plan = await proposeFor({ 'zhuyang-04': '290000.00' });
    expect(plan.transfers).toHaveLength(1);
    const { from } = plan.transfers[0];
    const capital = await post('supervisor', '/associations/zhuyang-04/capital', {
      kind: 'donation',
      amount: '100.00',
      on: '2026-03-03',
      channel: 'bank',
    });
    expectStatus(capital, 201);
    const lenderBefore = await books(from);
    const borrowerBefore = await books('zhuyang-04');
    const transfersBefore = await get(`${fed}/transfers`);

    const approval = await post('supervisor', `${fed}/liquidity-plans/${plan.id}/approval`, {
      on: '2026-03-03',
    });
    expectStatus(approval, 409);
    expect(approval.body).toMatchObject({ code: 'PLAN_STALE', associationId: 'zhuyang-04' });

    expect((await get(`${fed}/liquidity-plans/${plan.id}`)).status).toBe('proposed');
    expect(await get(`${fed}/transfers`)).toEqual(transfersBefore);
    expect(await books(from)).toEqual(lenderBefore);
    expect(await books('zhuyang-04')).toEqual(borrowerBefore);
  });

  it('maps a cash change between the read and the write to PLAN_STALE (the condition itself)', async () => {
    const store = api.system.store;
    const before = await books('zhuyang-09');
    const entry = {
      id: newEntryId('2026-03-03'),
      date: '2026-03-03',
      kind: 'liquidity-transfer' as const,
      memo: 'test',
      lines: [
        { account: '1002' as const, debit: Money.of('1.00'), credit: Money.zero },
        { account: '2101' as const, debit: Money.zero, credit: Money.of('1.00') },
      ],
      recordedBy: 'test',
      recordedAt: new Date().toISOString(),
    };
    // The snapshot is one fen off what the books hold: as if a capital booking came between.
    const snapshot = {
      cashOnHand: before.get('1001')!,
      bank: before.get('1002')!.plus(Money.of('0.01')),
    };
    const attempt = writeOnce(store, {
      reads: [],
      decide: () => ({
        writes: snapshotGuardedEntryWrites(store.tableName, 'zhuyang-09', entry, snapshot),
        response: { status: 201, body: {} },
      }),
    });
    await expect(attempt).rejects.toBeInstanceOf(Refusal);
    await expect(attempt).rejects.toMatchObject({ code: 'PLAN_STALE' });
    expect(await books('zhuyang-09')).toEqual(before);
  });

  it('replays a retried approval and refuses a second one: money moves once', async () => {
    const plan = await proposeFor({ 'zhuyang-05': '290000.00' });
    const { from, amount } = plan.transfers[0];
    const lenderBefore = await books(from);
    const borrowerBefore = await books('zhuyang-05');
    const path = `${fed}/liquidity-plans/${plan.id}/approval`;
    const idempotencyKey = key();

    const first = await post('supervisor', path, { on: '2026-03-04' }, idempotencyKey);
    expectStatus(first, 201);
    const retry = await post('supervisor', path, { on: '2026-03-04' }, idempotencyKey);
    expectStatus(retry, 201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    const again = await post('supervisor', path, { on: '2026-03-04' });
    expectStatus(again, 409);
    expect(again.body.code).toBe('PLAN_ALREADY_APPROVED');

    expect(change(lenderBefore, await books(from), '1201')).toBe(amount);
    expect(change(borrowerBefore, await books('zhuyang-05'), '1002')).toBe(amount);
    const transfers = await listTransfers(api.system.store, 'zhuyang');
    expect(transfers.filter((t) => t.planId === plan.id)).toHaveLength(1);
  });

  it('lets only one of two approvals racing with different keys through', async () => {
    const plan = await proposeFor({ 'zhuyang-06': '290000.00' });
    const { from, amount } = plan.transfers[0];
    const lenderBefore = await books(from);
    const path = `${fed}/liquidity-plans/${plan.id}/approval`;
    const answers = await Promise.all([
      post('supervisor', path, { on: '2026-03-04' }),
      post('supervisor', path, { on: '2026-03-04' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(['PLAN_ALREADY_APPROVED', 'PLAN_STALE', 'CONCURRENT_UPDATE']).toContain(
      refused.body.code,
    );
    expect(change(lenderBefore, await books(from), '1201')).toBe(amount);
    await books('zhuyang-06');
  });

  it('refuses a plan with nothing to move, and an unknown association in the demand', async () => {
    const empty = await proposeFor({});
    expect(empty.transfers).toEqual([]);
    const approval = await post('supervisor', `${fed}/liquidity-plans/${empty.id}/approval`);
    expectStatus(approval, 422);
    expect(approval.body.code).toBe('PLAN_EMPTY');

    const unknown = await post('supervisor', `${fed}/liquidity-plans`, {
      on: '2026-03-02',
      demand: { 'taishun-01': '1.00' },
    });
    expectStatus(unknown, 422);
    expect(unknown.body.code).toBe('DEMAND_UNKNOWN_ASSOCIATION');
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ field: 'body.demand.taishun-01' }),
    ]);
  });

  it('answers 404 with its code for a plan or a transfer that does not exist', async () => {
    const token = await api.login('supervisor');
    const plan = await api.request('GET', `${fed}/liquidity-plans/lp-20260302-0000000000`, {
      token,
    });
    expect([plan.status, plan.body.code]).toEqual([404, 'PLAN_NOT_FOUND']);
    const approval = await post(
      'supervisor',
      `${fed}/liquidity-plans/lp-20260302-0000000000/approval`,
      {
        on: '2026-03-02',
      },
    );
    expect([approval.status, approval.body.code]).toEqual([404, 'PLAN_NOT_FOUND']);
    const transfer = await api.request('GET', `${fed}/transfers/lp-20260302-0000000000-01`, {
      token,
    });
    expect([transfer.status, transfer.body.code]).toEqual([404, 'TRANSFER_NOT_FOUND']);
    const repayment = await post(
      'supervisor',
      `${fed}/transfers/lp-20260302-0000000000-01/repayments`,
      {
        amount: '1.00',
        on: '2026-03-02',
      },
    );
    expect([repayment.status, repayment.body.code]).toEqual([404, 'TRANSFER_NOT_FOUND']);
  });

  it('asks for an Idempotency-Key and refuses JSON numbers as amounts', async () => {
    const token = await api.login('supervisor');
    const noKey = await api.request('POST', `${fed}/liquidity-plans`, {
      token,
      body: { on: '2026-03-02' },
    });
    expectStatus(noKey, 400);
    expect(noKey.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const number = await post('supervisor', `${fed}/liquidity-plans`, {
      on: '2026-03-02',
      demand: { 'zhuyang-02': 1000 },
    });
    expectStatus(number, 400);
    expect(number.body.errors[0].field).toBe('body.demand.zhuyang-02');
  });
});

describe('the risk fund, in both books', () => {
  it('takes a contribution and pays relief, each balanced in both books', async () => {
    const before = await get(`${fed}/risk-fund`);
    const payerBefore = await books('zhuyang-07');
    const contribution = await post('supervisor', `${fed}/risk-fund/contributions`, {
      associationId: 'zhuyang-07',
      amount: '500.00',
      on: '2026-06-30',
    });
    expectStatus(contribution, 201);
    expect(contribution.body.federationEntry.lines).toEqual([
      { account: '1002', accountName: '银行存款', debit: '500.00', credit: '0.00' },
      { account: '3401', accountName: '风险基金', debit: '0.00', credit: '500.00' },
    ]);
    const payerAfter = await books('zhuyang-07');
    expect(change(payerBefore, payerAfter, '5201')).toBe('500.00');
    expect(change(payerBefore, payerAfter, '1002')).toBe('-500.00');

    const relievedBefore = await books('zhuyang-08');
    const relief = await post('supervisor', `${fed}/risk-fund/relief`, {
      associationId: 'zhuyang-08',
      amount: '300.00',
      on: '2026-07-01',
      writeOffEntryId: 'je-20260620-abcdefghjk',
    });
    expectStatus(relief, 201);
    const relievedAfter = await books('zhuyang-08');
    expect(change(relievedBefore, relievedAfter, '1002')).toBe('300.00');
    expect(change(relievedBefore, relievedAfter, '3301')).toBe('-300.00');

    const fund = await get(`${fed}/risk-fund`, 'auditor');
    const grew = (field: string) => Money.of(fund[field]).minus(Money.of(before[field])).toString();
    expect(grew('balance')).toBe('200.00');
    expect(grew('contributed')).toBe('500.00');
    expect(grew('relieved')).toBe('300.00');
    // The federation's books balance: its only accounts are the bank and the fund.
    expect(fund.bank).toBe(fund.balance);
    expect(fund.entries.slice(-2).map((e: { kind: string }) => e.kind)).toEqual([
      'risk-fund-contribution',
      'risk-fund-relief',
    ]);

    const tooMuch = await post('supervisor', `${fed}/risk-fund/relief`, {
      associationId: 'zhuyang-08',
      amount: Money.of(fund.balance).plus(Money.of('0.01')).toString(),
      on: '2026-07-02',
    });
    expectStatus(tooMuch, 422);
    expect(tooMuch.body.code).toBe('RISK_FUND_INSUFFICIENT');
    const stranger = await post('supervisor', `${fed}/risk-fund/contributions`, {
      associationId: 'taishun-01',
      amount: '1.00',
      on: '2026-07-02',
    });
    expectStatus(stranger, 422);
    expect(stranger.body.code).toBe('ASSOCIATION_NOT_IN_FEDERATION');
    expect((await get(`${fed}/risk-fund`)).balance).toBe(fund.balance);
  });
});

describe('settings', () => {
  it('shows the defaults, takes new figures, and the next plan uses them', async () => {
    const defaults = await get(`${fed}/settings`, 'auditor');
    expect(defaults.settings).toMatchObject({ placementCapPercent: '30', transferTermMonths: 6 });
    const token = await api.login('supervisor');
    const put = await api.request('PUT', `${fed}/settings`, {
      token,
      body: { transferFee: { annualPercent: '7.2' }, transferTermMonths: 3 },
    });
    expectStatus(put, 200);
    expect(put.body.transferFee).toMatchObject({ annualPercent: '7.2', monthlyPermille: '6' });
    expect(put.body.settings.reserveFloorPercent).toBe('10');
    const plan = await proposeFor({ 'zhuyang-10': '290000.00' }, '2026-08-01');
    expect(plan).toMatchObject({ termMonths: 3, feeRate: { annualPercent: '7.2' } });
    const auditorPut = await api.request('PUT', `${fed}/settings`, {
      token: await api.login('auditor'),
      body: {},
    });
    expectStatus(auditorPut, 403);
  });
});

describe('scope', () => {
  const bodies: Record<string, unknown> = {
    'PUT /federations/{fid}/settings': {},
    'POST /federations/{fid}/liquidity-plans': { on: '2026-03-02' },
    'POST /federations/{fid}/liquidity-plans/{pid}/approval': { on: '2026-03-02' },
    'POST /federations/{fid}/transfers/{tid}/repayments': { amount: '1.00', on: '2026-03-02' },
    'POST /federations/{fid}/risk-fund/contributions': {
      associationId: 'zhuyang-01',
      amount: '1.00',
      on: '2026-03-02',
    },
    'POST /federations/{fid}/risk-fund/relief': {
      associationId: 'zhuyang-01',
      amount: '1.00',
      on: '2026-03-02',
    },
  };

  it('answers 403 to a supervisor of another federation on every federation route', async () => {
    const federationRoutes = routeTable.filter((r) => r.path.startsWith('/federations/'));
    expect(federationRoutes.length).toBeGreaterThanOrEqual(10);
    const token = await api.login('supervisor-taishun');
    for (const route of federationRoutes) {
      const path = route.path
        .replace('{fid}', 'zhuyang')
        .replace('{pid}', 'lp-20260302-abcdefghjk')
        .replace('{tid}', 'lp-20260302-abcdefghjk-01');
      const label = `${route.method} ${route.path}`;
      const response = await api.request(route.method, path, {
        token,
        body: bodies[label],
        headers: { 'idempotency-key': key() },
      });
      expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(403);
      expect(response.body.code, label).toBe('FORBIDDEN_SCOPE');
    }
  });

  it('lets the auditor read but not move money, and no treasurer run a plan', async () => {
    expect((await get(`${fed}/transfers`, 'auditor')).transfers.length).toBeGreaterThan(0);
    const auditor = await post('auditor', `${fed}/liquidity-plans`, { on: '2026-03-02' });
    expectStatus(auditor, 403);
    const treasurer = await post('treasurer-01', `${fed}/liquidity-plans`, { on: '2026-03-02' });
    expectStatus(treasurer, 403);
    expect(treasurer.body.code).toBe('FORBIDDEN_ROLE');
  });
});

describe('entries the federation booked in an association', () => {
  it('cannot be reversed in that association alone (422), and nothing is written', async () => {
    const federationKinds = [
      ['zhuyang-01', 'liquidity-transfer'],
      ['zhuyang-01', 'liquidity-repayment'],
      ['zhuyang-07', 'risk-fund-contribution'],
      ['zhuyang-08', 'risk-fund-relief'],
    ] as const;
    for (const [aid, kind] of federationKinds) {
      const journal = await get(`/associations/${aid}/journal?from=2026-01-01&limit=500`);
      const entry = journal.entries.find((e: { kind: string }) => e.kind === kind);
      expect(entry, `${aid} has a ${kind} entry`).toBeDefined();
      const before = await books(aid);
      const reversal = await post(
        `treasurer-${aid.slice(-2)}`,
        `/associations/${aid}/journal/${entry.id}/reversal`,
        { reason: '误记' },
      );
      expectStatus(reversal, 422);
      expect(reversal.body).toMatchObject({ code: 'FEDERATION_ENTRY_NOT_REVERSIBLE', kind });
      expect(await books(aid)).toEqual(before);
      const after = await get(`/associations/${aid}/journal?from=2026-01-01&limit=500`);
      expect(after.entries.find((e: { id: string }) => e.id === entry.id).reversedBy).toBe(
        undefined,
      );
    }
  });
});
