/**
 * The farmer page in a real browser: Debian's Chromium, headless, driven by playwright-core,
 * on a 360×640 phone screen. A screenshot is kept under test-artifacts/ (git ignores it).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loanPosition } from '#domain/loans/position.ts';
import { chineseDate } from '#domain/messages/templates.ts';
import { nextInstallmentDue } from '#domain/messages/loan-events.ts';
import { todayInShanghai } from '#api/today.ts';
import { revokeLoanLinks } from '../../../functions/store/loan-links.ts';
import { launchChromium } from '../../support/browser.ts';
import { useLocalSystem } from '../../support/local-system.ts';
import { aid, loanWithLink, type LoanFixture } from './loan-page-fixtures.ts';

const executablePath = '/usr/bin/chromium';
const artifacts = 'test-artifacts';
const api = useLocalSystem({ seed: ['zhuyang-01'], notifier: false });
let browser: Browser;
let fixture: LoanFixture;

beforeAll(async () => {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is missing at ${executablePath}: sudo apt-get install chromium`);
  }
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
  fixture = await loanWithLink(api.system.store, {
    lid: 'loan-browser-1',
    mid: 'm9101',
  });
});

afterAll(async () => {
  await browser?.close();
});

/** Opens a path on a 360×640 phone; collects what the console says (CSP violations among it). */
async function open(path: string): Promise<{ page: Page; status: number; console: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled: true, // for the test's own measurements; the page has no script
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (message) => console.push(message.text()));
  const response = await page.goto(`${api.system.url}${path}`);
  return { page, status: response?.status() ?? 0, console };
}

/** The page's width as the browser laid it out. */
async function overflow(page: Page): Promise<number> {
  return page.evaluate('document.documentElement.scrollWidth') as Promise<number>;
}

describe('the farmer page on a 360 px phone (headless Chromium)', () => {
  it('shows the loan, styled, without horizontal overflow, and keeps a screenshot', async () => {
    const { page, status, console } = await open(`/s/${fixture.token}`);
    expect(status).toBe(200);
    const text = await page.locator('body').innerText();
    const position = loanPosition(fixture.loan, todayInShanghai());
    const next = nextInstallmentDue(position, position.asOf);
    for (const figure of [
      '竹垟畲族乡竹垟村资金互助会',
      '雷*山',
      '¥12,000.00',
      position.dueNow.total.format(),
      position.principalOutstanding.format(),
      next!.amount.format(),
      chineseDate(next!.dueOn),
      fixture.loan.repayments[0]!.on,
      fixture.loan.repayments[0]!.amount.format(),
      `数据截至${chineseDate(todayInShanghai())}`,
      '13857801000',
    ]) {
      expect(text, figure).toContain(figure);
    }
    expect(text).not.toContain('雷大山');
    for (const row of fixture.loan.schedule.installments) {
      expect(text).toContain(row.dueOn);
    }

    expect(await overflow(page)).toBeLessThanOrEqual(360);
    // The hashed style applies (CSP allows it): the heading has its colour, and nothing was refused.
    const colour = await page.evaluate('getComputedStyle(document.querySelector("h1")).color');
    expect(colour).toBe('rgb(47, 111, 79)');
    expect(console.filter((line) => /Content Security Policy/i.test(line))).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);

    await page.screenshot({ path: `${artifacts}/farmer-page-360.png`, fullPage: true });
    expect(existsSync(`${artifacts}/farmer-page-360.png`)).toBe(true);
    await page.context().close();
  });

  it('the 404 and 410 pages fit the phone too', async () => {
    const unknown = await open('/s/AAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(await unknown.page.locator('h1').innerText()).toBe('链接无效');
    expect(await overflow(unknown.page)).toBeLessThanOrEqual(360);
    await unknown.page.context().close();

    const other = await loanWithLink(api.system.store, { lid: 'loan-browser-2', mid: 'm9102' });
    await revokeLoanLinks(api.system.store, aid, 'loan-browser-2');
    const gone = await open(`/s/${other.token}`);
    expect(gone.status).toBe(410);
    expect(await gone.page.locator('body').innerText()).toContain('13857801000');
    expect(await overflow(gone.page)).toBeLessThanOrEqual(360);
    await gone.page.screenshot({ path: `${artifacts}/farmer-page-410-360.png`, fullPage: true });
    await gone.page.context().close();
  });
});
