/**
 * The security probes' vocabulary (issue 15): a valid request for every route of the route
 * table, aimed at one victim association (zhuyang-01) and its federation (zhuyang), and who
 * among the demo users owns what each route reaches.
 */
import { expect } from 'vitest';
import { routeKey, type RouteDefinition } from '#api/route.ts';
import { routes, routeTable } from '#api/routes.ts';
import { demoUsers } from '../../local/demo-federation.ts';
import type { MemberBody } from '../support/ledger-invariants.ts';
import type { ApiResponse, TestSystem } from '../support/local-system.ts';
import { testIdNumber } from './books-fixtures.ts';
import { subsidyQuoteSeedCase } from './subsidy-fixtures.ts';

export const victim = { aid: 'zhuyang-01', fid: 'zhuyang', treasurer: 'treasurer-01' } as const;
/** Every probe states its date: a business date inside the demo's open November. */
export const today = '2026-11-20';
export const bookedOn = '2026-11-02';

/** Ids the probes name in paths: real ones where the seed has them, well-formed otherwise. */
export interface VictimIds {
  mid: string;
  eid: string;
  lid: string;
  cid: string;
  pid: string;
  tid: string;
}

export const wellFormedIds: Omit<VictimIds, 'mid' | 'eid'> = {
  lid: 'l0001',
  cid: 't0001',
  pid: 'lp-20261102-0000000000',
  tid: 'lp-20261102-0000000000-01',
};

export interface Probe {
  route: RouteDefinition;
  key: string;
  path: string;
  body?: unknown;
}

/** A request body each write route accepts as well-formed. */
function bodyFor(route: RouteDefinition, ids: VictimIds): unknown {
  const tea = {
    appraisedValue: '80000.00',
    appraiser: '松阳县茶园评估中心',
    validUntil: '2028-12-31',
    treeAgeYears: 5,
  };
  const bodies: Partial<Record<string, unknown>> = {
    [routeKey(routes.putCharter)]: {
      sharePrice: '1000.00',
      loans: { maxLoan: '20000.00', maxTermMonths: 12 },
      fees: { penaltyMarkupPercent: '50' },
    },
    [routeKey(routes.enrolMember)]: {
      name: '安全测试户',
      idNumber: testIdNumber(77_001),
      mobile: '13900077001',
      lowIncome: 'none',
      joinedOn: bookedOn,
    },
    [routeKey(routes.buyShares)]: { shares: 1, on: bookedOn },
    [routeKey(routes.redeemShares)]: { shares: 1, on: bookedOn },
    [routeKey(routes.bookCapital)]: {
      kind: 'donation',
      amount: '1.00',
      on: bookedOn,
      memo: '安全测试',
    },
    [routeKey(routes.bookOperatingEntry)]: {
      kind: 'other-income',
      category: 'bank-interest',
      amount: '1.00',
      on: bookedOn,
      voucher: { number: 'AQ-01' },
    },
    [routeKey(routes.provideForLoanLosses)]: { on: bookedOn },
    [routeKey(routes.reverseEntry)]: { reason: '录入错误', on: bookedOn },
    [routeKey(routes.closePeriod)]: { through: '2026-10-31' },
    [routeKey(routes.reopenPeriod)]: { reason: '补记十月漏登的入股' },
    [routeKey(routes.quoteLoan)]: { principal: '5000.00', installments: 12 },
    [routeKey(routes.recordLoan)]: {
      principal: '5000.00',
      installments: 12,
      memberId: ids.mid,
      approvedOn: bookedOn,
      disbursedOn: bookedOn,
      boardMinute: '2026年第11号',
      purpose: '购买茶苗',
    },
    [routeKey(routes.recordRepayment)]: { amount: '100.00', on: bookedOn },
    [routeKey(routes.writeOffLoan)]: { reason: '借款人长期失联', on: bookedOn },
    [routeKey(routes.recoverLoanDebt)]: { payerId: ids.mid, amount: '100.00', on: bookedOn },
    [routeKey(routes.registerTeaGarden)]: {
      number: '松阳（2013）茶评字第0001号',
      holderId: ids.mid,
      location: '竹垟村后山',
      boundaries: { east: '机耕路', south: '小溪', west: '山脊', north: '水田' },
      areaMu: '3',
      variety: '龙井43',
      ...tea,
      appraisedOn: bookedOn,
    },
    [routeKey(routes.reappraiseTeaGarden)]: { ...tea, appraisedOn: bookedOn },
    [routeKey(routes.pledgeTeaGarden)]: { certificateId: ids.cid, on: bookedOn },
    [routeKey(routes.recordSubsidyReceipt)]: { period: '2026Q3', amount: '100.00', on: bookedOn },
    [routeKey(routes.payOutSubsidy)]: { on: bookedOn },
    [routeKey(routes.updateMemberContact)]: { remindersOptOut: true },
    [routeKey(routes.issueLoanLink)]: {},
    [routeKey(routes.subsidyQuote)]: subsidyQuoteSeedCase,
    [routeKey(routes.putFederationSettings)]: { reserveFloorPercent: '10' },
    [routeKey(routes.proposeLiquidityPlan)]: { on: bookedOn },
    [routeKey(routes.approveLiquidityPlan)]: { on: bookedOn },
    [routeKey(routes.repayTransfer)]: { amount: '100.00', on: bookedOn },
    [routeKey(routes.contributeToRiskFund)]: {
      associationId: victim.aid,
      amount: '100.00',
      on: bookedOn,
    },
    [routeKey(routes.payRiskFundRelief)]: {
      associationId: victim.aid,
      amount: '100.00',
      on: bookedOn,
    },
  };
  return bodies[routeKey(route)];
}

