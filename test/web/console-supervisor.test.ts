/**
 * A federation supervisor on a 1280×800 laptop: the dashboard (table and chart, rated by the
 * API), a 资金余缺调剂 plan shown as transfers between associations and approved with one
 * confirmation, the risk fund. An auditor sees the same, and cannot approve.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Money } from '#domain/money.ts';
import { useLocalSystem } from '../support/local-system.ts';
import {
  collectErrors,
  expectAccessible,
  go,
  laptop,
  launchChromium,
  screenshot,
  signIn,
} from './console-browser.ts';

const api = useLocalSystem({ notifier: false });
const fid = 'zhuyang';
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let pid = '';

/** A loan through the API, so that the dashboard has something to rate. */
async function lend(aid: string, treasurer: string, memberId: string, disbursedOn: string) {
  const response = await api.request('POST', `/associations/${aid}/loans`, {
    token: await api.login(treasurer),
    headers: { 'idempotency-key': crypto.randomUUID() },
    body: {
      memberId,
      principal: '5000.00',
      installments: 6,
      method: 'equal-principal',
      disbursedOn,
      approvedOn: disbursedOn,
      boardMinute: '理事会〔2026〕3号',
      guarantorIds: memberId === 'm0001' ? ['m0002', 'm0003'] : ['m0001', 'm0003'],
      purpose: '茶园施肥',
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

beforeAll(async () => {
  // zhuyang-02: a loan never repaid since March (overdue); zhuyang-03: two loans in November.
  await lend('zhuyang-02', 'treasurer-02', 'm0001', '2026-03-01');
  await lend('zhuyang-03', 'treasurer-03', 'm0001', '2026-11-02');
  await lend('zhuyang-03', 'treasurer-03', 'm0002', '2026-11-02');
  browser = await launchChromium();
  context = await browser.newContext(laptop);
  page = await signIn(context, api.system.url, 'supervisor');
  errors = collectErrors(page);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const get = async (path: string, user = 'supervisor') => {
  const response = await api.request('GET', path, { token: await api.login(user) });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};

describe('the console for a supervisor (1280 px laptop)', () => {
  it("opens on the federation dashboard: every association's overdue rate and liquidity, rated", async () => {
    const dashboard = await get(`/federations/${fid}/dashboard`);
    const rows = page.locator('main table tbody tr');
    expect(await rows.count()).toBe(10);
    for (const [i, association] of dashboard.associations.entries()) {
      const text = await rows.nth(i).innerText();
      expect(text).toContain(association.name);
      expect(text).toContain(
        { green: '绿', yellow: '黄', red: '红' }[association.rating as string],
      );
      expect(text).toContain(Money.of(association.fund).format());
      expect(text).toContain(`${association.overdueRatePercent}%`);
    }
    // Two charts, a bar per association coloured by its rating, and the two warning lines.
    const charts = page.locator('svg.chart');
    expect(await charts.count()).toBe(2);
    for (const chart of await charts.all()) {
      expect(await chart.locator('rect').count()).toBe(10);
      expect(await chart.locator('line').count()).toBe(2);
    }
    const colours = await charts
      .first()
      .locator('rect')
      .evaluateAll((rects) => rects.map((r) => r.getAttribute('fill')));
    const expected = { green: '#2e7d32', yellow: '#c79100', red: '#c62828' } as Record<
      string,
      string
    >;
    expect(colours).toEqual(
      dashboard.associations.map((a: { rating: string }) => expected[a.rating]),
    );
    const overdue = dashboard.associations.find((a: any) => a.associationId === 'zhuyang-02');
    expect(overdue.rating).not.toBe('green');
    expect(await rows.nth(1).innerText()).toContain(`${overdue.overdueRatePercent}%`);
    expect(await page.locator('main').innerText()).toContain(
      Money.of(dashboard.totals.fund).format(),
    );
    await screenshot(page, 'dashboard');

    // The date picker shows the federation as it stood on an earlier day.
    await page.fill('main form.inline input[name=asOf]', '2026-03-31');
    await page.getByRole('button', { name: '查看' }).click();
    await page.locator('main[data-ready="#/dashboard?asOf=2026-03-31"]').waitFor();
    const then = await get(`/federations/${fid}/dashboard?asOf=2026-03-31`);
    expect(then.totals.outstanding).not.toBe(dashboard.totals.outstanding);
    expect(await page.locator('main').innerText()).toContain(
      Money.of(then.totals.outstanding).format(),
    );
    await go(page, '#/dashboard');
  });

  it("reaches an overdue loan's guarantor's phone from a red or yellow rating in two taps", async () => {
    await go(page, '#/dashboard');
    await expectAccessible(page, 'dashboard with red and yellow ratings');
    // Tap 1: the rating of the association with the loan unpaid since March.
    await page.locator('a[href="#/overdue?association=zhuyang-02"]').click();
    await page.locator('main[data-ready="#/overdue?association=zhuyang-02"]').waitFor();
    const aid = '/associations/zhuyang-02';
    const overdue = (await get(`${aid}/loans?limit=500`)).loans.filter(
      (l: any) => l.status === 'overdue',
    );
    const people = new Map<string, any>(
      (await get(`${aid}/members?limit=500`)).members.map((m: any) => [m.id, m]),
    );
    expect(overdue.length).toBeGreaterThan(0);
    const rows = page.locator('main tbody tr');
    expect(await rows.count()).toBe(overdue.length);
    // The most overdue first.
    const byDays = [...overdue].sort((a: any, b: any) => b.overdue.days - a.overdue.days);
    for (const [i, loan] of byDays.entries()) {
      const text = await rows.nth(i).innerText();
      expect(text).toContain(people.get(loan.memberId).name);
      expect(text).toContain(people.get(loan.memberId).mobile);
      expect(text).toContain(`逾期 ${loan.overdue.days} 天`);
      expect(text).toContain(Money.of(loan.overdue.principal).format());
      for (const g of loan.guarantorIds) expect(text).toContain(people.get(g).name);
    }
    // Tap 2: the guarantor's phone.
    const guarantor = people.get(byDays[0].guarantorIds[0]);
    const call = rows
      .first()
      .getByRole('link', { name: `拨打 ${guarantor.name} ${guarantor.mobile}` });
    expect(await call.getAttribute('href')).toBe(`tel:${guarantor.mobile}`);
    await expectAccessible(page, 'overdue loans');
    await screenshot(page, 'overdue');

    // Sorted by the overdue principal instead, largest first.
    await page.getByRole('link', { name: '逾期本金' }).click();
    await page.locator('main[data-ready="#/overdue?association=zhuyang-02&sort=amount"]').waitFor();
    const byAmount = [...overdue].sort((a: any, b: any) =>
      Money.of(b.overdue.principal).compare(Money.of(a.overdue.principal)),
    );
    expect(await rows.first().innerText()).toContain(
      Money.of(byAmount[0].overdue.principal).format(),
    );
    // On paper: the list without the console around it.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.bar').isVisible()).toBe(false);
    expect(await rows.first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it('plans a 调剂 for an association short of cash and shows it as transfers', async () => {
    await go(page, '#/liquidity');
    await page.fill('[data-form=plan] input[name=on]', '2026-11-27');
    await page.fill('input[name="demand:zhuyang-05"]', '300000');
    await screenshot(page, 'liquidity');
    await page.getByRole('button', { name: '生成调剂方案' }).click();
    await page.waitForURL(/#\/liquidity\/lp-\d{8}-[0-9a-z]{10}$/);
    pid = /#\/liquidity\/(lp-[0-9a-z-]+)$/.exec(page.url())![1]!;
    await page.locator(`main[data-ready="#/liquidity/${pid}"]`).waitFor();

    const plan = await get(`/federations/${fid}/liquidity-plans/${pid}`);
    expect(plan).toMatchObject({ status: 'proposed', on: '2026-11-27' });
    expect(plan.transfers.length).toBeGreaterThan(0);
    expect(plan.transfers.every((t: { to: string }) => t.to === 'zhuyang-05')).toBe(true);
    const dashboard = await get(`/federations/${fid}/dashboard`);
    const name = (id: string) =>
      dashboard.associations.find((a: any) => a.associationId === id).name;
    const shown = await page.getByTestId('transfers').locator('li').allInnerTexts();
    expect(shown).toHaveLength(plan.transfers.length);
    plan.transfers.forEach((transfer: any, i: number) => {
      expect(shown[i]).toContain(name(transfer.from));
      expect(shown[i]).toContain(name(transfer.to));
      expect(shown[i]).toContain(Money.of(transfer.amount).format());
    });
    expect(await page.locator('[data-field=plan-status]').innerText()).toBe('待批准');
    await screenshot(page, 'liquidity-plan');
  });

  it('approves the plan with one confirmation, booking every transfer in both books', async () => {
    const plan = await get(`/federations/${fid}/liquidity-plans/${pid}`);
    const borrowerBefore = await get('/associations/zhuyang-05');
    await page.getByRole('button', { name: '批准调剂' }).click();
    const question = `确认执行 ${plan.transfers.length} 笔划拨，共 ${Money.of(plan.totalTransferred).format()}？`;
    expect(await page.locator('[data-form=approval]').innerText()).toContain(question);
    // Nothing moves before the confirmation.
    expect((await get(`/federations/${fid}/liquidity-plans/${pid}`)).status).toBe('proposed');
    await screenshot(page, 'liquidity-confirm');
    await page.getByRole('button', { name: '确认批准' }).click();
    await expect
      .poll(() => page.locator('[data-field=plan-status]').innerText(), { timeout: 20_000 })
      .toBe('已批准');

    expect((await get(`/federations/${fid}/liquidity-plans/${pid}`)).status).toBe('approved');
    const { transfers } = await get(`/federations/${fid}/transfers`);
    const ours = transfers.filter((t: { planId: string }) => t.planId === pid);
    expect(ours.map((t: any) => t.amount)).toEqual(plan.transfers.map((t: any) => t.amount));
    // The borrower's books: 调剂拆入资金 (2101) took the whole plan, once.
    const borrowings = (view: any) =>
      Money.of(view.balances.find((b: any) => b.account === '2101')?.balance ?? '0.00');
    const borrowerAfter = await get('/associations/zhuyang-05');
    expect(borrowings(borrowerBefore).minus(borrowings(borrowerAfter)).toString()).toBe(
      plan.totalTransferred,
    );
    expect(await page.getByRole('button', { name: '批准调剂' }).count()).toBe(0);
    await screenshot(page, 'liquidity-approved');

    await go(page, '#/liquidity');
    const history = await page.locator('main table tbody tr').allInnerTexts();
    expect(history).toHaveLength(ours.length);
    expect(history[0]).toContain('未还清');
  });

  it('books a contribution to the risk fund', async () => {
    await go(page, '#/risk-fund');
    const before = await get(`/federations/${fid}/risk-fund`);
    await page.selectOption(
      '[data-form=risk-contributions] select[name=associationId]',
      'zhuyang-01',
    );
    await page.fill('[data-form=risk-contributions] input[name=amount]', '500');
    await page.fill('[data-form=risk-contributions] input[name=on]', '2026-11-27');
    await page.getByRole('button', { name: '缴纳风险基金' }).click();
    const expected = Money.of(before.balance).plus(Money.of('500.00')).format();
    await expect
      .poll(() => page.locator('[data-field=risk-balance]').innerText(), { timeout: 20_000 })
      .toBe(expected);
    expect((await get(`/federations/${fid}/risk-fund`)).balance).toBe(
      Money.of(before.balance).plus(Money.of('500.00')).toString(),
    );
    await screenshot(page, 'risk-fund');
    expect(errors).toEqual([]);
  });

  it('shows an auditor the plan, without the approval', async () => {
    const auditor = await browser.newContext(laptop);
    const auditorPage = await signIn(auditor, api.system.url, 'auditor');
    expect(await auditorPage.locator('main table tbody tr').count()).toBe(10);
    await go(auditorPage, `#/liquidity/${pid}`);
    expect(await auditorPage.getByTestId('transfers').locator('li').count()).toBeGreaterThan(0);
    expect(await auditorPage.getByRole('button', { name: '批准调剂' }).count()).toBe(0);
    await go(auditorPage, '#/risk-fund');
    expect(await auditorPage.locator('[data-field=risk-balance]').count()).toBe(1);
    expect(await auditorPage.getByRole('button', { name: '缴纳风险基金' }).count()).toBe(0);
    await auditor.close();
  });
});
