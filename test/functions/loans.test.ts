/**
 * The loan cycle on DynamoDB Local through the local adapter: quote, disburse, position as of
 * any date, repay, pay off, reverse, write off; with the ledger's invariants after each step,
 * loans out (1101) equal to the principal outstanding of the association's loans among them.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Money } from '#domain/money.ts';
import {
  balancesOf,
  booksSnapshot,
  expectBooksBalanced,
  trialBalanceOf,
} from '../support/ledger-invariants.ts';
import { useLocalSystem } from '../support/local-system.ts';

const api = useLocalSystem({ seed: ['zhuyang-01', 'zhuyang-02'] });
const aid = 'zhuyang-01';

async function token() {
  return api.login('treasurer-01');
}

async function post(path: string, body: unknown, options: { key?: string; user?: string } = {}) {
  return api.request('POST', `/associations/${aid}${path}`, {
    token: await api.login(options.user ?? 'treasurer-01'),
    body,
    headers: { 'idempotency-key': options.key ?? randomUUID() },
  });
}

/** Every ledger invariant, plus: loans out = Σ principal outstanding of every loan. */
async function expectLoanBooks() {
  const figures = await expectBooksBalanced(api, aid, await token());
  let outstanding = Money.zero;
  for (const status of ['open', 'paid-off', 'written-off']) {
    const list = await api.request('GET', `/associations/${aid}/loans?status=${status}&limit=500`, {
      token: await token(),
    });
    outstanding = outstanding.plus(
      Money.sum(
        list.body.loans.map((l: { principalOutstanding: string }) =>
          Money.of(l.principalOutstanding),
        ),
      ),
    );
  }
  expect((figures.balances.get('1101') ?? Money.zero).toString(), 'loans out = Σ outstanding').toBe(
    outstanding.toString(),
  );
  return figures;
}

const loanRequest = {
  memberId: 'm0001',
  principal: '5000.00',
  rate: { monthlyPermille: '6' },
  installments: 6,
  method: 'equal-principal',
  disbursedOn: '2026-01-10',
  approvedOn: '2026-01-08',
  boardMinute: '理事会〔2026〕1号',
  guarantorIds: ['m0002', 'm0003'],
  purpose: '购买茶苗',
};

