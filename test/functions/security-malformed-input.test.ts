/**
 * Issue 15, the malformed-input sweep: every write route of the route table, called by a user
 * who owns what it reaches, with a well-formed body spoiled one field at a time (numbers for
 * money, three decimals, signs, exponents, blank, invisible and control text, impossible and
 * far-future dates, oversized strings) and as a whole (invalid JSON, not an object, unknown
 * fields, an oversized body). Every answer is a 4xx problem: no 5xx, no 2xx; and nothing is
 * written to the association's books or the federation's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { booksSnapshot } from '../support/ledger-invariants.ts';
import { useLocalSystem, type ApiResponse } from '../support/local-system.ts';
import { expectProblem, expectStatus, newKey } from './books-fixtures.ts';
import { inBatches, owns, today, victim, victimProbes, type Probe } from './security-fixtures.ts';

const api = useLocalSystem({ seed: ['zhuyang-01', 'zhuyang-02'], today });
const tokens = new Map<string, string>();
let writes: { probe: Probe; caller: string }[];

beforeAll(async () => {
  for (const caller of ['treasurer-01', 'supervisor', 'admin']) {
    tokens.set(caller, await api.login(caller));
  }
  const { probes } = await victimProbes(api, tokens.get(victim.treasurer)!);
  writes = probes
    .filter((probe) => probe.route.method !== 'GET')
    .map((probe) => ({
      probe,
      // The victim's own treasurer first, then the federation, then the admin.
      caller: ['treasurer-01', 'supervisor', 'admin'].find((caller) => owns(caller, probe))!,
    }));
}, 120_000);

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const isAmount = (value: string) => /^\d+\.\d{2}$/.test(value);
const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
/** Dates that may lie ahead by their meaning (see test/functions/http/request-schemas.test.ts). */
const forwardLooking = new Set(['validUntil', 'through']);
/** Optional free text: blank is a valid memo. */
const optionalText = new Set(['memo']);

/** What to put in place of one field's value: each must be refused. */
function spoilt(name: string, value: Json, probe: Probe): Json[] {
  if (typeof value === 'number') return [1.5, -1, String(value), 1e9, null, '１'];
  if (typeof value === 'boolean') return ['true', 1, null];
  if (typeof value !== 'string') return [];
  const always: Json[] = [12345, null, 'a\u0000b', '雷\n大山', 'x'.repeat(5000)];
  if (isAmount(value)) {
    // Every amount of these bodies must be positive (a quote's cap may be 0: nothing subsidised).
    const zero = name === 'principalCap' ? [] : ['0.00'];
    return [
      ...always,
      100,
      '100.001',
      '-1.00',
      '+1.00',
      '1e3',
      '1E2',
      ' 1.00',
      '１００.00',
      '',
      ...zero,
    ];
  }
  if (isDate(value)) {
    const future =
      forwardLooking.has(name) || probe.key.endsWith('/loan-quotes')
        ? []
        : ['9999-12-31', '2099-01-01'];
    return [...always, '2026-02-30', '2026-13-01', '20261101', '2026-11-02T00:00:00Z', ...future];
  }
  if (optionalText.has(name)) return always;
  return [...always, '', '   ', '\u200b\u200b', '\u3000\ufeff'];
}

/** Every body spoilt in one field, nested fields included. */
function spoiltBodies(probe: Probe): { field: string; body: Json }[] {
  const out: { field: string; body: Json }[] = [];
  const walk = (value: Json, path: string[], replace: (v: Json) => Json) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, inner] of Object.entries(value)) {
        walk(inner, [...path, name], (v) => replace({ ...value, [name]: v }));
      }
      return;
    }
    for (const bad of spoilt(path.at(-1) ?? '', value, probe)) {
      out.push({ field: path.join('.'), body: replace(bad) });
    }
  };
  walk(probe.body as Json, [], (v) => v);
  return out;
}

function send(probe: Probe, caller: string, body: { json?: Json; raw?: string }) {
  return api.request(probe.route.method, probe.path, {
    token: tokens.get(caller),
    ...(body.raw !== undefined ? { rawBody: body.raw } : { body: body.json }),
    headers: { 'idempotency-key': newKey() },
  });
}

async function federationState() {
  const token = tokens.get('supervisor')!;
  const [riskFund, transfers] = await Promise.all([
    api.request('GET', `/federations/${victim.fid}/risk-fund`, { token }),
    api.request('GET', `/federations/${victim.fid}/transfers`, { token }),
  ]);
  return { riskFund: riskFund.body, transfers: transfers.body };
}

