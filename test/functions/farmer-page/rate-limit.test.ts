import { describe, expect, it } from 'vitest';
import { lookupsPerMinute } from '../../../functions/farmer-page/handler.ts';
import { contentSecurityPolicy } from '../../../functions/farmer-page/page-style.ts';
import { newLinkToken } from '../../../functions/store/loan-links.ts';
import { countRequest } from '../../../functions/store/rate-limit.ts';
import { useLocalSystem } from '../../support/local-system.ts';

// A table of its own: the counters of other test files do not count here.
const api = useLocalSystem({ seed: false, notifier: false });

describe('GET /s/{token} is rate-limited per client', () => {
  it('answers 429 after the minute allowance, with Retry-After and the page headers', async () => {
    // Close to the end of a minute the window could roll over mid-test: start a fresh one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
    for (let i = 0; i < lookupsPerMinute; i += 1) {
      const response = await api.request('GET', `/s/${newLinkToken()}`);
      expect(response.status).toBe(404);
    }
    const refused = await api.request('GET', `/s/${newLinkToken()}`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.body).toContain('请稍后再试');
  });

  it('counts each client apart, and starts again the next minute', async () => {
    const { store } = api.system;
    const at = new Date('2026-05-20T08:00:10Z');
    const ask = (client: string, now = at) =>
      countRequest(store, { scope: 'test', client, now, limitPerMinute: 2 });
    expect((await ask('203.0.113.1')).allowed).toBe(true);
    expect((await ask('203.0.113.1')).allowed).toBe(true);
    const third = await ask('203.0.113.1');
    expect(third).toEqual({ allowed: false, hits: 3, retryAfterSeconds: 50 });
    expect((await ask('203.0.113.2')).allowed).toBe(true);
    expect((await ask('203.0.113.1', new Date('2026-05-20T08:01:00Z'))).allowed).toBe(true);
  });
});
