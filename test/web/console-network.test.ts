/**
 * The console on a bad line: the first load and a return visit on Chrome's "Slow 3G" profile
 * (2 s latency, 50 kB/s), measured and held to a budget of round trips and bytes; and a reload
 * with no network at all, served by the service worker, with the outbox still there.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useLocalSystem } from '../support/local-system.ts';
import {
  artifacts,
  confirmWrite,
  go,
  goOffline,
  launchChromium,
  phone,
  screenshot,
  signIn,
} from './console-browser.ts';

const api = useLocalSystem({ seed: ['zhuyang-04'], notifier: false });
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/** Chrome DevTools' "Slow 3G": 500 kbit/s × 0.8 each way, 400 ms × 5 latency. */
const slow3g = { latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 };

/** Loads the sign-in screen on Slow 3G; the time until the demo users show, and the bytes. */
async function timedLoad(page: Page): Promise<{ ms: number; bytes: number; requests: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...slow3g });
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
    requests += 1;
  });
  const started = Date.now();
  await page.goto(`${api.system.url}/console/`);
  await page.locator('button[data-username="treasurer-04"]').waitFor({ timeout: 60_000 });
  const ms = Date.now() - started;
  await cdp.detach();
  return { ms, bytes, requests };
}

describe('the console on a bad connection', () => {
  it('opens on Slow 3G within three round trips and its bytes, two when cached', async () => {
    const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
    const page = await context.newPage();
    const cold = await timedLoad(page);
    // The page; then script, styles and config.json together (preloaded); then the users.
    const budget = (load: { bytes: number }, roundTrips: number) =>
      roundTrips * slow3g.latency + (load.bytes / slow3g.downloadThroughput) * 1000 + 2500;
    expect(cold.ms).toBeLessThan(budget(cold, 3));
    // Everything gzipped: the whole first load, API answers included, is small.
    expect(cold.bytes).toBeLessThan(35_000);
    await screenshot(page, 'slow-3g');

    // Hashed files come from the cache, config.json too (5 minutes): the page, then the users.
    const warm = await timedLoad(page);
    expect(warm.bytes).toBeLessThan(cold.bytes / 2);
    expect(warm.ms).toBeLessThan(budget(warm, 2));
    writeFileSync(
      `${artifacts}/console-slow-3g.json`,
      JSON.stringify({ profile: slow3g, cold, warm }, null, 2),
    );
    await context.close();
  });

  it('reopens with no network from the service worker, the outbox intact', async () => {
    const context = await browser.newContext(phone);
    const page = await signIn(context, api.system.url, 'treasurer-04');
    // Wait until the service worker controls the page (the tests compile without DOM types).
    await page.evaluate(async () => {
      const workers = (navigator as any).serviceWorker;
      await workers.ready;
      if (!workers.controller) {
        await new Promise((resolve) =>
          workers.addEventListener('controllerchange', resolve, { once: true }),
        );
      }
    });
    // A write waits in the outbox, offline. The baseline is read first: whatever the timing,
    // the purchase must land exactly once.
    const member = async () =>
      api.request('GET', '/associations/zhuyang-04/members/m0001', {
        token: await api.login('treasurer-04'),
      });
    const before = await member();
    await go(page, '#/members/m0001');
    await goOffline(context, page);
    await page.fill('[data-form=shares] input[name=shares]', '1');
    await page.fill('[data-form=shares] input[name=on]', '2026-11-20');
    await page.getByRole('button', { name: '登记股金' }).click();
    await confirmWrite(page);
    await expect.poll(() => page.getByTestId('queue-count').innerText()).toBe('1');

    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await page.locator('main[data-ready]').waitFor();
    expect(await page.getByTestId('queue-badge').innerText()).toContain('离线');
    expect(await page.getByTestId('queue-count').innerText()).toBe('1');
    await go(page, '#/queue');
    expect(await page.locator('main tbody tr').innerText()).toContain('入股');
    await screenshot(page, 'offline-reload');

    // Back online: the queued purchase goes out once.
    await context.setOffline(false);
    await expect
      .poll(() => page.getByTestId('queue-count').innerText(), { timeout: 20_000 })
      .toBe('0');
    const after = await member();
    expect(after.body.shares.own).toBe(before.body.shares.own + 1);
    await context.close();
  });
});