const queries: Partial<Record<string, string>> = {
  [routeKey(routes.subsidyClaim)]: '?period=2026Q3',
};

/** The path of a route with the victim's ids filled in. */
export function pathFor(route: RouteDefinition, ids: VictimIds): string {
  const values: Record<string, string> = {
    aid: victim.aid,
    fid: victim.fid,
    year: '2025',
    month: '2026-10',
    period: '2026Q3',
    token: 'A'.repeat(22),
    ...ids,
  };
  return (
    route.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? name) +
    (queries[routeKey(route)] ?? '')
  );
}

/** One well-formed request per route of the table (public routes included). */
export function probes(ids: VictimIds): Probe[] {
  return routeTable.map((route) => ({
    route,
    key: routeKey(route),
    path: pathFor(route, ids),
    ...(route.method === 'GET' ? {} : { body: bodyFor(route, ids) }),
  }));
}

/** Routes that reach nothing of a tenant: anyone allowed gets the same answer. */
const tenantless = new Set([
  routeKey(routes.health),
  routeKey(routes.openapi),
  routeKey(routes.subsidyQuote),
  routeKey(routes.farmerPage),
]);

export const callers = [...demoUsers.map((user) => user.username), 'anonymous'];

/**
 * Whether a demo user may reach what the probe reaches: the route allows their role and the
 * victim association or federation is theirs. A treasurer repays a 调剂 transfer of their own
 * association only, and the probe's transfer is nobody's.
 */
export function owns(username: string, probe: Probe): boolean {
  if (tenantless.has(probe.key)) return true;
  const user = demoUsers.find((candidate) => candidate.username === username);
  if (!user || probe.route.access === 'public') return false;
  if (!probe.route.access.includes(user.role)) return false;
  if (user.role === 'admin') return true;
  if (probe.path.startsWith('/federations/')) {
    return user.role !== 'treasurer' && user.federationId === victim.fid;
  }
  if (user.role === 'treasurer') return user.associationId === victim.aid;
  return user.federationId === victim.fid;
}

/** A refusal as the API gives it: problem+json, never cached, no figures of anyone's books. */
export function expectRefusal(response: ApiResponse, cell: string, secrets: string[]): void {
  expect(response.status, cell).toBeGreaterThanOrEqual(400);
  expect(response.status, cell).toBeLessThan(500);
  expect(response.headers.get('content-type'), cell).toContain('application/problem+json');
  expect(response.headers.get('cache-control'), cell).toBe('no-store');
  expect(response.headers.get('idempotent-replayed'), cell).toBeNull();
  const text = JSON.stringify(response.body);
  for (const secret of secrets) expect(text, cell).not.toContain(secret);
}

/** Every route's probe, naming the victim's first household and journal entry; its households. */
export async function victimProbes(
  api: TestSystem,
  token: string,
): Promise<{ probes: Probe[]; members: (MemberBody & { mobile?: string })[] }> {
  const [members, journal] = await Promise.all([
    api.request('GET', `/associations/${victim.aid}/members?limit=500`, { token }),
    api.request('GET', `/associations/${victim.aid}/journal?limit=1`, { token }),
  ]);
  const list = members.body.members as (MemberBody & { mobile?: string })[];
  return {
    probes: probes({ ...wellFormedIds, mid: list[0]!.id, eid: journal.body.entries[0].id }),
    members: list,
  };
}

/** Runs `tasks` a few at a time: the local server answers in parallel, the machine has 2 cores. */
export async function inBatches<T>(tasks: (() => Promise<T>)[], size = 6): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < tasks.length; start += size) {
    results.push(...(await Promise.all(tasks.slice(start, start + size).map((task) => task()))));
  }
  return results;
}
