/**
 * Tea-garden collateral on DynamoDB Local through the local adapter: the county-wide registry,
 * re-appraisals, pledges refused at the charter's edges, twenty pledges of one garden racing
 * (exactly one wins), release on payoff and enforcement on write-off in the loan's own
 * transaction; the ledger's invariants after each scenario.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCharter } from '#domain/charter.ts';
import { Money } from '#domain/money.ts';
import { createAssociation, createFederation } from '../../functions/store/associations.ts';
import { at } from '../../functions/store/read-set.ts';
import { pledgeWrites } from '../../functions/store/tea-gardens.ts';
import { readItems, writeOnce } from '../../functions/store/write-once.ts';
import { expectBooksBalanced } from '../support/ledger-invariants.ts';
import { useLocalSystem } from '../support/local-system.ts';

// Appraisals made in 2026 are in force (not expired) on the date the file assumes.
const api = useLocalSystem({
  seed: ['zhuyang-02', 'zhuyang-03', 'zhuyang-04', 'zhuyang-05'],
  today: '2026-11-30',
});

async function call(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  options: { user: string; body?: unknown; key?: string | null } = { user: 'treasurer-02' },
) {
  return api.request(method, path, {
    token: await api.login(options.user),
    body: options.body,
    headers: options.key === null ? {} : { 'idempotency-key': options.key ?? randomUUID() },
  });
}

/** One household may hold several open loans, without guarantors, up to 100× its shares. */
async function openCharter(aid: string) {
  const response = await call('PUT', `/associations/${aid}/charter`, {
    user: 'supervisor',
    body: {
      loans: { oneOpenLoanPerHousehold: false, guarantorsRequired: 0, sharesMultiple: 100 },
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body.charter.teaGarden.maxLoan).toBe('100000.00');
}

/** 10 shares (the charter's maximum) for the household: 10,000 × 100 covers a 10万 loan. */
async function fullShares(aid: string, mid: string, user: string) {
  const member = await call('GET', `/associations/${aid}/members/${mid}`, { user });
  const missing = 10 - member.body.shares.own;
  if (missing > 0) {
    const bought = await call('POST', `/associations/${aid}/members/${mid}/shares`, {
      user,
      body: { shares: missing, on: '2026-01-05' },
    });
    expect(bought.status, JSON.stringify(bought.body)).toBe(201);
  }
}

/**
 * A tea-garden loan, disbursed against a garden of its own (a 20亩 certificate good for 10万)
 * pledged in the same transaction; the certificates the tests register are pledged later.
 */
async function openTeaLoan(aid: string, user: string, principal: string, memberId = 'm0001') {
  const number = `LQ-BASE-${randomUUID().slice(0, 8)}`;
  const collateral = await register(aid, user, garden(number, { holderId: memberId }));
  expect(collateral.status, JSON.stringify(collateral.body)).toBe(201);
  const response = await call('POST', `/associations/${aid}/loans`, {
    user,
    body: {
      memberId,
      principal,
      installments: 12,
      method: 'equal-principal',
      disbursedOn: '2026-11-20',
      approvedOn: '2026-11-18',
      boardMinute: '理事会〔2026〕11号',
      guarantorIds: [],
      purpose: '茶园管护与春茶采摘',
      product: 'tea-garden',
      channel: 'bank',
      certificateIds: [collateral.body.id],
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.loan.id as string;
}

const garden = (number: string, overrides: Record<string, unknown> = {}) => ({
  number,
  holderId: 'm0001',
  location: '竹垟畲族乡大岱岗',
  boundaries: { east: '山脊', south: '机耕路', west: '雷家茶园', north: '小溪' },
  areaMu: '20',
  variety: '龙井43',
  treeAgeYears: 5,
  appraisedValue: '200000.00',
  appraiser: '龙泉市茶园资产评估中心',
  appraisedOn: '2026-03-01',
  validUntil: '2027-02-28',
  ...overrides,
});

async function register(aid: string, user: string, body: unknown, key: string | null = null) {
  return call('POST', `/associations/${aid}/tea-gardens`, { user, body, key });
}

async function pledge(aid: string, user: string, lid: string, certificateId: string) {
  return call('POST', `/associations/${aid}/loans/${lid}/pledges`, {
    user,
    body: { certificateId },
  });
}

beforeAll(async () => {
  await openCharter('zhuyang-02');
  await openCharter('zhuyang-03');
  await fullShares('zhuyang-02', 'm0001', 'treasurer-02');
  await fullShares('zhuyang-03', 'm0001', 'treasurer-03');
});

describe('the registry', () => {
  const aid = 'zhuyang-02';
  const user = 'treasurer-02';

  it('registers a certificate, shows it, keeps re-appraisals, and claims its number county-wide', async () => {
    const key = randomUUID();
    const created = await register(aid, user, garden('LQ(2026)0001'), key);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const cid = created.body.id;
    expect(cid).toMatch(/^t\d{4}$/);
    expect(created.body).toMatchObject({
      associationId: aid,
      county: '龙泉市',
      number: 'LQ(2026)0001',
      holderId: 'm0001',
      boundaries: { east: '山脊', south: '机耕路', west: '雷家茶园', north: '小溪' },
      areaMu: '20',
      status: 'free',
      appraisal: {
        id: 'a1',
        appraisedValue: '200000.00',
        expired: false,
        inForce: true,
        recordedBy: user,
      },
      // 20亩 reaches the 15亩 tier (10万); 60% of 20万 is 12万: the tier binds.
      limits: { tierCap: '100000.00', loanToValueCap: '120000.00', maxLoan: '100000.00' },
      pledges: [],
    });
    // The same request again with its key: the first answer, nothing registered twice.
    const replay = await register(aid, user, garden('LQ(2026)0001'), key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(cid);

    // The same number, typed in full-width forms and lower case, in another association of
    // the county: refused, without saying whose it is.
    const elsewhere = await register('zhuyang-04', 'treasurer-04', {
      ...garden('lq（２０２６）０００１'),
    });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body).toMatchObject({
      code: 'CERTIFICATE_NUMBER_TAKEN',
      county: '龙泉市',
      number: 'LQ(2026)0001',
    });
    expect(JSON.stringify(elsewhere.body)).not.toContain(aid);
    const again = await register(aid, user, garden('LQ(2026)0001'));
    expect(again.status).toBe(409);

    // A re-appraisal: kept beside the first, in force from its date.
    const reappraised = await call('POST', `/associations/${aid}/tea-gardens/${cid}/appraisals`, {
      user,
      key: null,
      body: {
        appraisedValue: '150000.00',
        appraiser: '丽水市茶园评估所',
        appraisedOn: '2026-09-01',
        validUntil: '2027-08-31',
        treeAgeYears: 5,
      },
    });
    expect(reappraised.status, JSON.stringify(reappraised.body)).toBe(201);
    const read = await call('GET', `/associations/${aid}/tea-gardens/${cid}`, { user });
    expect(read.status).toBe(200);
    expect(read.body.appraisals.map((a: any) => [a.id, a.appraisedValue, a.inForce])).toEqual([
      ['a1', '200000.00', false],
      ['a2', '150000.00', true],
    ]);
    expect(read.body.limits).toEqual({
      tierCap: '100000.00',
      loanToValueCap: '90000.00',
      maxLoan: '90000.00',
    });
    // As of a day before the re-appraisal, the first one was in force.
    const before = await call('GET', `/associations/${aid}/tea-gardens/${cid}?asOf=2026-08-31`, {
      user,
    });
    expect(before.body.appraisal.id).toBe('a1');
    const outOfOrder = await call('POST', `/associations/${aid}/tea-gardens/${cid}/appraisals`, {
      user,
      body: {
        appraisedValue: '1.00',
        appraiser: 'x',
        appraisedOn: '2026-08-01',
        validUntil: '2027-08-31',
        treeAgeYears: 5,
      },
    });
    expect(outOfOrder.status).toBe(422);
    expect(outOfOrder.body.code).toBe('TEA_GARDEN_APPRAISAL_OUT_OF_ORDER');

    const listed = await call('GET', `/associations/${aid}/tea-gardens?holderId=m0001`, { user });
    expect(listed.body.certificates.map((c: any) => c.id)).toContain(cid);
    const none = await call('GET', `/associations/${aid}/tea-gardens?holderId=m0002`, { user });
    expect(none.body.certificates.map((c: any) => c.id)).not.toContain(cid);

    // Readers of other associations get nothing.
    const foreign = await call('GET', `/associations/${aid}/tea-gardens/${cid}`, {
      user: 'treasurer-03',
    });
    expect(foreign.status).toBe(403);
    const missing = await call('GET', `/associations/${aid}/tea-gardens/t9999`, {
      user: 'auditor',
    });
    expect([missing.status, missing.body.code]).toEqual([404, 'TEA_GARDEN_NOT_FOUND']);
  });

  it('refuses bad input with the field named', async () => {
    const badArea = await register(aid, user, garden('LQ-BAD-1', { areaMu: '1.999' }));
    expect(badArea.status).toBe(400);
    expect(badArea.body.errors.map((e: any) => e.field)).toContain('body.areaMu');
    const number = await register(aid, user, garden('LQ BAD#2'));
    expect(number.status).toBe(400);
    expect(number.body.errors.map((e: any) => e.field)).toContain('body.number');
    const stranger = await register(aid, user, garden('LQ-BAD-3', { holderId: 'm9999' }));
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('TEA_GARDEN_HOLDER_NOT_FOUND');
    const validity = await register(aid, user, garden('LQ-BAD-4', { validUntil: '2026-03-01' }));
    expect(validity.status).toBe(400);
    expect(validity.body.code).toBe('TEA_GARDEN_VALIDITY_INVALID');
    const future = await register(aid, user, garden('LQ-BAD-5', { appraisedOn: '2099-01-01' }));
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('DATE_IN_FUTURE');
    const byAuditor = await register(aid, 'auditor', garden('LQ-BAD-6'));
    expect(byAuditor.status).toBe(403);
  });

  it('takes the same number in another county', async () => {
    const { store } = api.system;
    await createFederation(store, {
      id: 'songyang',
      name: '松阳县新兴镇资金互助会联合会',
      county: '松阳县',
      township: '新兴镇',
      foundedOn: '2011-05-01',
    });
    await createAssociation(store, {
      id: 'songyang-01',
      federationId: 'songyang',
      name: '新兴镇大木山村资金互助会',
      village: '大木山村',
      foundedOn: '2011-05-01',
      treasurerPhone: '13857800000',
      charter: defaultCharter(),
    });
    const enrolled = await call('POST', '/associations/songyang-01/members', {
      user: 'admin',
      key: null,
      body: { name: '叶茶农', idNumber: '11010519800102002X', mobile: '13900000001' },
    });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    const there = await register('songyang-01', 'admin', {
      ...garden('LQ(2026)0001'),
      holderId: enrolled.body.id,
    });
    expect(there.status, JSON.stringify(there.body)).toBe(201);
    expect(there.body).toMatchObject({ county: '松阳县', number: 'LQ(2026)0001' });
    const twice = await register('songyang-01', 'admin', {
      ...garden('LQ(2026)0001'),
      holderId: enrolled.body.id,
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('CERTIFICATE_NUMBER_TAKEN');
  });
});

describe('pledges at the charter’s edges', () => {
  const aid = 'zhuyang-02';
  const user = 'treasurer-02';

  it('refuses what the county rule refuses, names the figures, and books nothing', async () => {
    const small = await openTeaLoan(aid, user, '1000.00');
    const ltvLoan = await openTeaLoan(aid, user, '30000.01');
    const ltvExact = await openTeaLoan(aid, user, '30000.00');
    // Above the ordinary 20,000 cap and a first-loan cap of 5,000: allowed as a tea-garden loan.
    const big = await openTeaLoan(aid, user, '100000.00');
    const cert = async (number: string, overrides: Record<string, unknown>) => {
      const created = await register(aid, user, garden(number, overrides));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id as string;
    };
    const cases: [string, string, Record<string, unknown>, number, string?][] = [
      [small, 'EDGE-1.99', { areaMu: '1.99' }, 422, 'TEA_GARDEN_AREA_TOO_SMALL'],
      [small, 'EDGE-2', { areaMu: '2' }, 201],
      [small, 'EDGE-AGE-2', { treeAgeYears: 2 }, 422, 'TEA_GARDEN_TREES_TOO_YOUNG'],
      [small, 'EDGE-AGE-3', { treeAgeYears: 3 }, 201],
      [small, 'EDGE-EXP', { validUntil: '2026-11-27' }, 422, 'TEA_GARDEN_APPRAISAL_EXPIRED'],
      [
        ltvLoan,
        'EDGE-LTV-1',
        { appraisedValue: '50000.00' },
        422,
        'TEA_GARDEN_ABOVE_LOAN_TO_VALUE',
      ],
      [ltvExact, 'EDGE-LTV-2', { appraisedValue: '50000.00' }, 201],
      [big, 'EDGE-14.99', { areaMu: '14.99' }, 422, 'TEA_GARDEN_ABOVE_TIER_CAP'],
      [big, 'EDGE-15', { areaMu: '15' }, 201],
    ];
    const before = await expectBooksBalanced(api, aid, await api.login(user));
    for (const [lid, number, overrides, status, code] of cases) {
      const cid = await cert(number, overrides);
      const response = await call('POST', `/associations/${aid}/loans/${lid}/pledges`, {
        user,
        body: { certificateId: cid, on: '2026-11-28' },
      });
      expect(response.status, `${number}: ${JSON.stringify(response.body)}`).toBe(status);
      if (code) expect(response.body.code, number).toBe(code);
    }

    // The refusals carry their figures.
    const tooSmall = await register(aid, user, garden('EDGE-FIG-1', { areaMu: '1.99' }));
    const refused = await pledge(aid, user, small, tooSmall.body.id);
    expect(refused.body).toMatchObject({
      status: 422,
      code: 'TEA_GARDEN_AREA_TOO_SMALL',
      areaMu: '1.99',
      minAreaMu: '2',
    });
    expect(refused.body.title).toBe('茶园面积 1.99 亩，章程要求至少 2 亩才能抵押');
    const lowValue = await register(
      aid,
      user,
      garden('EDGE-FIG-2', { appraisedValue: '50000.00' }),
    );
    const overValue = await pledge(aid, user, ltvLoan, lowValue.body.id);
    expect(overValue.body).toMatchObject({
      code: 'TEA_GARDEN_ABOVE_LOAN_TO_VALUE',
      appraisedValue: '50000.00',
      loanToValuePercent: '60',
      loanToValueCap: '30000.00',
      principal: '30000.01',
    });

    // Someone else's loan, a standard loan, no Idempotency-Key: refused too.
    const neighbour = await register(aid, user, garden('EDGE-OTHER', { holderId: 'm0002' }));
    const notHolder = await pledge(aid, user, small, neighbour.body.id);
    expect(notHolder.status).toBe(422);
    expect(notHolder.body.code).toBe('PLEDGE_HOLDER_NOT_BORROWER');
    const keyless = await call('POST', `/associations/${aid}/loans/${small}/pledges`, {
      user,
      key: null,
      body: { certificateId: neighbour.body.id },
    });
    expect(keyless.status).toBe(400);
    expect(keyless.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');

    // Pledges move no money: the books are exactly as before.
    const after = await expectBooksBalanced(api, aid, await api.login(user));
    expect(after.trialBalance).toEqual(before.trialBalance);

    // The loan shows where it stands; a 10万 loan above the ordinary caps is secured.
    const bigLoan = await call('GET', `/associations/${aid}/loans/${big}`, { user });
    expect(bigLoan.body).toMatchObject({ principal: '100000.00', product: 'tea-garden' });
    const quote = await call('POST', `/associations/${aid}/loan-quotes`, {
      user,
      body: { principal: '100000.01', installments: 12, memberId: 'm0001', product: 'tea-garden' },
    });
    expect(quote.body.eligibility.refusals.map((r: any) => r.code)).toEqual([
      'LOAN_ABOVE_TEA_GARDEN_CAP',
    ]);
  });
});

describe('one garden, one loan at a time', () => {
  const aid = 'zhuyang-03';
  const user = 'treasurer-03';

  it('lets exactly one of 20 racing pledges win; payoff releases; write-off enforces', async () => {
    const loans: string[] = [];
    for (let i = 0; i < 20; i += 1) loans.push(await openTeaLoan(aid, user, '1000.00'));
    const created = await register(aid, user, garden('LQ(2026)0300'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const cid = created.body.id;
    // What every racer reads: the certificate free.
    const stale = (await readItems(api.system.store, [at.teaGarden(aid, cid)])).teaGarden(
      aid,
      cid,
    )!;

    const race = await Promise.all(
      loans.map((lid) =>
        call('POST', `/associations/${aid}/loans/${lid}/pledges`, {
          user,
          body: { certificateId: cid, on: '2026-11-21' },
        }),
      ),
    );
    const won = race.filter((r) => r.status === 201);
    const lost = race.filter((r) => r.status !== 201);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const response of lost) {
      expect(response.status, JSON.stringify(response.body)).toBe(409);
      expect(response.body.code).toBe('CERTIFICATE_ALREADY_PLEDGED');
    }
    const winner = won[0]!.body.pledge.loanId as string;
    expect(won[0]!.body.certificate).toMatchObject({ status: 'pledged', pledgedLoanId: winner });

    // A writer deciding on the stale read (the certificate free) is stopped by the condition
    // on the certificate, as a refusal and not a retry; and its loan is left untouched.
    const loserId = loans.find((lid) => lid !== winner)!;
    const readLoser = async () =>
      (await readItems(api.system.store, [at.loan(aid, loserId)])).loan(aid, loserId)!;
    const loser = await readLoser();
    // Only the garden its own disbursement pledged.
    expect(loser.pledgedCertificateIds).toHaveLength(1);
    expect(loser.pledgedCertificateIds).not.toContain(cid);
    const stalePledge = {
      loanId: loserId,
      pledgedOn: '2026-11-21',
      principal: Money.of('1000.00'),
      appraisalId: 'a1',
      tierCap: Money.of('100000.00'),
      loanToValueCap: Money.of('120000.00'),
      state: 'active' as const,
    };
    await expect(
      writeOnce(api.system.store, {
        reads: [],
        decide: () => ({
          writes: pledgeWrites(api.system.tableName, stale, stalePledge, loser),
          response: { status: 201, body: {} },
        }),
      }),
    ).rejects.toMatchObject({ code: 'CERTIFICATE_ALREADY_PLEDGED', kind: 'conflict' });
    expect(await readLoser()).toEqual(loser);

    const pledged = await call('GET', `/associations/${aid}/tea-gardens/${cid}`, { user });
    expect(pledged.body.status).toBe('pledged');
    expect(pledged.body.pledges).toEqual([
      {
        loanId: winner,
        pledgedOn: '2026-11-21',
        principal: '1000.00',
        appraisalId: 'a1',
        tierCap: '100000.00',
        loanToValueCap: '120000.00',
        state: 'active',
        recordedBy: user,
      },
    ]);
    // The loser loans still read and repay normally: the pledge touched only the winner.
    const other = loans.find((lid) => lid !== winner)!;
    expect((await call('GET', `/associations/${aid}/loans/${other}`, { user })).status).toBe(200);
    await expectBooksBalanced(api, aid, await api.login(user));

    // Paid off: the pledge is released in the payoff's own transaction.
    const owed = await call('GET', `/associations/${aid}/loans/${winner}?asOf=2026-11-25`, {
      user,
    });
    const payoff = await call('POST', `/associations/${aid}/loans/${winner}/repayments`, {
      user,
      body: { amount: owed.body.payoff.total, on: '2026-11-25' },
    });
    expect(payoff.status, JSON.stringify(payoff.body)).toBe(201);
    expect(payoff.body.loan.status).toBe('paid-off');
    const released = await call('GET', `/associations/${aid}/tea-gardens/${cid}`, { user });
    expect(released.body.status).toBe('free');
    expect(released.body.pledgedLoanId).toBeUndefined();
    expect(released.body.pledges).toEqual([
      expect.objectContaining({ loanId: winner, state: 'released', releasedOn: '2026-11-25' }),
    ]);
    await expectBooksBalanced(api, aid, await api.login(user));

    // Free again: it secures another loan of the household.
    const next = loans.find((lid) => lid !== winner)!;
    const second = await pledge(aid, user, next, cid);
    expect(second.status, JSON.stringify(second.body)).toBe(201);

    // Written off: the pledge is enforced, and the garden never secures a loan again.
    const contribution = await call('POST', '/federations/zhuyang/risk-fund/contributions', {
      user: 'supervisor',
      body: { associationId: 'zhuyang-05', amount: '5000.00', on: '2026-11-01' },
    });
    expect(contribution.status, JSON.stringify(contribution.body)).toBe(201);
    const relief = await call('POST', '/federations/zhuyang/risk-fund/relief', {
      user: 'supervisor',
      body: { associationId: aid, amount: '2000.00', on: '2026-11-02' },
    });
    expect(relief.status, JSON.stringify(relief.body)).toBe(201);
    const writtenOff = await call('POST', `/associations/${aid}/loans/${next}/write-off`, {
      user: 'supervisor',
      body: { on: '2026-11-26', reason: '借款人外出失联，茶园依约处置' },
    });
    expect(writtenOff.status, JSON.stringify(writtenOff.body)).toBe(201);
    const enforced = await call('GET', `/associations/${aid}/tea-gardens/${cid}`, { user });
    expect(enforced.body.status).toBe('enforced');
    expect(enforced.body.pledgedLoanId).toBe(next);
    expect(enforced.body.limits.maxLoan).toBe('0.00');
    expect(
      enforced.body.pledges.map((p: any) => [p.loanId, p.state, p.releasedOn, p.enforcedOn]),
    ).toEqual([
      [winner, 'released', '2026-11-25', undefined],
      [next, 'enforced', undefined, '2026-11-26'],
    ]);
    const third = loans.find((lid) => lid !== winner && lid !== next)!;
    const refused = await pledge(aid, user, third, cid);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('TEA_GARDEN_CERTIFICATE_ENFORCED');
    // A paid-off loan takes no pledge either.
    const another = await register(aid, user, garden('LQ(2026)0301'));
    const closed = await pledge(aid, user, winner, another.body.id);
    expect(closed.status).toBe(422);
    expect(closed.body.code).toBe('PLEDGE_LOAN_CLOSED');

    const books = await expectBooksBalanced(api, aid, await api.login(user));
    // Loans out: 18 open loans of 1,000 (the paid-off and the written-off ones are gone).
    expect((books.balances.get('1101') ?? Money.zero).toString()).toBe('18000.00');
  });
});

describe('reversing the repayment that paid a tea-garden loan off', () => {
  const aid = 'zhuyang-02';
  const user = 'treasurer-02';

  async function payOff(lid: string): Promise<string> {
    const owed = await call('GET', `/associations/${aid}/loans/${lid}`, { user });
    const paid = await call('POST', `/associations/${aid}/loans/${lid}/repayments`, {
      user,
      body: { amount: owed.body.payoff.total },
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect(paid.body.loan.status).toBe('paid-off');
    return paid.body.entry.id;
  }
  const reverse = (eid: string) =>
    call('POST', `/associations/${aid}/journal/${eid}/reversal`, {
      user,
      body: { reason: '还款登记错误，冲正' },
    });
  const certificate = async (cid: string) =>
    (await call('GET', `/associations/${aid}/tea-gardens/${cid}`, { user })).body;
  const loansOut = async () =>
    (await expectBooksBalanced(api, aid, await api.login(user))).balances.get('1101');

  it('pledges the garden again, unless another loan has taken it since', async () => {
    const first = await openTeaLoan(aid, user, '1000.00');
    const second = await openTeaLoan(aid, user, '1000.00');
    const cid = (await register(aid, user, garden('LQ(2026)0250'))).body.id;
    expect((await pledge(aid, user, first, cid)).status).toBe(201);
    const payoff = await payOff(first);
    expect((await certificate(cid)).status).toBe('free');

    // Reversed: the loan is open again and the garden secures it again, in one transaction.
    const reversed = await reverse(payoff);
    expect(reversed.status, JSON.stringify(reversed.body)).toBe(201);
    const reopened = await call('GET', `/associations/${aid}/loans/${first}`, { user });
    expect(reopened.body.status).not.toBe('paid-off');
    const restored = await certificate(cid);
    expect(restored).toMatchObject({ status: 'pledged', pledgedLoanId: first });
    expect(restored.pledges).toEqual([expect.objectContaining({ loanId: first, state: 'active' })]);
    expect(restored.pledges[0].releasedOn).toBeUndefined();
    await loansOut();

    // Paid off again, and the garden then pledged for the second loan: the payoff can no
    // longer be reversed, and the refusal writes nothing.
    const again = await payOff(first);
    expect((await pledge(aid, user, second, cid)).status).toBe(201);
    const before = await loansOut();
    const refused = await reverse(again);
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'PLEDGE_NOT_RESTORABLE',
      number: 'LQ(2026)0250',
      loanId: first,
      pledgedLoanId: second,
    });
    expect((await call('GET', `/associations/${aid}/loans/${first}`, { user })).body.status).toBe(
      'paid-off',
    );
    expect(await certificate(cid)).toMatchObject({ status: 'pledged', pledgedLoanId: second });
    expect((await loansOut())?.toString()).toBe(before?.toString());
  });
});
