/**
 * One household across the federation (issue #17, finding 4): the same ID number enrolled in
 * two associations of one federation is one household; its open loan in one association stops
 * a loan in the other, in the disbursement's own transaction, also when 20 race.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectBooksBalanced } from '../support/ledger-invariants.ts';
import { useLocalSystem } from '../support/local-system.ts';

const api = useLocalSystem({ seed: ['zhuyang-01', 'zhuyang-02'] });
const idNumber = '11010519800102002X';

async function call(method: 'POST' | 'PUT' | 'GET', path: string, user: string, body?: unknown) {
  return api.request(method, path, {
    token: await api.login(user),
    body,
    headers: method === 'GET' ? {} : { 'idempotency-key': randomUUID() },
  });
}

/** The household joins `aid` with five shares; no guarantors are required there. */
async function enrolThere(aid: string, treasurer: string): Promise<string> {
  const charter = (await call('GET', `/associations/${aid}`, 'supervisor')).body.charter;
  const put = await call('PUT', `/associations/${aid}/charter`, 'supervisor', {
    ...charter,
    loans: { ...charter.loans, guarantorsRequired: 0 },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const enrolled = await call('POST', `/associations/${aid}/members`, treasurer, {
    name: '雷跨会',
    idNumber,
    mobile: '13900000017',
    lowIncome: 'none',
    joinedOn: '2025-01-05',
  });
  expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
  const mid = enrolled.body.id as string;
  const bought = await call('POST', `/associations/${aid}/members/${mid}/shares`, treasurer, {
    shares: 5,
    on: '2025-01-05',
  });
  expect(bought.status, JSON.stringify(bought.body)).toBe(201);
  return mid;
}

const loanBody = (memberId: string) => ({
  memberId,
  principal: '1000.00',
  installments: 3,
  method: 'equal-principal',
  disbursedOn: '2026-02-10',
  approvedOn: '2026-02-08',
  boardMinute: '理事会〔2026〕2号',
  guarantorIds: [],
  purpose: '购买化肥',
  channel: 'bank',
});

describe('one household across the federation', () => {
  it('lets exactly one of 20 racing loans in two associations go out, then frees it on payoff', async () => {
    const here = await enrolThere('zhuyang-01', 'treasurer-01');
    const there = await enrolThere('zhuyang-02', 'treasurer-02');
    const race = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? call('POST', '/associations/zhuyang-01/loans', 'treasurer-01', loanBody(here))
          : call('POST', '/associations/zhuyang-02/loans', 'treasurer-02', loanBody(there)),
      ),
    );
    const won = race.filter((r) => r.status === 201);
    expect(won, JSON.stringify(race.map((r) => [r.status, r.body.code]))).toHaveLength(1);
    for (const lost of race.filter((r) => r.status !== 201)) {
      expect([409, 422]).toContain(lost.status);
    }
    const winner = won[0]!.body.loan;
    const [loserAid, loserMid, loserUser] =
      winner.associationId === 'zhuyang-01'
        ? ['zhuyang-02', there, 'treasurer-02']
        : ['zhuyang-01', here, 'treasurer-01'];
    // The other association was stopped by the household's record, not by its own member.
    const losers = race.filter(
      (r, i) => r.status !== 201 && (i % 2 === 0) === (loserAid === 'zhuyang-01'),
    );
    expect(new Set(losers.map((r) => r.body.code))).toEqual(
      new Set(['LOAN_HOUSEHOLD_OWES_IN_FEDERATION']),
    );
    for (const [aid, mid, user] of [
      ['zhuyang-01', here, 'treasurer-01'],
      ['zhuyang-02', there, 'treasurer-02'],
    ] as const) {
      const loans = await call('GET', `/associations/${aid}/members/${mid}/loans`, user);
      expect(loans.body.loans).toHaveLength(aid === winner.associationId ? 1 : 0);
      await expectBooksBalanced(api, aid, await api.login(user));
    }

    // Paid off where it was lent: the household may borrow in the other association.
    const winnerUser = loserUser === 'treasurer-01' ? 'treasurer-02' : 'treasurer-01';
    const path = `/associations/${winner.associationId}/loans/${winner.id}`;
    const owed = await call('GET', `${path}?asOf=2026-02-20`, winnerUser);
    const paid = await call('POST', `${path}/repayments`, winnerUser, {
      amount: owed.body.payoff.total,
      on: '2026-02-20',
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    const next = await call('POST', `/associations/${loserAid}/loans`, loserUser, {
      ...loanBody(loserMid),
      disbursedOn: '2026-02-21',
    });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
  });
});
