/**
 * 贴息 in the console on a 360 px phone: the treasurer records what the county paid on 2026Q3
 * (874.93 for a tea-garden and a poverty-alleviation loan), sees it shared out per household,
 * and pays the households in cash; each is booked once. An auditor reads the same page
 * without the forms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Money } from '#domain/money.ts';
import { openSubsidisedLoans } from '../functions/subsidy-fixtures.ts';
import { useLocalSystem } from '../support/local-system.ts';
import {
  answered,
  collectErrors,
  expectNoSidewaysScroll,
  go,
  laptop,
  launchChromium,
  phone,
  recordPosts,
  screenshot,
  signIn,
} from './console-browser.ts';

const api = useLocalSystem({ seed: ['zhuyang-01', 'zhuyang-02'], notifier: false });
const aid = 'zhuyang-01';
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let loans: { tea: string; poverty: string; standard: string };
/** The money-moving POSTs the page sent, by path. */
const posts: string[] = [];

beforeAll(async () => {
  loans = await openSubsidisedLoans(api);
  browser = await launchChromium();
  context = await browser.newContext(phone);
  page = await signIn(context, api.system.url, 'treasurer-01');
  errors = collectErrors(page);
  recordPosts(page, '/subsidy-receipts', posts);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const get = async (path: string) => {
  const response = await api.request('GET', `/associations/${aid}${path}`, {
    token: await api.login('treasurer-01'),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};
const receipts = async () => (await get('/subsidy-receipts')).receipts;
const balance = async (account: string): Promise<Money> =>
  Money.of(
    (await get('')).balances.find((b: { account: string }) => b.account === account).balance,
  );
const receipt = () => page.locator('article[data-period="2026Q3"]');
const queueCount = () => page.getByTestId('queue-count').innerText();

describe('贴息 in the console (360 px phone)', () => {
  it('records the 贴息 the county paid on 2026Q3, shared out per household, once', async () => {
    const bankBefore = await balance('1002');
    const cashBefore = await balance('1001');
    await go(page, '#/subsidy');
    expect(await page.locator('nav.tabs').innerText()).toContain('贴息');
    expect(await page.locator('main').innerText()).toContain('还没有登记贴息到账');

    const form = page.locator('[data-form=subsidy-receipt]');
    await form.locator('input[name=period]').fill('2026Q3');
    await form.locator('input[name=amount]').fill('874.93');
    await form.locator('input[name=on]').fill('2026-10-20');
    // The county pays into the bank: the form says so before anyone chooses.
    expect(await form.locator('select[name=channel]').inputValue()).toBe('bank');
    await form.getByRole('button', { name: '登记贴息到账' }).click();

    await expect
      .poll(() => receipt().locator('[data-field=held]').innerText(), answered)
      .toBe('¥874.93');
    const text = await receipt().innerText();
    expect(text).toContain('2026年10月20日');
    expect(await receipt().locator('[data-field=received]').innerText()).toBe('¥874.93');
    expect(await receipt().locator('[data-field=paid-out]').innerText()).toBe('¥0.00');
    const rows = await receipt().locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    const row = (lid: string) => rows.find((r) => r.includes(lid)) ?? '';
    expect(row(loans.tea)).toContain('¥604.93');
    expect(row(loans.tea)).toContain('待发放');
    expect(row(loans.poverty)).toContain('¥270.00');
    expect(rows.some((r) => r.includes(loans.standard))).toBe(false);

    const [recorded, ...others] = await receipts();
    expect(others).toEqual([]);
    expect(recorded).toMatchObject({
      period: '2026Q3',
      amount: '874.93',
      claimed: '874.93',
      receivedOn: '2026-10-20',
      channel: 'bank',
      held: '874.93',
    });
    expect((await balance('1002')).minus(bankBefore).toString()).toBe('874.93');
    expect((await balance('1001')).equals(cashBefore)).toBe(true);

    // The same period again: the API refuses with its zh-CN reason, nothing more is booked.
    await form.locator('input[name=period]').fill('2026Q3');
    await form.locator('input[name=amount]').fill('874.93');
    await form.locator('input[name=on]').fill('2026-10-20');
    await form.getByRole('button', { name: '登记贴息到账' }).click();
    await expect
      .poll(() => form.locator('.notice.error').innerText(), answered)
      .toContain('2026Q3 的贴息已登记到账');
    expect(await receipts()).toHaveLength(1);
    expect(await queueCount()).toBe('0');
    await expectNoSidewaysScroll(page, 360);
    await screenshot(page, 'subsidy-received');
  });

  it('pays every household its share in cash, once', async () => {
    const cashBefore = await balance('1001');
    const form = receipt().locator('[data-form=subsidy-payout]');
    expect(await form.innerText()).toContain('向 2 户发放 ¥874.93');
    await form.locator('input[name=on]').fill('2026-10-25');
    await form.locator('select[name=channel]').selectOption('cash');
    await form.getByRole('button', { name: '发放给农户' }).click();

    await expect
      .poll(() => receipt().locator('[data-field=paid-out]').innerText(), answered)
      .toBe('¥874.93');
    expect(await receipt().locator('[data-field=held]').innerText()).toBe('¥0.00');
    // Nothing left to pay: the payout form is gone.
    expect(await page.locator('[data-form=subsidy-payout]').count()).toBe(0);
    for (const text of await receipt().locator('tbody tr').allInnerTexts())
      expect(text).toMatch(/已发放\s+2026年10月25日 · 现金/);

    const [paid, ...others] = await receipts();
    expect(others).toEqual([]);
    expect(paid).toMatchObject({ paidOut: '874.93', held: '0.00' });
    expect(paid.rows.map((r: any) => [r.loanId, r.paidOut?.on, r.paidOut?.channel]).sort()).toEqual(
      [
        [loans.poverty, '2026-10-25', 'cash'],
        [loans.tea, '2026-10-25', 'cash'],
      ].sort(),
    );
    // One payout entry for both households, and the cash went out exactly once.
    expect(new Set(paid.rows.map((r: any) => r.paidOut.entryId)).size).toBe(1);
    expect(cashBefore.minus(await balance('1001')).toString()).toBe('874.93');
    expect(posts).toEqual([
      `/associations/${aid}/subsidy-receipts`,
      `/associations/${aid}/subsidy-receipts`,
      `/associations/${aid}/subsidy-receipts/2026Q3/payouts`,
    ]);
    expect(await queueCount()).toBe('0');
    await expectNoSidewaysScroll(page, 360);
    await screenshot(page, 'subsidy-paid');
    // The refused second receipt logs its 409 as a failed resource; nothing else may fail.
    expect(errors.filter((e) => !/Failed to load resource.*409/.test(e))).toEqual([]);
  });

  it('shows an auditor the same receipts, without the forms', async () => {
    const auditorContext = await browser.newContext(laptop);
    try {
      const auditor = await signIn(auditorContext, api.system.url, 'auditor');
      const auditorErrors = collectErrors(auditor);
      await go(auditor, '#/subsidy');
      // The federation's first association unless another is chosen.
      expect(await auditor.locator('main select[name=association]').inputValue()).toBe(aid);
      const shown = auditor.locator('article[data-period="2026Q3"]');
      expect(await shown.locator('[data-field=paid-out]').innerText()).toBe('¥874.93');
      expect(await shown.locator('tbody tr').count()).toBe(2);
      expect(await auditor.locator('main form[data-form]').count()).toBe(0);
      expect(await auditor.locator('main').innerText()).not.toContain('登记贴息到账');
      await screenshot(auditor, 'subsidy-auditor');

      await auditor.locator('main select[name=association]').selectOption('zhuyang-02');
      await auditor.locator('main[data-ready="#/subsidy?association=zhuyang-02"]').waitFor();
      expect(await auditor.locator('main').innerText()).toContain('还没有登记贴息到账');
      expect(auditorErrors).toEqual([]);
    } finally {
      await auditorContext.close();
    }
  });
});
