/**
 * Credit controls that protect the fund (issue #17), through the API on DynamoDB Local:
 * finding 1 (a tea-garden loan without its certificate), 2 (a defaulter redeeming shares after
 * the write-off), 5 (guarantors never called) and 6 (one-size products). zhuyang-01's
 * households m0041… are 一般农户 with one share (1,000), in groups of five.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Money } from '#domain/money.ts';
import { booksSnapshot, expectBooksBalanced } from '../support/ledger-invariants.ts';
import { useLocalSystem } from '../support/local-system.ts';
import { putCharter as putCharterOf, teaGardenBody } from './subsidy-fixtures.ts';

const api = useLocalSystem({ seed: ['zhuyang-01'] });
const aid = 'zhuyang-01';
const putCharter = (change: (charter: any) => any) => putCharterOf(api, change);

async function post(path: string, body: unknown, user = 'treasurer-01') {
  const full = path.startsWith('/federations') ? path : `/associations/${aid}${path}`;
  return api.request('POST', full, {
    token: await api.login(user),
    body,
    headers: { 'idempotency-key': randomUUID() },
  });
}

async function get(path: string) {
  return api.request('GET', `/associations/${aid}${path}`, {
    token: await api.login('treasurer-01'),
  });
}

const loan = (body: Record<string, unknown>) => ({
  principal: '5000.00',
  installments: 6,
  method: 'equal-principal',
  disbursedOn: '2026-01-10',
  approvedOn: '2026-01-08',
  boardMinute: '理事会〔2026〕17号',
  purpose: '春茶采摘',
  channel: 'bank',
  ...body,
});

const books = async () => expectBooksBalanced(api, aid, await api.login('treasurer-01'));

describe('credit controls (issue #17)', () => {
  it('finding 6: 扶贫小额信贷 of 5万 for 3 years, refused by one-size rules, lent under its product', async () => {
    const poverty = loan({
      memberId: 'm0046',
      guarantorIds: ['m0047', 'm0048'],
      principal: '50000.00',
      installments: 36,
      product: 'poverty-alleviation',
    });
    const { approvedOn: _a, boardMinute: _b, purpose: _p, channel: _c, ...terms } = poverty;
    const quote = await post('/loan-quotes', terms);
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    expect(quote.body.eligibility.refusals.map((r: any) => r.code)).toEqual([
      'LOAN_ABOVE_FIRST_LOAN_CAP',
      'LOAN_ABOVE_MAXIMUM',
      'LOAN_ABOVE_SHARES_MULTIPLE',
      'LOAN_TERM_ABOVE_MAXIMUM',
    ]);
    const charter = await putCharter((c) => ({
      ...c,
      products: {
        'poverty-alleviation': {
          maxLoan: '50000.00',
          maxTermMonths: 36,
          firstLoanCapApplies: false,
          sharesMultipleApplies: false,
          rate: { annualPercent: '4.35' },
        },
      },
    }));
    expect(charter.products['poverty-alleviation'].maxLoan).toBe('50000.00');
    const lent = await post('/loans', poverty);
    expect(lent.status, JSON.stringify(lent.body)).toBe(201);
    expect(lent.body.loan).toMatchObject({
      principal: '50000.00',
      installments: 36,
      product: 'poverty-alleviation',
      rate: { annualPercent: '4.35' },
    });
    const over = await post('/loans', {
      ...poverty,
      memberId: 'm0049',
      guarantorIds: ['m0050', 'm0047'],
      principal: '50000.01',
    });
    expect([over.status, over.body.code, over.body.cap]).toEqual([
      422,
      'LOAN_ABOVE_MAXIMUM',
      '50000.00',
    ]);
    await books();
  });

  it('finding 1: a 10万 tea-garden loan goes out only with its certificate pledged by the disbursement', async () => {
    await putCharter((c) => ({ ...c, loans: { ...c.loans, sharesMultiple: 100 } }));
    const tea = loan({
      memberId: 'm0041',
      guarantorIds: ['m0042', 'm0043'],
      principal: '100000.00',
      installments: 12,
      product: 'tea-garden',
    });
    const before = await booksSnapshot(api, aid, await api.login('treasurer-01'));
    const bare = await post('/loans', tea);
    expect([bare.status, bare.body.code]).toEqual([422, 'LOAN_COLLATERAL_REQUIRED']);
    expect(await booksSnapshot(api, aid, await api.login('treasurer-01'))).toEqual(before);

    const garden = await post(
      '/tea-gardens',
      teaGardenBody('m0041', { appraisedOn: '2025-12-01', validUntil: '2026-11-30' }),
    );
    expect(garden.status, JSON.stringify(garden.body)).toBe(201);
    const missing = await post('/loans', { ...tea, certificateIds: ['t9999'] });
    expect([missing.status, missing.body.code]).toEqual([404, 'TEA_GARDEN_NOT_FOUND']);
    const lent = await post('/loans', { ...tea, certificateIds: [garden.body.id] });
    expect(lent.status, JSON.stringify(lent.body)).toBe(201);
    const lid = lent.body.loan.id;
    const pledged = await get(`/tea-gardens/${garden.body.id}`);
    expect(pledged.body).toMatchObject({ status: 'pledged', pledgedLoanId: lid });
    expect(pledged.body.pledges).toEqual([
      expect.objectContaining({ loanId: lid, pledgedOn: '2026-01-10', state: 'active' }),
    ]);
    // The same garden cannot secure a second loan.
    const twice = await post('/loans', {
      ...tea,
      memberId: 'm0041',
      certificateIds: [garden.body.id],
    });
    expect(twice.status).toBe(422);
    await books();
  });

  it('findings 2 and 5: write-off sets the shares off, keeps the debt, calls and freezes the guarantors; recoveries booked', async () => {
    const lent = await post(
      '/loans',
      loan({ memberId: 'm0051', guarantorIds: ['m0052', 'm0053'] }),
    );
    expect(lent.status, JSON.stringify(lent.body)).toBe(201);
    const lid = lent.body.loan.id;
    const contribution = await post(
      '/federations/zhuyang/risk-fund/contributions',
      { associationId: aid, amount: '10000.00', on: '2026-11-01' },
      'supervisor',
    );
    expect(contribution.status, JSON.stringify(contribution.body)).toBe(201);
    const relief = await post(
      '/federations/zhuyang/risk-fund/relief',
      { associationId: aid, amount: '10000.00', on: '2026-11-02' },
      'supervisor',
    );
    expect(relief.status, JSON.stringify(relief.body)).toBe(201);

    const written = await post(
      `/loans/${lid}/write-off`,
      { on: '2026-11-20', reason: '长期拖欠' },
      'supervisor',
    );
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    const debt = written.body.loan.debt;
    expect(debt.writtenOff.principal).toBe('5000.00');
    // The borrower's one share (1,000) is set off the principal, in the write-off's own entry.
    expect(debt.recoveries).toEqual([
      expect.objectContaining({ fromId: 'm0051', source: 'set-off', amount: '1000.00' }),
    ]);
    expect(written.body.entry.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: '3101', debit: '1000.00' }),
        expect.objectContaining({ account: '1101', credit: '5000.00' }),
      ]),
    );
    const left = Money.of(debt.writtenOff.total).minus(Money.of('1000.00')).toString();
    expect(debt.remaining.total).toBe(left);
    expect(debt.calls).toEqual([
      { guarantorId: 'm0052', amount: left },
      { guarantorId: 'm0053', amount: left },
    ]);
    const borrower = await get('/members/m0051');
    expect(borrower.body).toMatchObject({ creditGrade: 'D', debtOnRecord: left, openLoans: 0 });
    expect(borrower.body.shares).toMatchObject({ own: 0, ownAmount: '0.00' });
    await books();

    // Finding 2: no redemption while owed; finding 5: guarantors frozen and not free to guarantee.
    const redeem = await post('/members/m0051/share-redemptions', { shares: 1 });
    expect([redeem.status, redeem.body.code]).toEqual([422, 'SHARES_DEBT_ON_RECORD']);
    const frozen = await post('/members/m0052/share-redemptions', { shares: 1 });
    expect([frozen.status, frozen.body.code]).toEqual([422, 'SHARES_FROZEN_GUARANTEE_CALLED']);
    const again = await post(
      '/loans',
      loan({ memberId: 'm0054', guarantorIds: ['m0052', 'm0055'] }),
    );
    expect([again.status, again.body.code]).toEqual([422, 'LOAN_GUARANTOR_CALLED']);

    // A guarantor pays part, then the borrower the rest: booked, and everyone is free.
    const part = await post(`/loans/${lid}/recoveries`, {
      payerId: 'm0052',
      amount: '1000.00',
      on: '2026-11-25',
    });
    expect(part.status, JSON.stringify(part.body)).toBe(201);
    expect(part.body.entry.lines).toEqual([
      expect.objectContaining({ account: '1001', debit: '1000.00' }),
      expect.objectContaining({ account: '3301', credit: '1000.00' }),
    ]);
    const rest = Money.of(left).minus(Money.of('1000.00')).toString();
    expect(part.body.loan.debt.calls.map((c: any) => c.amount)).toEqual([rest, rest]);
    const tooMuch = await post(`/loans/${lid}/recoveries`, {
      payerId: 'm0051',
      amount: Money.of(rest).plus(Money.of('0.01')).toString(),
      on: '2026-11-26',
    });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([422, 'RECOVERY_ABOVE_DEBT']);
    const stranger = await post(`/loans/${lid}/recoveries`, {
      payerId: 'm0054',
      amount: '1.00',
      on: '2026-11-26',
    });
    expect([stranger.status, stranger.body.code]).toEqual([422, 'RECOVERY_PAYER_UNRELATED']);
    const paid = await post(`/loans/${lid}/recoveries`, {
      payerId: 'm0051',
      amount: rest,
      on: '2026-11-26',
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect(paid.body.loan.debt.remaining.total).toBe('0.00');
    for (const mid of ['m0051', 'm0052', 'm0053']) {
      const member = await get(`/members/${mid}`);
      expect([mid, member.body.debtOnRecord, member.body.guaranteeCalled]).toEqual([
        mid,
        '0.00',
        '0.00',
      ]);
    }
    const nothing = await post(`/loans/${lid}/recoveries`, {
      payerId: 'm0051',
      amount: '1.00',
      on: '2026-11-27',
    });
    expect([nothing.status, nothing.body.code]).toEqual([422, 'RECOVERY_NOTHING_OWED']);
    await books();

    // A charter cap on what one household may guarantee in all.
    await putCharter((c) => ({ ...c, loans: { ...c.loans, maxGuaranteeTotal: '3000.00' } }));
    const capped = await post(
      '/loans',
      loan({ memberId: 'm0061', guarantorIds: ['m0062', 'm0063'] }),
    );
    expect([capped.status, capped.body.code, capped.body.cap]).toEqual([
      422,
      'LOAN_GUARANTEE_ABOVE_CAP',
      '3000.00',
    ]);
    await putCharter((c) => ({ ...c, loans: { ...c.loans, maxGuaranteeTotal: undefined } }));
  });

  it('finding 3: the grade drops with lateness in the repayment’s own transaction, with history', async () => {
    const lent = await post(
      '/loans',
      loan({ memberId: 'm0056', guarantorIds: ['m0057', 'm0058'] }),
    );
    expect(lent.status, JSON.stringify(lent.body)).toBe(201);
    const lid = lent.body.loan.id;
    // Everything paid on 2026-11-20: the first installment (due 2026-02-10) 283 days late.
    const owed = await get(`/loans/${lid}?asOf=2026-11-20`);
    const paid = await post(`/loans/${lid}/repayments`, {
      amount: owed.body.payoff.total,
      on: '2026-11-20',
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect(paid.body.loan.status).toBe('paid-off');
    const household = await get('/members/m0056');
    expect(household.body).toMatchObject({ creditGrade: 'D', openLoans: 0 });
    expect(household.body.gradeHistory).toEqual([
      { on: '2026-11-20', from: 'A', to: 'D', loanId: lid, reason: 'late', worstDaysLate: 283 },
    ]);
    // …so the household is no longer eligible, and its guarantors are free.
    const next = await post(
      '/loans',
      loan({ memberId: 'm0056', guarantorIds: ['m0057', 'm0058'] }),
    );
    expect([next.status, next.body.code]).toEqual([422, 'LOAN_CREDIT_GRADE_D']);
    expect((await get('/members/m0057')).body.guaranteesStanding).toBe(0);
    await books();
  });
});
