/**
 * Issue 15, the route × role table: every route of the route table, called by every demo user
 * (and by nobody), aimed at one association (zhuyang-01) and its federation. A caller who does
 * not own what the route reaches gets a refusal with nothing of the victim's in it, and no
 * effect; and sending the victim treasurer's own Idempotency-Key (the federation supervisor's
 * on federation routes), with their body or another, changes nothing of that: the same refusal
 * as with a fresh key, never a replay, never 422.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { booksSnapshot } from '../support/ledger-invariants.ts';
import { useLocalSystem } from '../support/local-system.ts';
import { expectStatus, newKey } from './books-fixtures.ts';
import {
  callers,
  expectRefusal,
  inBatches,
  owns,
  today,
  victim,
  victimProbes,
  type Probe,
} from './security-fixtures.ts';

const api = useLocalSystem({ seed: ['zhuyang-01', 'zhuyang-02'], today });

const tokens = new Map<string, string>();
let all: Probe[];
/** What must never reach another caller: the victim's households and the victim's own write. */
const secrets: string[] = [];
let victimKey: string;
let victimEntryId: string;
/** The federation's supervisor's key, used on a 调剂 plan: the record federation routes try. */
let federationKey: string;

function send(probe: Probe, caller: string, key?: string, body = probe.body) {
  return api.request(probe.route.method, probe.path, {
    token: tokens.get(caller),
    ...(body === undefined ? {} : { body }),
    headers: key ? { 'idempotency-key': key } : {},
  });
}

beforeAll(async () => {
  for (const caller of callers) {
    if (caller !== 'anonymous') tokens.set(caller, await api.login(caller));
  }
  const victimData = await victimProbes(api, tokens.get(victim.treasurer)!);
  all = victimData.probes;
  for (const member of victimData.members) {
    secrets.push(member.name, ...(member.mobile ? [member.mobile] : []));
  }
  // The victim's treasurer books a donation under a key of their own: the record others try.
  victimKey = newKey();
  const capital = all.find((probe) => probe.key === 'POST /associations/{aid}/capital')!;
  const first = await send(capital, victim.treasurer, victimKey);
  expectStatus(first, 201);
  victimEntryId = first.body.id;
  secrets.push(victimEntryId);

  federationKey = newKey();
  const plan = all.find((probe) => probe.key === 'POST /federations/{fid}/liquidity-plans')!;
  const proposed = await send(plan, 'supervisor', federationKey);
  expectStatus(proposed, 201);
  secrets.push(proposed.body.id);
}, 120_000);

describe('the route × role table', () => {
  it('gives no caller data or effect that is not theirs, with or without a replayed key', async () => {
    const before = await booksSnapshot(api, victim.aid, tokens.get(victim.treasurer)!);
    const cells: { probe: Probe; caller: string; owner: boolean }[] = all.flatMap((probe) =>
      callers.map((caller) => ({ probe, caller, owner: owns(caller, probe) })),
    );
    const foreign = cells.filter((cell) => !cell.owner);
    const ownReads = cells.filter((cell) => cell.owner && cell.probe.route.method === 'GET');

    // A fresh key on writes (a read needs none): nothing but a refusal for what is not theirs.
    const isWrite = (cell: { probe: Probe }) => cell.probe.route.method !== 'GET';
    const plain = await inBatches(
      foreign.map(
        (cell) => () => send(cell.probe, cell.caller, isWrite(cell) ? newKey() : undefined),
      ),
    );
    foreign.forEach((cell, i) =>
      expectRefusal(plain[i]!, `${cell.caller} ${cell.probe.key}`, secrets),
    );

    // The victim's key instead, on every write: exactly the answer the fresh key got.
    const writes = foreign.map((cell, i) => ({ ...cell, fresh: plain[i]! })).filter(isWrite);
    const replayed = await inBatches(
      writes.map(
        (cell) => () =>
          send(
            cell.probe,
            cell.caller,
            cell.probe.path.startsWith('/federations/') ? federationKey : victimKey,
          ),
      ),
    );
    writes.forEach((cell, i) => {
      const name = `${cell.caller} ${cell.probe.key} with the victim's (or federation's) key`;
      expectRefusal(replayed[i]!, name, secrets);
      expect({ status: replayed[i]!.status, code: replayed[i]!.body.code }, name).toEqual({
        status: cell.fresh.status,
        code: cell.fresh.body.code,
      });
    });

    // Reads of one's own: answered, never a server error.
    const answers = await inBatches(ownReads.map((cell) => () => send(cell.probe, cell.caller)));
    ownReads.forEach((cell, i) =>
      expect(answers[i]!.status, `${cell.caller} ${cell.probe.key}`).toBeLessThan(500),
    );

    expect(await booksSnapshot(api, victim.aid, tokens.get(victim.treasurer)!)).toEqual(before);
    // The table's size, for the record: every route × every demo user and nobody.
    expect(cells.length).toBe(all.length * callers.length);
    expect(foreign.length).toBeGreaterThan(600);
    console.info(
      `route × role: ${all.length} routes × ${callers.length} callers = ${cells.length} cells; ` +
        `${foreign.length} not theirs (+${writes.length} with the victim's key), ` +
        `${ownReads.length} own reads`,
    );
  });

  it("replays the victim's key only to the victim; the same key is a new request for anyone else", async () => {
    const capital = all.find((probe) => probe.key === 'POST /associations/{aid}/capital')!;
    const replay = await send(capital, victim.treasurer, victimKey);
    expectStatus(replay, 201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(victimEntryId);

    // The supervisor and the admin may book capital here too: their own booking, not a replay.
    for (const caller of ['supervisor', 'admin']) {
      const own = await send(capital, caller, victimKey);
      expectStatus(own, 201);
      expect(own.headers.get('idempotent-replayed'), caller).toBeNull();
      expect(own.body.id, caller).not.toBe(victimEntryId);
      expect(own.body.recordedBy, caller).toBe(caller);
    }

    // Another body under the victim's key, by someone else: refused for scope, not 422.
    const other = await send(capital, 'treasurer-02', victimKey, {
      kind: 'fiscal',
      amount: '2.00',
      on: '2026-11-03',
    });
    expectRefusal(other, 'treasurer-02', secrets);
    expect(other.body.code).toBe('FORBIDDEN_SCOPE');
  });

  it('answers 401 as problem+json, never cached, to a caller with no token', async () => {
    const response = await api.request('GET', `/associations/${victim.aid}`);
    expectRefusal(response, 'anonymous', secrets);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('UNAUTHORIZED');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });
});
