/**
 * 结账 in the console: the treasurer of zhuyang-05 closes October on a 360 px phone from the
 * books page, once; the API then refuses a share purchase dated in October. A supervisor on a
 * laptop reaches the association's books from the dashboard and reopens with a reason; an
 * auditor reads the history without any form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { previousMonthEnd, todayInShanghai } from '../../web/src/format.ts';
import { useLocalSystem } from '../support/local-system.ts';
import {
  answered,
  collectErrors,
  confirmWrite,
  expectAccessible,
  expectNoSidewaysScroll,
  go,
  laptop,
  launchChromium,
  phone,
  recordPosts,
  screenshot,
  signIn,
} from './console-browser.ts';

const api = useLocalSystem({ seed: ['zhuyang-05'], notifier: false });
const aid = 'zhuyang-05';
const reason = '十月份一笔入股日期登错，需按原日期更正';
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
/** The period-close POSTs the pages sent, by path. */
const posts: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext(phone);
  page = await signIn(context, api.system.url, 'treasurer-05');
  errors = collectErrors(page);
  recordPosts(page, '/period-close', posts);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const get = async (path: string, user = 'treasurer-05') => {
  const response = await api.request('GET', `/associations/${aid}${path}`, {
    token: await api.login(user),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};
const buyShare = async () =>
  api.request('POST', `/associations/${aid}/members/m0001/shares`, {
    token: await api.login('treasurer-05'),
    headers: { 'idempotency-key': crypto.randomUUID() },
    body: { shares: 1, on: '2026-10-15', channel: 'cash' },
  });
const closedThrough = (p: Page) => p.locator('[data-field=closed-through]').innerText();

describe('结账 in the console', () => {
  it('lets the treasurer close October from the books page (360 px phone), once', async () => {
    await go(page, '#/books');
    expect(await closedThrough(page)).toBe('尚未结账');
    expect(await page.locator('main').innerText()).toContain('还没有结账记录');
    const form = page.locator('[data-form=period-close]');
    // The latest month that has ended is offered.
    expect(await form.locator('input[name=through]').inputValue()).toBe(
      previousMonthEnd(todayInShanghai()),
    );
    await form.locator('input[name=through]').fill('2026-10-31');
    await form.getByRole('button', { name: '结账', exact: true }).click();
    // Closing locks the month: asked once more, and nothing is sent before the answer.
    expect(await page.getByTestId('confirm').innerText()).toContain('结账至 2026年10月31日');
    await expectAccessible(page, '结账 confirmation');
    expect((await get('/period-close')).history ?? []).toHaveLength(0);
    await confirmWrite(page);

    await expect.poll(() => closedThrough(page), answered).toBe('已结账至 2026年10月31日');
    const rows = await page.locator('[data-testid=period-close] tbody tr').allInnerTexts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/结账\s+2026年10月31日\s+treasurer-05\s+20\d\d年/);

    const close = await get('/period-close');
    expect(close).toMatchObject({ associationId: aid, closedThrough: '2026-10-31' });
    expect(close.history).toHaveLength(1);
    expect(close.history[0]).toMatchObject({
      action: 'close',
      closedThrough: '2026-10-31',
      by: 'treasurer-05',
    });

    // October again: the API refuses with its zh-CN reason, nothing more is recorded.
    const again = page.locator('[data-form=period-close]');
    await again.locator('input[name=through]').fill('2026-10-31');
    await again.getByRole('button', { name: '结账', exact: true }).click();
    await confirmWrite(page);
    await expect
      .poll(() => again.locator('.notice.error').innerText(), answered)
      .toContain('已结账至');
    expect((await get('/period-close')).history).toHaveLength(1);
    expect(posts).toEqual([
      `/associations/${aid}/period-close`,
      `/associations/${aid}/period-close`,
    ]);
    expect(await page.getByTestId('queue-count').innerText()).toBe('0');
    await expectNoSidewaysScroll(page, 360);
    await screenshot(page, 'period-closed');
    // The refused second close logs its 409 as a failed resource; nothing else may fail.
    expect(errors.filter((e) => !/Failed to load resource.*409/.test(e))).toEqual([]);
  });

  it('refuses a share purchase dated in the closed month', async () => {
    const before = (await get('')).balances;
    const response = await buyShare();
    expect(response.status, JSON.stringify(response.body)).toBe(422);
    expect(response.body.code).toBe('PERIOD_CLOSED');
    expect(response.body.title).toContain('所在月份已结账');
    expect((await get('')).balances).toEqual(before);
  });

  it('lets a supervisor reopen from the dashboard (laptop), with a reason', async () => {
    const supervisorContext = await browser.newContext(laptop);
    try {
      const supervisor = await signIn(supervisorContext, api.system.url, 'supervisor');
      const supervisorErrors = collectErrors(supervisor);
      recordPosts(supervisor, '/period-close', posts);
      await supervisor.locator(`main a[href="#/books?association=${aid}"]`).click();
      await supervisor.locator(`main[data-ready="#/books?association=${aid}"]`).waitFor();
      expect(await supervisor.locator('main select[name=association]').inputValue()).toBe(aid);
      expect(await closedThrough(supervisor)).toBe('已结账至 2026年10月31日');
      expect(await supervisor.locator('[data-form=period-close]').count()).toBe(0);

      // An earlier date keeps the association chosen.
      await supervisor.fill('main input[name=asOf]', '2026-10-31');
      await supervisor.getByRole('button', { name: '查看' }).click();
      await supervisor
        .locator(`main[data-ready="#/books?association=${aid}&asOf=2026-10-31"]`)
        .waitFor();
      expect(await supervisor.locator('main').innerText()).toContain('截至 2026年10月31日');

      const form = supervisor.locator('[data-form=period-reopen]');
      await form.locator('input[name=reason]').fill(reason);
      await screenshot(supervisor, 'period-reopen-form');
      await form.getByRole('button', { name: '反结账' }).click();
      await expect.poll(() => closedThrough(supervisor), answered).toBe('尚未结账');
      // Nothing is closed any more: nothing to reopen.
      expect(await supervisor.locator('[data-form=period-reopen]').count()).toBe(0);
      const rows = await supervisor.locator('[data-testid=period-close] tbody tr').allInnerTexts();
      expect(rows).toHaveLength(2);
      // The latest first.
      expect(rows[0]).toContain('反结账');
      expect(rows[0]).toContain('supervisor');
      expect(rows[0]).toContain(reason);
      expect(rows[1]).toContain('treasurer-05');

      const close = await get('/period-close', 'supervisor');
      expect(close.closedThrough).toBeUndefined();
      expect(close.history.map((e: { action: string }) => e.action)).toEqual(['close', 'reopen']);
      expect(close.history[1]).toMatchObject({ by: 'supervisor', reason });
      expect(posts).toEqual([
        `/associations/${aid}/period-close`,
        `/associations/${aid}/period-close`,
        `/associations/${aid}/period-close/reopening`,
      ]);
      await screenshot(supervisor, 'period-reopened');
      expect(supervisorErrors).toEqual([]);
    } finally {
      await supervisorContext.close();
    }
    // October is open again: the same purchase is booked.
    expect((await buyShare()).status).toBe(201);
  });

  it('shows an auditor the state and the history, without the forms', async () => {
    const auditorContext = await browser.newContext(laptop);
    try {
      const auditor = await signIn(auditorContext, api.system.url, 'auditor');
      const auditorErrors = collectErrors(auditor);
      await go(auditor, `#/books?association=${aid}`);
      expect(await closedThrough(auditor)).toBe('尚未结账');
      expect(await auditor.locator('[data-testid=period-close] tbody tr').count()).toBe(2);
      expect(await auditor.locator('main').innerText()).toContain(reason);
      expect(await auditor.locator('main form[data-form]').count()).toBe(0);
      expect(await auditor.getByRole('button', { name: '反结账' }).count()).toBe(0);
      await screenshot(auditor, 'period-close-auditor');
      expect(auditorErrors).toEqual([]);
    } finally {
      await auditorContext.close();
    }
  });
});
