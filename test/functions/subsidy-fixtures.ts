/**
 * Loans that earn 贴息 in 2026Q3, opened and repaid through the API in zhuyang-01 of the demo:
 * a 10万 tea-garden loan (2.4%: 604.93 for the quarter), a 3万 poverty-alleviation loan
 * (4.35%, capped at the 270.00 fee paid) and a standard loan with no policy. The claim for
 * 2026Q3 is 874.93.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestSystem } from '../support/local-system.ts';
import { seedSubsidyCase } from '../domain/subsidy/seed-case.ts';

export const aid = 'zhuyang-01';

/** The seed's case for the calculator: 100,000 at 2.4% for 2026 is 2,400.00. */
export const subsidyQuoteSeedCase = seedSubsidyCase();

export async function treasurerPost(api: TestSystem, path: string, body: unknown) {
  const response = await api.request('POST', `/associations/${aid}${path}`, {
    token: await api.login('treasurer-01'),
    body,
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

export async function putCharter(api: TestSystem, change: (charter: any) => any) {
  const supervisor = await api.login('supervisor');
  const current = await api.request('GET', `/associations/${aid}`, { token: supervisor });
  const put = await api.request('PUT', `/associations/${aid}/charter`, {
    token: supervisor,
    body: change(current.body.charter),
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  return put.body.charter;
}

/** A 20亩 garden of 5-year-old trees appraised at 200,000 (good for 10万) held by `holderId`. */
export function teaGardenBody(
  holderId: string,
  appraisal = { appraisedOn: '2026-03-01', validUntil: '2027-02-28' },
) {
  return {
    number: `LQ-${randomUUID().slice(0, 12)}`,
    holderId,
    location: '竹垟畲族乡大岱岗',
    boundaries: { east: '山脊', south: '机耕路', west: '雷家茶园', north: '小溪' },
    areaMu: '20',
    variety: '龙井43',
    treeAgeYears: 5,
    appraisedValue: '200000.00',
    appraiser: '龙泉市茶园资产评估中心',
    ...appraisal,
  };
}

export async function openSubsidisedLoans(
  api: TestSystem,
): Promise<{ tea: string; poverty: string; standard: string }> {
  const openLoan = async (body: Record<string, unknown>): Promise<string> => {
    const created = await treasurerPost(api, '/loans', {
      installments: 12,
      method: 'interest-only',
      boardMinute: '理事会〔2026〕6号',
      purpose: '茶园管护',
      // The fiscal and special support money sits in the bank.
      channel: 'bank',
      ...body,
    });
    return created.loan.id;
  };
  const repay = async (lid: string, ...payments: [string, string][]) => {
    for (const [on, amount] of payments) {
      await treasurerPost(api, `/loans/${lid}/repayments`, { on, amount });
    }
  };

  // 10万 is above the demo charter's caps: the supervisor raises them.
  const charter = await putCharter(api, (c) => ({
    ...c,
    loans: { ...c.loans, firstLoanCap: '100000.00', maxLoan: '100000.00', sharesMultiple: 100 },
  }));
  expect(charter.subsidyPolicies['tea-garden'].policy).toEqual({
    kind: 'fixed-rate',
    annualPercent: '2.4',
  });

  // 10万 at 5‰ a month, fee 500.00 monthly, paid on each due date to 10-15; the garden is
  // pledged by the disbursement itself.
  const garden = await treasurerPost(api, '/tea-gardens', teaGardenBody('m0001'));
  const tea = await openLoan({
    certificateIds: [garden.id],
    memberId: 'm0001',
    guarantorIds: ['m0002', 'm0003'],
    principal: '100000.00',
    rate: { monthlyPermille: '5' },
    disbursedOn: '2026-06-15',
    approvedOn: '2026-06-10',
    product: 'tea-garden',
  });
  await repay(
    tea,
    ['2026-07-15', '500.00'],
    ['2026-08-15', '500.00'],
    ['2026-09-15', '500.00'],
    ['2026-10-15', '500.00'],
  );
  // 3万 at 3‰ a month (3.6% a year), fee 90.00 monthly: less than the 4.35% subsidy.
  const poverty = await openLoan({
    memberId: 'm0006',
    guarantorIds: ['m0007', 'm0008'],
    principal: '30000.00',
    rate: { monthlyPermille: '3' },
    disbursedOn: '2026-07-01',
    approvedOn: '2026-06-25',
    product: 'poverty-alleviation',
  });
  await repay(poverty, ['2026-08-01', '90.00'], ['2026-09-01', '90.00'], ['2026-10-01', '90.00']);
  const standard = await openLoan({
    memberId: 'm0011',
    guarantorIds: ['m0012', 'm0013'],
    principal: '5000.00',
    disbursedOn: '2026-07-05',
    approvedOn: '2026-07-01',
  });
  return { tea, poverty, standard };
}
