/**
 * GET /federations/{fid}/dashboard through the local HTTP adapter on DynamoDB Local. First the
 * seeded demo federation as it is (no loans: every association green), then zhuyang-01 takes
 * a 调剂 transfer, risk-fund relief and two loans, and the dashboard is read on dates before,
 * between and after them. Scenarios run in file order on the file's own table.
 *
 * The demo books (local/seed.ts, local/demo-households.ts): each association has 100,000
 * fiscal + 110,000 special support + 550 donations in the bank (210,550) and one share of
 * 1,000 in cash per household, three households with two (zhuyang-10: two): 91 households →
 * 94,000 cash (zhuyang-01..05), 90 → 93,000 (06..09), zhuyang-10 92,000. 配股 moves fiscal
 * money into fiscal shares, so the fund is the cash: 304,550 / 303,550 / 302,550.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dashboardView } from '#api/dashboard.ts';
import { useLocalSystem, type ApiResponse } from '../support/local-system.ts';

const api = useLocalSystem();
const fed = '/federations/zhuyang';
const aid = 'zhuyang-01';

function expectStatus(response: ApiResponse, status: number) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
}

async function dashboard(asOf?: string, username = 'supervisor') {
  const response = await api.request('GET', `${fed}/dashboard${asOf ? `?asOf=${asOf}` : ''}`, {
    token: await api.login(username),
  });
  expectStatus(response, 200);
  return response.body;
}

const row = (body: any, id = aid) =>
  body.associations.find((a: { associationId: string }) => a.associationId === id);

async function post(path: string, body: unknown, username: string) {
  const response = await api.request('POST', path, {
    token: await api.login(username),
    body,
    headers: { 'idempotency-key': randomUUID() },
  });
  expectStatus(response, 201);
  return response.body;
}

const demoCash = (index: number) =>
  index < 5 ? '304550.00' : index < 9 ? '303550.00' : '302550.00';
const demoMembers = (index: number) => (index < 5 ? 91 : 90);

describe('the demo federation, no loans', () => {
  it('rates every association green, with the seeded fund, members and cash', async () => {
    const body = await dashboard();
    expect(body).toMatchObject({ federationId: 'zhuyang', balancesFrom: 'ledger-balances' });
    // The answer has the shape the OpenAPI document promises.
    expect(dashboardView.safeParse(body).error).toBeUndefined();
    expect(body.thresholds.overdueRatePercent).toEqual({ yellow: '5', red: '10' });
    expect(body.associations).toHaveLength(10);
    body.associations.forEach((a: any, index: number) => {
      expect(a).toMatchObject({
        associationId: `zhuyang-${String(index + 1).padStart(2, '0')}`,
        members: demoMembers(index),
        fund: demoCash(index),
        cashOnHand: demoCash(index),
        cash: `${index < 5 ? 94 : index < 9 ? 93 : 92}000.00`,
        bank: '210550.00',
        loans: 0,
        outstanding: '0.00',
        overduePrincipal: '0.00',
        overdueRatePercent: '0.00',
        par30Percent: '0.00',
        lentOutPercent: '0.00',
        riskReserve: '0.00',
        riskReserveCoveragePercent: 'n/a',
        placements: '0.00',
        borrowings: '0.00',
        largestLoan: null,
        rating: 'green',
        reasons: [],
      });
    });
    expect(row(body).name).toBe('竹垟畲族乡竹垟村资金互助会');
    // 303.95万: 93.4万 shares + 100万 fiscal + 110万 special support + 0.55万.
    expect(body.totals).toMatchObject({
      associations: 10,
      members: 905,
      fund: '3039500.00',
      cashOnHand: '3039500.00',
      cash: '934000.00',
      bank: '2105500.00',
      outstanding: '0.00',
      lentOutPercent: '0.00',
      largestLoan: null,
      ratings: { green: 10, yellow: 0, red: 0 },
    });
  });

  it('reads a past date from the journal: on 2013-05-01 only 28 households had joined each', async () => {
    // Households join 2013-04-18 + (i mod 60) days: i = 0..13 and 60..73 by 2013-05-01, each
    // with one share; the capital (210,550) was booked on 2013-04-20.
    const body = await dashboard('2013-05-01');
    expect(body).toMatchObject({ asOf: '2013-05-01', balancesFrom: 'journal' });
    for (const a of body.associations) {
      expect(a).toMatchObject({ members: 28, fund: '238550.00', cashOnHand: '238550.00' });
    }
    expect(body.totals).toMatchObject({ members: 280, fund: '2385500.00' });
  });
});

describe('who may read it', () => {
  it('lets the auditor and the admin read; refuses another federation and a treasurer', async () => {
    expect((await dashboard(undefined, 'auditor')).totals.members).toBe(905);
    expect((await dashboard(undefined, 'admin')).totals.members).toBe(905);
    const other = await api.request('GET', `${fed}/dashboard`, {
      token: await api.login('supervisor-taishun'),
    });
    expectStatus(other, 403);
    const treasurer = await api.request('GET', `${fed}/dashboard`, {
      token: await api.login('treasurer-01'),
    });
    expectStatus(treasurer, 403);
    expect(treasurer.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 404 for an unknown federation and 400 for a date that is not one', async () => {
    const unknown = await api.request('GET', '/federations/nowhere/dashboard', {
      token: await api.login('admin'),
    });
    expectStatus(unknown, 404);
    expect(unknown.body.code).toBe('FEDERATION_NOT_FOUND');
    const badDate = await api.request('GET', `${fed}/dashboard?asOf=2026-02-30`, {
      token: await api.login('supervisor'),
    });
    expectStatus(badDate, 400);
    expect(badDate.body.errors[0].field).toBe('query.asOf');
  });
});

describe('zhuyang-01 borrows, lends to households and falls behind', () => {
  const loanA = {
    memberId: 'm0001',
    principal: '5000.00',
    rate: { monthlyPermille: '6' },
    installments: 6,
    method: 'equal-principal',
    disbursedOn: '2026-06-01',
    approvedOn: '2026-05-28',
    boardMinute: '理事会〔2026〕5号',
    guarantorIds: ['m0002', 'm0003'],
    purpose: '购买茶苗',
  };
  // 利随本清 over 3 months: one row, due 2026-09-01.
  const loanB = {
    ...loanA,
    memberId: 'm0006',
    principal: '4000.00',
    installments: 3,
    method: 'bullet',
    guarantorIds: ['m0007', 'm0008'],
    purpose: '购买化肥',
  };
  let a = '';
  let b = '';

  it('books a 调剂 transfer and risk-fund relief, then two loans on 2026-06-01', async () => {
    // zhuyang-01 needs 300,000 and keeps 10% of 304,550: short 25,905, lent by zhuyang-02.
    const plan = await post(
      `${fed}/liquidity-plans`,
      { on: '2026-05-20', demand: { [aid]: '300000.00' } },
      'supervisor',
    );
    expect(plan.transfers).toEqual([
      expect.objectContaining({ from: 'zhuyang-02', to: aid, amount: '25905.00' }),
    ]);
    await post(`${fed}/liquidity-plans/${plan.id}/approval`, { on: '2026-05-20' }, 'supervisor');
    await post(
      `${fed}/risk-fund/contributions`,
      { associationId: 'zhuyang-02', amount: '20000.00', on: '2026-05-21' },
      'supervisor',
    );
    await post(
      `${fed}/risk-fund/relief`,
      { associationId: aid, amount: '1000.00', on: '2026-05-22' },
      'supervisor',
    );
    a = (await post(`/associations/${aid}/loans`, loanA, 'treasurer-01')).loan.id;
    b = (await post(`/associations/${aid}/loans`, loanB, 'treasurer-01')).loan.id;
  });

  it('shows no loans on 2026-05-31, before they were made', async () => {
    const body = await dashboard('2026-05-31');
    expect(row(body)).toMatchObject({
      members: 91,
      loans: 0,
      outstanding: '0.00',
      largestLoan: null,
      // 304,550 + the relief into the risk reserve
      fund: '305550.00',
      riskReserve: '1000.00',
      riskReserveCoveragePercent: 'n/a',
      // cash 94,000; bank 210,550 + 25,905 + 1,000
      cashOnHand: '331455.00',
      bank: '237455.00',
      borrowings: '25905.00',
      rating: 'green',
    });
    // The lender: the placement and the contribution left its bank; its fund did not change.
    expect(row(body, 'zhuyang-02')).toMatchObject({
      fund: '304550.00',
      placements: '25905.00',
      cashOnHand: '258645.00',
    });
    // The contribution went to the federation's books, the relief came back from them.
    expect(body.totals).toMatchObject({
      fund: '3040500.00',
      cashOnHand: '3020500.00',
      placements: '25905.00',
      borrowings: '25905.00',
      outstanding: '0.00',
      ratings: { green: 10, yellow: 0, red: 0 },
    });
  });

  it('counts both loans on 2026-06-15, nothing due yet', async () => {
    const body = await dashboard('2026-06-15');
    expect(row(body)).toMatchObject({
      loans: 2,
      outstanding: '9000.00',
      overduePrincipal: '0.00',
      overdueRatePercent: '0.00',
      // 9,000 / 305,550 = 2.9455…%; 5,000 / 305,550 = 1.6363…%
      lentOutPercent: '2.95',
      largestLoan: { loanId: a, principalOutstanding: '5000.00', ofFundPercent: '1.64' },
      cash: '85000.00',
      cashOnHand: '322455.00',
      rating: 'green',
    });
    expect(body.totals).toMatchObject({
      outstanding: '9000.00',
      largestLoan: { associationId: aid, loanId: a, principalOutstanding: '5000.00' },
    });
  });

  async function expectYellowOnJuly5() {
    const body = await dashboard('2026-07-05');
    // Loan A's first installment (833.33, due 2026-07-01) is 4 days overdue.
    expect(row(body)).toMatchObject({
      loans: 2,
      overdueLoans: 1,
      outstanding: '9000.00',
      overduePrincipal: '833.33',
      // 833.33 / 9,000 = 9.259…%
      overdueRatePercent: '9.26',
      par30Percent: '0.00',
      // 1,000 / 833.33 = 120.0005…%
      riskReserveCoveragePercent: '120.00',
      rating: 'yellow',
      reasons: ['逾期率 9.26%（逾期本金 ¥833.33 ÷ 借出余额 ¥9,000.00），达到黄色预警线 5%'],
    });
    expect(body.totals.ratings).toEqual({ green: 9, yellow: 1, red: 0 });
  }

  it('turns yellow on 2026-07-05 with the overdue rate as the reason', expectYellowOnJuly5);

  it('takes A’s late installment and B’s payoff, and keeps 2026-07-05 as it was', async () => {
    const due = await api.request('GET', `/associations/${aid}/loans/${a}?asOf=2026-07-10`, {
      token: await api.login('treasurer-01'),
    });
    // 833.33 + 30.00 fee + 9 days on 833.33: 1.50 overdue fee (6‰ / 30) and 0.75 penalty (half).
    expect(due.body.dueNow.total).toBe('865.58');
    await post(
      `/associations/${aid}/loans/${a}/repayments`,
      { amount: '865.58', on: '2026-07-10' },
      'treasurer-01',
    );
    const payoff = await api.request('GET', `/associations/${aid}/loans/${b}?asOf=2026-07-20`, {
      token: await api.login('treasurer-01'),
    });
    const paid = await post(
      `/associations/${aid}/loans/${b}/repayments`,
      { amount: payoff.body.payoff.total, on: '2026-07-20' },
      'treasurer-01',
    );
    expect(paid.loan.status).toBe('paid-off');
    // B is listed as paid off now, and was open on 2026-07-05.
    await expectYellowOnJuly5();
  });

  it('is green again on 2026-07-25: A is current and B paid off', async () => {
    expect(row(await dashboard('2026-07-25'))).toMatchObject({
      loans: 1,
      outstanding: '4166.67',
      overduePrincipal: '0.00',
      largestLoan: { loanId: a, principalOutstanding: '4166.67' },
      rating: 'green',
      reasons: [],
    });
  });

  it('turns red on 2026-08-10 when the second installment is missed', async () => {
    expect(row(await dashboard('2026-08-10'))).toMatchObject({
      outstanding: '4166.67',
      overduePrincipal: '833.33',
      // 833.33 / 4,166.67 = 19.99998…%
      overdueRatePercent: '20.00',
      par30Percent: '0.00',
      rating: 'red',
      reasons: ['逾期率 20.00%（逾期本金 ¥833.33 ÷ 借出余额 ¥4,166.67），达到红色预警线 10%'],
    });
  });

  it('counts A in PAR30 on 2026-09-10, 40 days after the installment it missed', async () => {
    const body = await dashboard('2026-09-10');
    expect(row(body)).toMatchObject({
      outstanding: '4166.67',
      overduePrincipal: '1666.66',
      overdueRatePercent: '40.00',
      par30Principal: '4166.67',
      par30Percent: '100.00',
      // 1,000 / 1,666.66 = 60.0002…%
      riskReserveCoveragePercent: '60.00',
      rating: 'red',
      reasons: [
        '逾期率 40.00%（逾期本金 ¥1,666.66 ÷ 借出余额 ¥4,166.67），达到红色预警线 10%',
        'PAR30（逾期 30 天以上借款占比） 100.00%（逾期 30 天以上借款余额 ¥4,166.67 ÷ 借出余额 ¥4,166.67），达到红色预警线 8%',
      ],
    });
    expect(body.totals).toMatchObject({
      outstanding: '4166.67',
      par30Principal: '4166.67',
      par30Percent: '100.00',
      ratings: { green: 9, yellow: 0, red: 1 },
    });
  });

  it('reads today from the balance items, which agree with the journal of yesterday', async () => {
    const today = await dashboard();
    expect(today.balancesFrom).toBe('ledger-balances');
    const [y, mo, d] = today.asOf.split('-').map(Number);
    const yesterday = new Date(Date.UTC(y, mo - 1, d - 1)).toISOString().slice(0, 10);
    const past = await dashboard(yesterday);
    expect(past.balancesFrom).toBe('journal');
    const books = (body: any) =>
      body.associations.map((r: any) => [r.fund, r.cash, r.bank, r.placements, r.borrowings]);
    expect(books(today)).toEqual(books(past));
    // Cash: 85,000 + 865.58 + B's payoff; bank unchanged since May.
    expect(row(today)).toMatchObject({ bank: '237455.00', outstanding: '4166.67' });
  });

  it('keeps a written-off loan until the day of its write-off', async () => {
    // The reserve must carry the write-off: 5,000 more relief, then A written off.
    await post(
      `${fed}/risk-fund/relief`,
      { associationId: aid, amount: '5000.00', on: '2026-11-01' },
      'supervisor',
    );
    await post(
      `/associations/${aid}/loans/${a}/write-off`,
      { on: '2026-11-20', reason: '长期拖欠，多次催收无果' },
      'supervisor',
    );
    // The day before: four installments missed since 2026-08-01, 6,000 in the reserve.
    expect(row(await dashboard('2026-11-19'))).toMatchObject({
      loans: 1,
      outstanding: '4166.67',
      overduePrincipal: '3333.32',
      par30Percent: '100.00',
      riskReserve: '6000.00',
      // 6,000 / 3,333.32 = 180.0007…%
      riskReserveCoveragePercent: '180.00',
      fund: '310550.00',
      rating: 'red',
    });
    // Written off: off the loans, and out of the reserve, less the borrower's share (1,000)
    // set off against the debt: the fund is the same, the shares bear 1,000 of it.
    expect(row(await dashboard('2026-11-20'))).toMatchObject({
      loans: 0,
      outstanding: '0.00',
      overduePrincipal: '0.00',
      largestLoan: null,
      riskReserve: '2833.33',
      riskReserveCoveragePercent: 'n/a',
      fund: '306383.33',
      rating: 'green',
      reasons: [],
    });
  });
});
