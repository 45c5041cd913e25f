/**
 * Headless Chromium (Debian's, driven by playwright-core) against the console the local system
 * serves at /console/: a phone for treasurers, a laptop for supervisors, screenshots kept
 * under test-artifacts/ (git ignores it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { artifacts } from '../support/browser.ts';

export { artifacts, launchChromium } from '../support/browser.ts';

export const phone = {
  viewport: { width: 360, height: 640 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

export const laptop = {
  viewport: { width: 1280, height: 800 },
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

/** Every error the page logs or throws, so that a test can insist there are none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/**
 * Cuts the network and waits until the page knows it (navigator.onLine), which Chromium says
 * a moment after the emulation starts. In that moment the console would still try the network,
 * as it should on a line that has just dropped; a test of the offline queue must not race it.
 */
export async function goOffline(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(true);
  await page.waitForFunction(
    () => !(globalThis as unknown as { navigator: { onLine: boolean } }).navigator.onLine,
  );
}

/** A write goes through the outbox and the API, then the page redraws: slow on a busy CI. */
export const answered = { timeout: 20_000 };

/** Adds to `paths` the path of every POST the page sends whose URL contains `fragment`. */
export function recordPosts(page: Page, fragment: string, paths: string[]): string[] {
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes(fragment))
      paths.push(new URL(request.url()).pathname);
  });
  return paths;
}

/** Opens the console and signs in as a demo user; waits for the first page. */
export async function signIn(
  context: BrowserContext,
  url: string,
  username: string,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/console/`);
  await page.locator(`button[data-username="${username}"]`).click();
  await page.locator('main[data-ready="#/"]').waitFor();
  return page;
}

/** Goes to a hash route and waits until the console has drawn it. */
/** The page's location, seen from code the browser runs (the tests compile without DOM types). */
type Located = { location: { hash: string } };

export async function go(page: Page, hash: string): Promise<void> {
  if ((await page.evaluate(() => (globalThis as unknown as Located).location.hash)) === hash) {
    await go(page, '#/');
  }
  await page.evaluate((h) => ((globalThis as unknown as Located).location.hash = h), hash);
  await page.locator(`main[data-ready="${hash}"]`).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const file = `${artifacts}/console-${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
  expect(existsSync(file)).toBe(true);
}

/** The page fits the screen: tables scroll inside their frame, the page never sideways. */
export async function expectNoSidewaysScroll(page: Page, width: number): Promise<void> {
  const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

/** axe-core from npm, read once; evaluated in the page (CDP evaluation is not held by CSP). */
let axeSource: string | undefined;

/** axe-core finds no violation in the page as it stands; `state` names it in a failure. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(axeSource);
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
      id: v.id, nodes: v.nodes.map((n) => n.target.join(' ') + ' ' + n.failureSummary) })))`,
  )) as { id: string; nodes: string[] }[];
  expect(violations, state).toEqual([]);
}

/** Confirms the write the form asks about (the step between the tap and the queue). */
export async function confirmWrite(page: Page): Promise<void> {
  await page.getByTestId('confirm').getByRole('button', { name: '确认无误，提交' }).click();
}