describe('the malformed-input sweep over every write route', () => {
  it('answers every spoilt request with a 4xx problem and writes nothing', async () => {
    const owner = tokens.get(victim.treasurer)!;
    const books = await booksSnapshot(api, victim.aid, owner);
    const federation = await federationState();

    const cases = writes.flatMap(({ probe, caller }) => [
      ...(probe.body === undefined
        ? []
        : [
            { probe, caller, field: '(invalid JSON)', body: { raw: '{"amount": "1.00",' } },
            { probe, caller, field: '(an array)', body: { json: [probe.body as Json] } },
            { probe, caller, field: '(a string)', body: { json: 'body' } },
            {
              probe,
              caller,
              field: '(an unknown field)',
              body: { json: { ...(probe.body as object), extra: '1' } },
            },
            {
              probe,
              caller,
              field: '(70 KB)',
              body: {
                raw: JSON.stringify({ ...(probe.body as object), memo: 'x'.repeat(70_000) }),
              },
            },
          ]),
      ...(probe.body === undefined
        ? []
        : spoiltBodies(probe).map(({ field, body }) => ({
            probe,
            caller,
            field,
            body: { json: body },
          }))),
    ]);
    const answers: ApiResponse[] = await inBatches(
      cases.map((c) => () => send(c.probe, c.caller, c.body)),
    );
    const wrong = cases
      .map((c, i) => ({ cell: `${c.caller} ${c.probe.key} ${c.field}`, response: answers[i]! }))
      .filter(
        ({ response }) =>
          response.status < 400 ||
          response.status >= 500 ||
          !String(response.headers.get('content-type')).includes('problem+json'),
      )
      .map(
        ({ cell, response }) =>
          `${cell}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`,
      );
    expect(wrong).toEqual([]);

    expect(await booksSnapshot(api, victim.aid, owner)).toEqual(books);
    expect(await federationState()).toEqual(federation);
    const routesSwept = new Set(cases.map((c) => c.probe.key)).size;
    expect(routesSwept).toBe(writes.filter((w) => w.probe.body !== undefined).length);
    console.info(
      `malformed-input sweep: ${cases.length} requests over ${routesSwept} write routes`,
    );
  });

  it('refuses a 调剂 approval dated 2099 or 9999 (DATE_IN_FUTURE) and books nothing', async () => {
    const token = tokens.get('supervisor')!;
    const fed = `/federations/${victim.fid}`;
    const plan = await api.request('POST', `${fed}/liquidity-plans`, {
      token,
      body: { on: '2026-11-02', demand: { 'zhuyang-02': '300000.00' } },
      headers: { 'idempotency-key': newKey() },
    });
    expectStatus(plan, 201);
    expect(plan.body.transfers.length).toBeGreaterThan(0);
    const before = await federationState();
    for (const on of ['2099-01-01', '9999-12-31']) {
      const approval = await api.request(
        'POST',
        `${fed}/liquidity-plans/${plan.body.id}/approval`,
        {
          token,
          body: { on },
          headers: { 'idempotency-key': newKey() },
        },
      );
      expectProblem(approval, 422, 'DATE_IN_FUTURE');
      expect(approval.body.errors).toEqual([
        { field: 'body.on', message: `业务日期 ${on} 晚于今天（${today}），不能登记` },
      ]);
    }
    expect(await federationState()).toEqual(before);
    const plan2099 = await api.request('POST', `${fed}/liquidity-plans`, {
      token,
      body: { on: '2099-01-01' },
      headers: { 'idempotency-key': newKey() },
    });
    expectProblem(plan2099, 422, 'DATE_IN_FUTURE');
  });

  it('refuses a member named with two zero-width spaces, and a memo with a line break', async () => {
    const token = tokens.get(victim.treasurer)!;
    const enrol = writes.find((w) => w.probe.key === 'POST /associations/{aid}/members')!.probe;
    const named = await api.request('POST', enrol.path, {
      token,
      body: { ...(enrol.body as object), name: '\u200b\u200b' },
    });
    expectProblem(named, 400, 'VALIDATION_FAILED');
    expect(named.body.errors).toEqual([{ field: 'body.name', message: '请填写户主姓名' }]);
    const capital = writes.find((w) => w.probe.key === 'POST /associations/{aid}/capital')!.probe;
    const memo = await api.request('POST', capital.path, {
      token,
      body: { ...(capital.body as object), memo: '捐赠\r\n伪造的第二行' },
      headers: { 'idempotency-key': newKey() },
    });
    expectProblem(memo, 400, 'VALIDATION_FAILED');
    expect(memo.body.errors[0].field).toBe('body.memo');
  });

  it('answers a subsidy quote running to 9999-12-31 at once, naming the 30-year limit', async () => {
    const quote = writes.find((w) => w.probe.key === 'POST /subsidy-quotes')!.probe;
    const started = performance.now();
    const response = await api.request('POST', '/subsidy-quotes', {
      token: tokens.get('treasurer-01'),
      body: {
        ...(quote.body as { loan: object }),
        loan: { principal: '100000.00', disbursedOn: '2026-01-01', maturesOn: '9999-12-31' },
      },
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    expectProblem(response, 400, 'SUBSIDY_TERM_TOO_LONG');
    expect(response.body.title).toContain('30 年');
    expect(response.body.errors[0].field).toBe('body.loan.maturesOn');
  });
});
