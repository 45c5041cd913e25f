/**
 * The outbox with fakes for storage, network and timers: a write is stored with its key before
 * it is sent, keeps the key on every retry, leaves the queue on an answer, and is sent in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isRetryable,
  keyValueOutboxStorage,
  newIdempotencyKey,
  Outbox,
  type Answer,
  type OutboxEvent,
  type QueuedWrite,
} from '../../../web/src/outbox.ts';

function memoryStorage() {
  const store = new Map<string, string>();
  return {
    store,
    storage: keyValueOutboxStorage({
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => void store.set(k, v),
    }),
  };
}

/** A fake network: answers from a script, records every request it saw. */
function harness(options: { online?: boolean; user?: string } = {}) {
  const { storage, store } = memoryStorage();
  const sent: QueuedWrite[] = [];
  const script: (Answer | Error | ((w: QueuedWrite) => Answer))[] = [];
  const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
  const events: OutboxEvent[] = [];
  let online = options.online ?? true;
  let user: string | undefined = options.user ?? 'treasurer-04';
  let keys = 0;
  let server: (write: QueuedWrite) => Answer = () => ({ status: 201, body: { ok: true } });
  const outbox = new Outbox({
    storage,
    async send(write) {
      sent.push(structuredClone(write));
      const next = script.shift() ?? server;
      if (next instanceof Error) throw next;
      return typeof next === 'function' ? next(write) : next;
    },
    isOnline: () => online,
    user: () => user,
    newKey: () => `key-${String(++keys).padStart(4, '0')}`,
    now: () => new Date('2026-11-28T02:00:00Z'),
    later(run, ms) {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
  });
  outbox.on((event) => events.push(event));
  return {
    outbox,
    storage,
    store,
    sent,
    script,
    timers,
    events,
    setOnline: (value: boolean) => (online = value),
    setUser: (value: string | undefined) => (user = value),
    setServer: (value: (write: QueuedWrite) => Answer) => (server = value),
    /** Runs the last pending retry timer. */
    async fire() {
      const timer = timers.filter((t) => !t.cancelled).at(-1);
      if (!timer) throw new Error('no timer');
      timer.cancelled = true;
      timer.run();
      await outbox.flush();
    },
  };
}

const repayment = {
  method: 'POST' as const,
  path: '/associations/zhuyang-04/loans/l0001/repayments',
  body: { amount: '528.00', on: '2026-08-15', channel: 'cash' },
  label: '还款 ¥528.00',
};

describe('the outbox', () => {
  it('stores the write with its key before the first attempt, and sends it once', async () => {
    const h = harness();
    let storedWhenSent: QueuedWrite[] = [];
    h.script.push((write) => {
      storedWhenSent = h.storage.load();
      expect(write.key).toBe('key-0001');
      return { status: 201, body: { loan: { id: 'l0001' } } };
    });
    const { write, done } = h.outbox.submit(repayment);
    expect(write).toMatchObject({ key: 'key-0001', user: 'treasurer-04', attempts: 0 });
    const outcome = await done;
    expect(storedWhenSent.map((w) => w.key)).toEqual(['key-0001']);
    expect(outcome).toMatchObject({ type: 'sent', status: 201, body: { loan: { id: 'l0001' } } });
    expect(h.sent).toHaveLength(1);
    expect(h.storage.load()).toEqual([]);
  });

  it('keeps an offline write queued and sends it when the network returns', async () => {
    const h = harness({ online: false });
    const { done } = h.outbox.submit(repayment);
    await h.outbox.flush();
    expect(h.sent).toHaveLength(0);
    expect(h.storage.load()).toHaveLength(1);
    expect(JSON.parse(h.store.get('huzhu.outbox.v1')!)[0]).toMatchObject({
      key: 'key-0001',
      path: repayment.path,
      body: repayment.body,
    });
    h.setOnline(true);
    await h.outbox.flush();
    expect((await done).type).toBe('sent');
    expect(h.sent.map((w) => w.key)).toEqual(['key-0001']);
    expect(h.storage.load()).toEqual([]);
  });

  it('retries a lost answer with the same key, waiting longer each time', async () => {
    const h = harness();
    h.script.push(new TypeError('Failed to fetch'), { status: 503, body: { code: 'X' } });
    const { done } = h.outbox.submit(repayment);
    await h.outbox.flush();
    expect(h.storage.load()[0]).toMatchObject({ attempts: 1, lastError: 'Failed to fetch' });
    expect(h.timers.at(-1)?.ms).toBe(1_000);
    await h.fire();
    expect(h.storage.load()[0]).toMatchObject({ attempts: 2 });
    expect(h.timers.at(-1)?.ms).toBe(2_000);
    await h.fire();
    expect((await done).type).toBe('sent');
    expect(h.sent.map((w) => w.key)).toEqual(['key-0001', 'key-0001', 'key-0001']);
    expect(h.sent.every((w) => JSON.stringify(w.body) === JSON.stringify(repayment.body))).toBe(
      true,
    );
  });

  it('keeps a refused write with its zh-CN reason, and sends the writes after it', async () => {
    const h = harness({ online: false });
    const refused = h.outbox.submit({ ...repayment, path: '/members', label: '入会' }).done;
    const next = h.outbox.submit(repayment).done;
    h.script.push({
      status: 409,
      body: { code: 'MEMBER_DUPLICATE_ID_NUMBER', title: '该身份证号码已在本互助会登记入会' },
    });
    h.setOnline(true);
    await h.outbox.flush();
    expect(await refused).toMatchObject({
      type: 'refused',
      problem: { status: 409, code: 'MEMBER_DUPLICATE_ID_NUMBER' },
    });
    expect((await next).type).toBe('sent');
    // The household's data is still there, with the reason; it is not sent again by itself.
    expect(h.storage.load()).toEqual([
      expect.objectContaining({
        key: 'key-0001',
        path: '/members',
        refused: expect.objectContaining({ title: '该身份证号码已在本互助会登记入会' }),
      }),
    ]);
    await h.outbox.flush();
    expect(h.sent.map((w) => w.key)).toEqual(['key-0001', 'key-0002']);
    expect(h.events.some((e) => e.type === 'refused')).toBe(true);
    h.outbox.discard('key-0001');
    expect(h.storage.load()).toEqual([]);
  });

  it('queues one write per submission: its key again queues nothing, the same write is found', async () => {
    const h = harness({ online: false });
    const key = h.outbox.newKey();
    const first = h.outbox.submit({ ...repayment, key });
    const again = h.outbox.submit({ ...repayment, key });
    expect(again.write).toEqual(first.write);
    expect(h.storage.load()).toHaveLength(1);
    expect(h.outbox.findSame(repayment)?.key).toBe(key);
    expect(h.outbox.findSame({ ...repayment, body: { ...repayment.body, amount: '1.00' } })).toBe(
      undefined,
    );
    h.setOnline(true);
    await h.outbox.flush();
    expect((await again.done).type).toBe('sent');
    expect(h.sent.map((w) => w.key)).toEqual([key]);
    expect(h.outbox.findSame(repayment)).toBe(undefined);
  });

  it('retries conflicts between writers, not business conflicts', () => {
    expect(isRetryable({ status: 409, body: { code: 'CONCURRENT_UPDATE' } })).toBe(true);
    expect(isRetryable({ status: 409, body: { code: 'STATE_CHANGED' } })).toBe(true);
    expect(isRetryable({ status: 409, body: { code: 'PLAN_STALE' } })).toBe(false);
    expect(isRetryable({ status: 500, body: undefined })).toBe(true);
    expect(isRetryable({ status: 429, body: undefined })).toBe(true);
    expect(isRetryable({ status: 400, body: undefined })).toBe(false);
  });

  it('keeps the write when the session has expired, and asks for a sign-in', async () => {
    const h = harness();
    h.script.push({ status: 401, body: { message: 'Unauthorized' } });
    h.outbox.submit(repayment);
    await h.outbox.flush();
    expect(h.storage.load()).toHaveLength(1);
    expect(h.events.some((e) => e.type === 'auth-required')).toBe(true);
    expect(h.timers.filter((t) => !t.cancelled)).toHaveLength(0);
    await h.outbox.flush();
    expect(h.sent.map((w) => w.key)).toEqual(['key-0001', 'key-0001']);
    expect(h.storage.load()).toEqual([]);
  });

  it('sends in order and stops at the first write that cannot go', async () => {
    const h = harness({ online: false });
    h.outbox.submit({ ...repayment, path: '/a', label: 'first' });
    h.outbox.submit({ ...repayment, path: '/b', label: 'second' });
    h.setOnline(true);
    h.script.push(new TypeError('Failed to fetch'));
    await h.outbox.flush();
    expect(h.sent.map((w) => w.path)).toEqual(['/a']);
    await h.fire();
    expect(h.sent.map((w) => w.path)).toEqual(['/a', '/a', '/b']);
    expect(h.storage.load()).toEqual([]);
  });

  it("sends only the signed-in user's writes; nothing while nobody is signed in", async () => {
    const h = harness({ online: false });
    h.outbox.submit({ ...repayment, label: 'of treasurer-04' });
    h.setUser('treasurer-05');
    h.outbox.submit({ ...repayment, label: 'of treasurer-05' });
    h.setOnline(true);
    await h.outbox.flush();
    expect(h.sent.map((w) => w.user)).toEqual(['treasurer-05']);
    h.setUser(undefined);
    await h.outbox.flush();
    expect(h.sent).toHaveLength(1);
    expect(() => h.outbox.submit(repayment)).toThrow();
    h.setUser('treasurer-04');
    await h.outbox.flush();
    expect(h.sent.map((w) => w.user)).toEqual(['treasurer-05', 'treasurer-04']);
  });

  it('moves the money once per submit, whatever the network does (an idempotent server)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(fc.constantFrom('ok', 'lost-request', 'lost-answer', '503', 'conflict'), {
            maxLength: 6,
          }),
          { minLength: 1, maxLength: 5 },
        ),
        async (fates) => {
          const h = harness({ online: false });
          // The API: one effect per key, a replay of the first answer for a known key.
          const effects = new Map<string, number>();
          const plans = new Map<string, string[]>();
          for (const [i, fate] of fates.entries()) {
            const { write } = h.outbox.submit({ ...repayment, path: `/w${i}` });
            plans.set(write.key, [...fate, 'ok']);
          }
          h.setOnline(true);
          const serve = (write: QueuedWrite): Answer => {
            const step = plans.get(write.key)!.shift() ?? 'ok';
            if (step === 'lost-request') throw new TypeError('Failed to fetch');
            if (step === '503') return { status: 503, body: undefined };
            if (step === 'conflict') return { status: 409, body: { code: 'CONCURRENT_UPDATE' } };
            if (!effects.has(write.key)) effects.set(write.key, 1);
            if (step === 'lost-answer') throw new TypeError('network changed');
            return { status: 201, body: {} };
          };
          h.setServer(serve);
          for (let i = 0; i < 200 && h.storage.load().length > 0; i += 1) {
            if (h.timers.some((t) => !t.cancelled)) await h.fire();
            else await h.outbox.flush();
          }
          expect(h.storage.load()).toEqual([]);
          expect([...effects.values()]).toEqual(fates.map(() => 1));
          expect(new Set(h.sent.map((w) => w.key)).size).toBe(fates.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads a damaged queue as empty, and makes keys the API accepts', () => {
    const { storage, store } = memoryStorage();
    store.set('huzhu.outbox.v1', '{not json');
    expect(storage.load()).toEqual([]);
    store.set('huzhu.outbox.v1', '{"a":1}');
    expect(storage.load()).toEqual([]);
    const key = newIdempotencyKey((b) => crypto.getRandomValues(b));
    expect(key).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
    expect(key).toHaveLength(32);
  });
});