describe('loans', () => {
  it('quotes the known schedule and checks the household, storing nothing', async () => {
    const before = await booksSnapshot(api, aid, await token());
    const response = await post('/loan-quotes', {
      principal: '12000.00',
      rate: { monthlyPermille: '20' },
      installments: 4,
      disbursedOn: '2011-09-20',
      memberId: 'm0001',
      guarantorIds: ['m0002', 'm0003'],
    });
    expect(response.status).toBe(200);
    expect(response.body.schedule.installments.map((r: any) => [r.principal, r.fee])).toEqual([
      ['2911.49', '240.00'],
      ['2969.72', '181.77'],
      ['3029.11', '122.38'],
      ['3089.68', '61.79'],
    ]);
    // 12,000 is above this household's first-loan cap of 5,000: the quote says so.
    expect(response.body.eligibility.eligible).toBe(false);
    expect(response.body.eligibility.refusals.map((r: any) => r.code)).toContain(
      'LOAN_ABOVE_FIRST_LOAN_CAP',
    );
    expect(await booksSnapshot(api, aid, await token())).toEqual(before);
  });

  it('disburses, shows the position at any date, takes repayments and pays off', async () => {
    const before = await expectLoanBooks();
    const created = await post('/loans', loanRequest);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const lid = created.body.loan.id;
    expect(created.body.loan).toMatchObject({
      principal: '5000.00',
      status: 'current',
      principalOutstanding: '5000.00',
    });
    expect(created.body.entry.lines).toEqual([
      expect.objectContaining({ account: '1101', debit: '5000.00' }),
      expect.objectContaining({ account: '1001', credit: '5000.00' }),
    ]);
    const afterLoan = await expectLoanBooks();
    expect(afterLoan.cash.toString()).toBe(before.cash.minus(Money.of('5000.00')).toString());
    // A disbursement is not undone by a reversal: only a repayment entered wrongly is.
    const undoLoan = await post(`/journal/${created.body.entry.id}/reversal`, {
      reason: '测试',
      on: '2026-01-10',
    });
    expect(undoLoan.status, JSON.stringify(undoLoan.body)).toBe(422);
    expect(undoLoan.body.code).toBe('LOAN_ENTRY_NOT_REVERSIBLE');

    const borrower = await api.request('GET', `/associations/${aid}/members/m0001`, {
      token: await token(),
    });
    expect(borrower.body.openLoans).toBe(1);
    const guarantor = await api.request('GET', `/associations/${aid}/members/m0002`, {
      token: await token(),
    });
    expect(guarantor.body.guaranteesStanding).toBe(1);

    // As of a date: current before the first due date, overdue ten days after it.
    const early = await api.request('GET', `/associations/${aid}/loans/${lid}?asOf=2026-02-01`, {
      token: await token(),
    });
    expect(early.body).toMatchObject({ status: 'current', nextDue: { dueOn: '2026-02-10' } });
    const late = await api.request('GET', `/associations/${aid}/loans/${lid}?asOf=2026-02-20`, {
      token: await token(),
    });
    expect(late.body.status).toBe('overdue');
    expect(late.body.overdue).toMatchObject({ days: 10, since: '2026-02-10', principal: '833.33' });
    expect(Money.of(late.body.penaltyOutstanding).isPositive()).toBe(true);

    // The first installment on its due date: 833.33 principal + 30.00 fee (5000 × 6‰).
    const first = await post(`/loans/${lid}/repayments`, { amount: '863.33', on: '2026-02-10' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.entry.lines).toEqual([
      expect.objectContaining({ account: '1001', debit: '863.33' }),
      expect.objectContaining({ account: '1101', credit: '833.33' }),
      expect.objectContaining({ account: '4101', credit: '30.00' }),
    ]);
    await expectLoanBooks();

    // Overpaying is refused with what is owed, and writes nothing.
    const snapshot = await booksSnapshot(api, aid, await token());
    const over = await post(`/loans/${lid}/repayments`, { amount: '9999.00', on: '2026-03-10' });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('REPAYMENT_EXCEEDS_OWED');
    expect(await booksSnapshot(api, aid, await token())).toEqual(snapshot);

    // A repayment dated before the disbursement is refused.
    const early2 = await post(`/loans/${lid}/repayments`, { amount: '10.00', on: '2026-01-01' });
    expect(early2.status).toBe(422);
    expect(early2.body.code).toBe('REPAYMENT_BEFORE_DISBURSEMENT');

    // Paid off early on 2026-03-10: the rest of the principal and the fee to date only.
    const quote = await api.request('GET', `/associations/${aid}/loans/${lid}?asOf=2026-03-10`, {
      token: await token(),
    });
    const payoff = await post(`/loans/${lid}/repayments`, {
      amount: quote.body.payoff.total,
      on: '2026-03-10',
    });
    expect(payoff.status, JSON.stringify(payoff.body)).toBe(201);
    expect(payoff.body.loan.status).toBe('paid-off');
    expect(payoff.body.loan.principalOutstanding).toBe('0.00');
    await expectLoanBooks();
    const freed = await api.request('GET', `/associations/${aid}/members/m0002`, {
      token: await token(),
    });
    expect(freed.body.guaranteesStanding).toBe(0);
    const borrowerAfter = await api.request('GET', `/associations/${aid}/members/m0001`, {
      token: await token(),
    });
    expect(borrowerAfter.body.openLoans).toBe(0);

    const closed = await post(`/loans/${lid}/repayments`, { amount: '1.00', on: '2026-03-11' });
    expect(closed.status).toBe(422);
    expect(closed.body.code).toBe('LOAN_CLOSED');

    // The payoff was a mistake: its reversal reopens the loan and binds the households again.
    const reversal = await post(`/journal/${payoff.body.entry.id}/reversal`, {
      reason: '金额登记错误',
      on: '2026-03-10',
    });
    expect(reversal.status, JSON.stringify(reversal.body)).toBe(201);
    const reopened = await api.request('GET', `/associations/${aid}/loans/${lid}?asOf=2026-03-10`, {
      token: await token(),
    });
    expect(reopened.body.status).toBe('current');
    expect(reopened.body.principalOutstanding).toBe('4166.67');
    expect(
      (await api.request('GET', `/associations/${aid}/members/m0002`, { token: await token() }))
        .body.guaranteesStanding,
    ).toBe(1);
    await expectLoanBooks();

    // The loans of a member, and the association's open loans due before a date.
    const mine = await api.request(
      'GET',
      `/associations/${aid}/members/m0001/loans?asOf=2026-03-10`,
      { token: await token() },
    );
    expect(mine.body.loans.map((l: { id: string }) => l.id)).toEqual([lid]);
    const dueSoon = await api.request(
      'GET',
      `/associations/${aid}/loans?status=open&dueBefore=2026-04-30`,
      { token: await token() },
    );
    expect(dueSoon.body.loans.map((l: { id: string }) => l.id)).toContain(lid);
    const dueLater = await api.request(
      'GET',
      `/associations/${aid}/loans?status=open&dueBefore=2026-03-01`,
      { token: await token() },
    );
    expect(dueLater.body.loans.map((l: { id: string }) => l.id)).not.toContain(lid);
  });

  it('lets exactly one of two concurrent repayments land when together they overpay', async () => {
    const created = await post('/loans', {
      ...loanRequest,
      memberId: 'm0006',
      guarantorIds: ['m0007', 'm0008'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const lid = created.body.loan.id;
    const quote = await api.request('GET', `/associations/${aid}/loans/${lid}?asOf=2026-02-01`, {
      token: await token(),
    });
    const answers = await Promise.all(
      [1, 2].map(() =>
        post(`/loans/${lid}/repayments`, { amount: quote.body.payoff.total, on: '2026-02-01' }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    expect(answers.find((a) => a.status === 422)!.body.code).toMatch(
      /REPAYMENT_EXCEEDS_OWED|LOAN_CLOSED/,
    );
    await expectLoanBooks();
  });

  it('refuses a disbursement larger than the cash on hand and writes nothing', async () => {
    const supervisor = await api.login('supervisor');
    const association = await api.request('GET', `/associations/${aid}`, { token: supervisor });
    const charter = structuredClone(association.body.charter);
    charter.loans = {
      ...charter.loans,
      firstLoanCap: '500000.00',
      maxLoan: '500000.00',
      sharesMultiple: 100,
    };
    expect(
      (
        await api.request('PUT', `/associations/${aid}/charter`, {
          token: supervisor,
          body: charter,
        })
      ).status,
    ).toBe(200);
    const cash = (await trialBalanceOf(api, aid, await token())).accounts.find(
      (a) => a.code === '1001',
    )!.debit;
    const snapshot = await booksSnapshot(api, aid, await token());
    // m0090 holds 2 shares: 2,000 × 100 allows 200,000, far above the cash.
    const response = await post('/loans', {
      ...loanRequest,
      memberId: 'm0090',
      guarantorIds: ['m0087', 'm0088'],
      principal: Money.of(cash).plus(Money.of('0.01')).toString(),
    });
    expect(response.status, JSON.stringify(response.body)).toBe(422);
    expect(response.body.code).toBe('INSUFFICIENT_CASH');
    expect(await booksSnapshot(api, aid, await token())).toEqual(snapshot);
    charter.loans = association.body.charter.loans;
    await api.request('PUT', `/associations/${aid}/charter`, { token: supervisor, body: charter });
  });

  it.each([
    ['a rate written "5%%"', { rate: { annualPercent: '5%%' } }, 400],
    ['a rate of "-1"', { rate: { annualPercent: '-1' } }, 400],
    ['zero installments', { installments: 0 }, 400],
    ['a term over the charter cap', { installments: 13 }, 422],
    ['approval after the disbursement', { approvedOn: '2026-01-11' }, 422],
    ['an amount as a number', { principal: 5000 }, 400],
  ])('refuses %s and writes nothing', async (_name, change, status) => {
    const snapshot = await booksSnapshot(api, aid, await token());
    const response = await post('/loans', {
      ...loanRequest,
      memberId: 'm0011',
      guarantorIds: ['m0012', 'm0013'],
      ...change,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.title).toMatch(/[\u4e00-\u9fa5]/);
    expect(await booksSnapshot(api, aid, await token())).toEqual(snapshot);
  });

  it('answers 404 with its code for a loan, a member, a borrower or a guarantor not there', async () => {
    const snapshot = await booksSnapshot(api, aid, await token());
    const loan = await api.request('GET', `/associations/${aid}/loans/l9999`, {
      token: await token(),
    });
    expect([loan.status, loan.body.code]).toEqual([404, 'LOAN_NOT_FOUND']);
    const member = await api.request('GET', `/associations/${aid}/members/m9999`, {
      token: await token(),
    });
    expect([member.status, member.body.code]).toEqual([404, 'MEMBER_NOT_FOUND']);
    const borrower = await post('/loans', {
      ...loanRequest,
      memberId: 'm9999',
      guarantorIds: ['m0012', 'm0013'],
    });
    expect([borrower.status, borrower.body.code]).toEqual([404, 'MEMBER_NOT_FOUND']);
    const guarantor = await post('/loans', {
      ...loanRequest,
      memberId: 'm0011',
      guarantorIds: ['m0012', 'm9998'],
    });
    expect([guarantor.status, guarantor.body.code]).toEqual([404, 'GUARANTOR_NOT_FOUND']);
    expect(guarantor.body.title).toContain('m9998');
    expect(await booksSnapshot(api, aid, await token())).toEqual(snapshot);
  });

  it('writes off a defaulted loan against the risk reserve, supervisors only', async () => {
    const created = await post('/loans', {
      ...loanRequest,
      memberId: 'm0016',
      guarantorIds: ['m0017', 'm0018'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const lid = created.body.loan.id;
    const byTreasurer = await post(`/loans/${lid}/write-off`, {
      on: '2026-11-20',
      reason: '长期拖欠',
    });
    expect(byTreasurer.status).toBe(403);
    // The federation's risk fund pays relief into the reserve, which then bears the write-off
    // (a loss larger than the reserve is test/functions/books-year.test.ts's).
    const contribution = await api.request('POST', '/federations/zhuyang/risk-fund/contributions', {
      token: await api.login('supervisor'),
      body: { associationId: 'zhuyang-02', amount: '20000.00', on: '2026-11-01' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(contribution.status, JSON.stringify(contribution.body)).toBe(201);
    const relief = await api.request('POST', '/federations/zhuyang/risk-fund/relief', {
      token: await api.login('supervisor'),
      body: { associationId: aid, amount: '10000.00', on: '2026-11-02' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(relief.status, JSON.stringify(relief.body)).toBe(201);
    const written = await post(
      `/loans/${lid}/write-off`,
      { on: '2026-11-20', reason: '长期拖欠' },
      { user: 'supervisor' },
    );
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    expect(written.body.loan.status).toBe('written-off');
    // The borrower's one share (1,000) is set off against the debt in the same entry, so the
    // reserve bears 4,000 (issue #17; the rest stays on record: credit-controls.test.ts).
    expect(written.body.entry.lines).toEqual([
      expect.objectContaining({ account: '3301', debit: '4000.00' }),
      expect.objectContaining({ account: '1101', credit: '5000.00' }),
      expect.objectContaining({ account: '3101', debit: '1000.00' }),
    ]);
    const member = await api.request('GET', `/associations/${aid}/members/m0016`, {
      token: await token(),
    });
    expect(member.body).toMatchObject({ openLoans: 0, creditGrade: 'D' });
    await expectLoanBooks();
    const balances = balancesOf(await trialBalanceOf(api, aid, await token()));
    expect(balances.get('3301')?.toString()).toBe('-6000.00');
  });
});
