/**
 * 结账 and 反结账 on DynamoDB Local through the local adapter: once October is closed nothing
 * is booked on an October day, by any route (shares, capital, a reversal); a correction dated
 * in the open month goes through; only the federation reopens; the books balance throughout.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { booksSnapshot, expectBooksBalanced } from '../support/ledger-invariants.ts';
import { useLocalSystem } from '../support/local-system.ts';
import { expectProblem } from './books-fixtures.ts';

// The file's dates assume November 2026 is still running (October closable, November not).
const api = useLocalSystem({ seed: ['zhuyang-03'], notifier: false, today: '2026-11-20' });
const aid = 'zhuyang-03';
const path = (rest: string) => `/associations/${aid}${rest}`;

async function post(rest: string, body: unknown, user = 'treasurer-03', key = randomUUID()) {
  return api.request('POST', path(rest), {
    token: await api.login(user),
    body,
    headers: { 'idempotency-key': key },
  });
}

const buy = (on: string) => post('/members/m0001/shares', { shares: 1, on, channel: 'cash' });
const books = async () => expectBooksBalanced(api, aid, await api.login('auditor'));
const snapshot = async () => booksSnapshot(api, aid, await api.login('auditor'));

describe('结账: a closed month takes no more entries', () => {
  let octoberEntry: string;

  it('closes October once it is over, once', async () => {
    const bought = await buy('2026-10-10');
    expect(bought.status, JSON.stringify(bought.body)).toBe(201);
    octoberEntry = bought.body.entry.id;

    const open = await api.request('GET', path('/period-close'), {
      token: await api.login('auditor'),
    });
    expect(open.body).toEqual({ associationId: aid, history: [] });

    const key = randomUUID();
    const closed = await post('/period-close', { through: '2026-10-31' }, 'treasurer-03', key);
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
    expect(closed.body).toMatchObject({
      associationId: aid,
      closedThrough: '2026-10-31',
      history: [{ action: 'close', closedThrough: '2026-10-31', by: 'treasurer-03' }],
    });
    const replay = await post('/period-close', { through: '2026-10-31' }, 'treasurer-03', key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(closed.body);

    expectProblem(
      await post('/period-close', { through: '2026-10-31' }),
      409,
      'PERIOD_ALREADY_CLOSED',
    );
    expectProblem(await post('/period-close', { through: '2026-11-30' }), 422, 'PERIOD_NOT_ENDED');
    expectProblem(
      await post('/period-close', { through: '2026-11-15' }),
      400,
      'PERIOD_CLOSE_NOT_MONTH_END',
    );
    expect((await post('/period-close', { through: '2026-11-30' }, 'auditor')).status).toBe(403);
    await books();
  });

  it('refuses an October date on every route, writing nothing; November goes through', async () => {
    const before = await snapshot();
    expectProblem(await buy('2026-10-15'), 422, 'PERIOD_CLOSED');
    expectProblem(await buy('2026-10-31'), 422, 'PERIOD_CLOSED');
    expectProblem(
      await post('/capital', { kind: 'donation', amount: '100.00', on: '2026-10-01' }),
      422,
      'PERIOD_CLOSED',
    );
    // A reversal dated in October would change October: refused. Dated today, it corrects.
    const inOctober = await post(`/journal/${octoberEntry}/reversal`, {
      reason: '股数录错',
      on: '2026-10-20',
    });
    expectProblem(inOctober, 422, 'PERIOD_CLOSED');
    expect(inOctober.body.title).toContain('已结账');
    expect(await snapshot()).toEqual(before);

    expect((await buy('2026-11-01')).status).toBe(201);
    const corrected = await post(`/journal/${octoberEntry}/reversal`, { reason: '股数录错' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    await books();
  });

  it('is reopened by the federation with a reason, never by the treasurer', async () => {
    const reopening = { through: '2026-09-30', reason: '补记十月漏登的入股' };
    const treasurer = await post('/period-close/reopening', reopening);
    expect(treasurer.status).toBe(403);
    expect(treasurer.body.code).toBe('FORBIDDEN_ROLE');
    expect((await buy('2026-10-15')).status).toBe(422);

    const reopened = await post('/period-close/reopening', reopening, 'supervisor');
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(201);
    expect(reopened.body.closedThrough).toBe('2026-09-30');
    expect(reopened.body.history.map((e: any) => [e.action, e.closedThrough, e.by])).toEqual([
      ['close', '2026-10-31', 'treasurer-03'],
      ['reopen', '2026-09-30', 'supervisor'],
    ]);
    expect(reopened.body.history[1].reason).toBe('补记十月漏登的入股');

    expect((await buy('2026-10-15')).status).toBe(201);
    expectProblem(await buy('2026-09-30'), 422, 'PERIOD_CLOSED');
    expect((await post('/period-close', { through: '2026-10-31' })).status).toBe(201);
    await books();
  });
});
