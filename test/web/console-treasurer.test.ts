/**
 * A treasurer at work on a 360×640 phone, through the console the local system serves: enrol a
 * household, buy its shares, quote, record and disburse a loan, take a repayment and print its
 * receipt (大写); the books, the 公示, the year end, the SMS. Then the bad connection: a
 * repayment recorded offline waits in the outbox and is sent once when the network returns,
 * and a repayment whose answer is lost is retried with the same key and booked once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { idCheckCharacter } from '#domain/members/household.ts';
import { Money } from '#domain/money.ts';
import { useLocalSystem } from '../support/local-system.ts';
import {
  answered,
  collectErrors,
  confirmWrite,
  expectAccessible,
  expectNoSidewaysScroll,
  go,
  goOffline,
  launchChromium,
  phone,
  screenshot,
  signIn,
} from './console-browser.ts';

const api = useLocalSystem({ seed: ['zhuyang-04'] });
const aid = 'zhuyang-04';
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
/** Filled in as the story goes: the new member, their loan. */
let mid = '';
let lid = '';
/** 雷春花's ID number: a second enrolment with it is refused (the same household). */
const chunhuaId = () => '33258119850312004' + idCheckCharacter('33258119850312004');

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext(phone);
  page = await signIn(context, api.system.url, 'treasurer-04');
  errors = collectErrors(page);
});
// A test that fails offline must not take the rest of the story down with it.
afterEach(async () => context?.setOffline(false));
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const token = () => api.login('treasurer-04');
const get = async (path: string) => {
  const response = await api.request('GET', `/associations/${aid}${path}`, {
    token: await token(),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};
const queueCount = () => page.getByTestId('queue-count').innerText();
/** The repayment SMS of the story's loan the local notifier has sent so far. */
const repaymentSms = async () => {
  const outbox = await api.request('GET', `/local/outbox?associationId=${aid}`);
  return outbox.body.messages.filter(
    (m: { template: string; loanId: string | null }) =>
      m.template === 'repayment' && m.loanId === lid,
  ).length;
};

describe('the console for a treasurer (360 px phone)', () => {
  it('signs in as a demo user and opens on the association', async () => {
    const fresh = await context.newPage();
    await fresh.goto(`${api.system.url}/console/`);
    await fresh.locator('button[data-username="treasurer-04"]').waitFor();
    await screenshot(fresh, 'sign-in');
    await fresh.close();

    await expect.poll(() => page.locator('main h1').innerText()).toBe('竹垟畲族乡岱垟村资金互助会');
    const association = await get('');
    const cash = association.balances.find(
      (b: { account: string }) => b.account === '1001',
    ).balance;
    expect(await page.locator('main').innerText()).toContain(Money.of(cash).format());
    expect(await queueCount()).toBe('0');
    await expectNoSidewaysScroll(page, 360);
    // Every tab on the screen (the navigation wraps), every control a 44 px target.
    for (const tab of await page.locator('nav.tabs a').all()) {
      const box = (await tab.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(360);
    }
    const controls = page.locator('header a, header button, nav a, main button, main input');
    for (const control of await controls.all()) {
      if (!(await control.isVisible())) continue;
      expect(
        (await control.boundingBox())!.height,
        await control.innerText(),
      ).toBeGreaterThanOrEqual(44);
    }
    await expectAccessible(page, 'home');
    await screenshot(page, 'home');
  });

  it('enrols a household and finds it by name and by phone', async () => {
    await go(page, '#/members/new');
    const first17 = '33258119850312004';
    await page.fill('input[name=name]', '雷春花');
    await page.fill('input[name=idNumber]', first17 + idCheckCharacter(first17));
    await page.fill('input[name=mobile]', '13957804321');
    await page.fill('input[name=group]', '第1联保小组');
    await page.fill('input[name=joinedOn]', '2026-03-02');
    await screenshot(page, 'enrol');
    await page.getByRole('button', { name: '入会登记' }).last().click();
    await confirmWrite(page);
    await page.waitForURL(/#\/members\/m\d+$/);
    mid = /#\/members\/(m\d+)$/.exec(page.url())![1]!;
    await expect.poll(() => page.locator('main h1').innerText()).toBe(`雷春花（${mid}）`);
    const member = await get(`/members/${mid}`);
    expect(member).toMatchObject({ name: '雷春花', group: '第1联保小组', joinedOn: '2026-03-02' });
    expect(member.idNumber).toMatch(/^332581\*+004\d|^332581\*+\d{4}$/);

    await go(page, '#/members');
    await page.fill('input[type=search]', '春花');
    await expect.poll(() => page.locator('main tbody tr').count()).toBe(1);
    await page.fill('input[type=search]', '13957804321');
    await expect.poll(() => page.locator('main tbody tr').innerText()).toContain('雷春花');
    await expectNoSidewaysScroll(page, 360);
    await screenshot(page, 'members');
  });

  it('checks the ID number and mobile before queueing, and keeps an enrolment refused after sync', async () => {
    await go(page, '#/members/new');
    await goOffline(context, page);
    const enrol = page.getByRole('button', { name: '入会登记' }).last();
    await page.fill('input[name=name]', '雷秋生');
    // One digit wrong: the check digit no longer matches; nothing is queued.
    await page.fill('input[name=idNumber]', chunhuaId().replace('19850312', '19850313'));
    await page.fill('input[name=mobile]', '13957804322');
    await enrol.click();
    expect(await page.locator('main .notice.error').innerText()).toContain('校验位');
    expect(await page.locator('input[name=idNumber]').getAttribute('aria-invalid')).toBe('true');
    await page.fill('input[name=idNumber]', chunhuaId());
    await page.fill('input[name=mobile]', '1395780432');
    await enrol.click();
    expect(await page.locator('main .notice.error').innerText()).toContain('11 位');
    expect(await queueCount()).toBe('0');

    // Valid as typed, but it is 雷春花's number: only the API can tell, after sync.
    await page.fill('input[name=mobile]', '13957804322');
    await enrol.click();
    expect(await page.getByTestId('confirm').innerText()).toContain('入会 雷秋生');
    await confirmWrite(page);
    await page.getByTestId('queued-card').waitFor();
    expect(await queueCount()).toBe('1');
    await expectAccessible(page, 'enrolment queued offline');
    await context.setOffline(false);
    await expect
      .poll(() => page.getByTestId('queued-card').innerText(), answered)
      .toContain('该身份证号码已在本互助会登记入会');
    expect(await queueCount()).toBe('1');
    await go(page, '#/queue');
    const row = page.locator('main tbody tr');
    expect(await row.innerText()).toContain('被拒绝');
    expect(await row.innerText()).toContain('入会 雷秋生');
    await expectAccessible(page, 'queue with a refused item');
    await screenshot(page, 'queue-refused');

    // Fix and resend: the form again, filled in; the corrected enrolment replaces the refused.
    await row.getByRole('link', { name: '修改后重发' }).click();
    await page.locator('main[data-ready^="#/members/new?resend="]').waitFor();
    expect(await page.inputValue('input[name=name]')).toBe('雷秋生');
    expect(await page.inputValue('input[name=mobile]')).toBe('13957804322');
    expect(await page.inputValue('input[name=idNumber]')).toBe(chunhuaId());
    const first17 = '33258119900704001';
    await page.fill('input[name=idNumber]', first17 + idCheckCharacter(first17));
    await enrol.click();
    await confirmWrite(page);
    await page.waitForURL(/#\/members\/m\d+$/, answered);
    expect(await page.locator('main h1').innerText()).toContain('雷秋生');
    expect(await queueCount()).toBe('0');
    const all = (await get('/members?limit=500')).members as { name: string }[];
    expect(all.filter((m) => m.name === '雷秋生')).toHaveLength(1);
  });

  it("buys the household's shares", async () => {
    await go(page, `#/members/${mid}`);
    await page.selectOption('select[name=action]', 'purchase');
    await page.fill('[data-form=shares] input[name=shares]', '2');
    await page.fill('[data-form=shares] input[name=on]', '2026-03-02');
    await page.getByRole('button', { name: '登记股金' }).click();
    await confirmWrite(page);
    await expect
      .poll(() => page.locator('[data-field=own-shares]').innerText())
      .toBe('2 · ¥2,000.00');
    expect((await get(`/members/${mid}`)).shares).toMatchObject({ own: 2, ownAmount: '2000.00' });
    await screenshot(page, 'member');
  });

  it('quotes a loan with its schedule, records the board minute and disburses it', async () => {
    const cashBefore = (await get('')).balances.find((b: any) => b.account === '1001').balance;
    await page.getByRole('link', { name: '新借款' }).last().click();
    await page.locator('[data-form=quote]').waitFor();
    await page.fill('input[name=principal]', '3000');
    await page.fill('input[name=installments]', '6');
    await page.selectOption('select[name=method]', 'equal-principal');
    await page.fill('[data-form=quote] input[name=disbursedOn]', '2026-06-15');
    await page.check('input[name=guarantor][value=m0001]');
    await page.check('input[name=guarantor][value=m0002]');
    await page.getByRole('button', { name: '试算' }).last().click();
    await page.getByTestId('schedule').waitFor();

    // The schedule shown is the API's, row by row.
    const quote = await api.request('POST', `/associations/${aid}/loan-quotes`, {
      token: await token(),
      body: {
        memberId: mid,
        principal: '3000.00',
        installments: 6,
        frequency: 'monthly',
        method: 'equal-principal',
        disbursedOn: '2026-06-15',
        guarantorIds: ['m0001', 'm0002'],
      },
    });
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    expect(quote.body.eligibility.eligible).toBe(true);
    const rows = await page.locator('[data-testid=schedule] tbody tr').allInnerTexts();
    expect(rows).toHaveLength(6);
    quote.body.schedule.installments.forEach((row: any, i: number) => {
      expect(rows[i]).toContain('2026年');
      expect(rows[i]).toContain(Money.of(row.principal).format());
      expect(rows[i]).toContain(Money.of(row.total).format());
    });
    expect(await page.locator('main').innerText()).toContain('符合章程');
    await screenshot(page, 'loan-quote');

    await page.getByRole('button', { name: '下一步' }).click();
    await page.fill('input[name=approvedOn]', '2026-06-12');
    await page.fill('input[name=boardMinute]', '理事会〔2026〕6号');
    await page.fill('input[name=purpose]', '购买茶苗');
    await screenshot(page, 'loan-record');
    await page.getByRole('button', { name: '下一步' }).click();
    const confirm = page.getByRole('button', { name: '确认放款 ¥3,000.00' });
    await confirm.waitFor();
    expect(await page.locator('main').innerText()).toContain('理事会〔2026〕6号');
    await screenshot(page, 'loan-disburse');
    await confirm.click();

    await page.waitForURL(/#\/loans\/l\d+$/);
    lid = /#\/loans\/(l\d+)$/.exec(page.url())![1]!;
    await expect
      .poll(() => page.locator('[data-field=outstanding]').innerText(), answered)
      .toBe('¥3,000.00');
    const loan = await get(`/loans/${lid}`);
    expect(loan).toMatchObject({
      memberId: mid,
      principal: '3000.00',
      boardMinute: '理事会〔2026〕6号',
      approvedOn: '2026-06-12',
      disbursedOn: '2026-06-15',
      guarantorIds: ['m0001', 'm0002'],
    });
    const cashAfter = (await get('')).balances.find((b: any) => b.account === '1001').balance;
    expect(Money.of(cashBefore).minus(Money.of(cashAfter)).toString()).toBe('3000.00');
    await screenshot(page, 'loan');
  });

  it('records a repayment with the amount owed pre-filled, and prints its receipt in 大写', async () => {
    // On the disbursement day nothing is due: nothing is filled in, the next one is a chip.
    await page.fill('[data-form=repayment] input[name=on]', '2026-06-15');
    await page.locator('[data-form=repayment] input[name=on]').dispatchEvent('change');
    await expect.poll(() => page.locator('[data-form=repayment] .chip').count()).toBe(2);
    expect(await page.inputValue('[data-form=repayment] input[name=amount]')).toBe('');
    expect(await page.locator('[data-form=repayment] .chip').first().innerText()).toContain('下期');
    const owed = (await get(`/loans/${lid}?asOf=2026-07-15`)).dueNow.total;
    await page.fill('[data-form=repayment] input[name=on]', '2026-07-15');
    await page.locator('[data-form=repayment] input[name=on]').dispatchEvent('change');
    await expect.poll(() => page.inputValue('[data-form=repayment] input[name=amount]')).toBe(owed);
    // Too much: the API refuses with its zh-CN reason and the outbox lets the write go.
    await page.fill('[data-form=repayment] input[name=amount]', '99999');
    await page.getByRole('button', { name: '登记还款' }).last().click();
    await confirmWrite(page);
    await expect
      .poll(() => page.locator('[data-form=repayment] .notice.error').innerText())
      .toContain('超过 2026-07-15 结清所需的');
    expect(await queueCount()).toBe('0');
    // A typing slip never leaves the phone.
    await page.fill('[data-form=repayment] input[name=amount]', '12.345');
    await page.getByRole('button', { name: '登记还款' }).last().click();
    expect(await page.locator('[data-form=repayment] .notice.error').innerText()).toContain(
      '金额格式不正确',
    );
    await page.fill('[data-form=repayment] input[name=amount]', owed);
    const capitals = `人民币${Money.of(owed).toChineseCapital()}`;
    await expect.poll(() => page.locator('[data-field=live-capitals]').innerText()).toBe(capitals);
    await screenshot(page, 'repayment');
    // Nothing moves on one tap: the amount in figures and 大写 first; "back" changes nothing.
    await page.getByRole('button', { name: '登记还款' }).last().click();
    const confirm = page.getByTestId('confirm');
    expect(await confirm.locator('[data-field=confirm-figures]').innerText()).toBe(
      Money.of(owed).format(),
    );
    expect(await confirm.locator('[data-field=confirm-capitals]').innerText()).toBe(capitals);
    await expectAccessible(page, 'repayment confirmation');
    await screenshot(page, 'repayment-confirm');
    await confirm.getByRole('button', { name: '返回修改' }).click();
    expect(await confirm.count()).toBe(0);
    expect((await get(`/loans/${lid}`)).repayments).toHaveLength(0);
    await page.getByRole('button', { name: '登记还款' }).last().click();
    await confirmWrite(page);

    await page.waitForURL(/#\/loans\/l\d+\/receipts\/r\d+$/);
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    await expect
      .poll(() => receipt.locator('[data-field=capitals]').innerText())
      .toBe(Money.of(owed).toChineseCapital());
    expect(await receipt.locator('[data-field=figures]').innerText()).toBe(Money.of(owed).format());
    const text = await receipt.innerText();
    expect(text).toContain('竹垟畲族乡岱垟村资金互助会');
    expect(text).toContain('2026年7月15日');
    expect(text).toContain(`雷春花（${mid}）`);
    expect(capitals).toMatch(/^人民币[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$/);
    const loan = await get(`/loans/${lid}`);
    expect(loan.repayments).toHaveLength(1);
    expect(loan.repayments[0]).toMatchObject({ on: '2026-07-15', amount: owed });
    await screenshot(page, 'receipt');

    // On paper: no header, navigation or buttons, only the receipt.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.bar').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    expect(await receipt.isVisible()).toBe(true);
    await screenshot(page, 'receipt-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('queues a repayment made offline and sends it exactly once when the network returns', async () => {
    await go(page, `#/loans/${lid}`);
    const owed = (await get(`/loans/${lid}?asOf=2026-08-15`)).dueNow.total;
    await page.fill('[data-form=repayment] input[name=on]', '2026-08-15');
    await page.locator('[data-form=repayment] input[name=on]').dispatchEvent('change');
    await expect.poll(() => page.inputValue('[data-form=repayment] input[name=amount]')).toBe(owed);

    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/loans/${lid}/repayments`))
        posts.push(request.headers()['idempotency-key'] ?? '');
    });
    const smsBefore = await repaymentSms();
    await goOffline(context, page);
    // A double tap: one submission, one key, one queued write; the form becomes a card.
    await page.getByRole('button', { name: '登记还款' }).last().click();
    await page.getByTestId('confirm').getByRole('button', { name: '确认无误，提交' }).dblclick();
    await expect.poll(queueCount).toBe('1');
    const card = page.getByTestId('queued-card');
    expect(await card.innerText()).toContain('已保存在待发送队列');
    expect(await card.getByRole('button', { name: '撤回' }).isVisible()).toBe(true);
    expect(await page.locator('[data-form=repayment]').isVisible()).toBe(false);
    await expectAccessible(page, 'repayment queued offline');
    // Stored with its key before any attempt; nothing reached the API.
    const queued = await page.evaluate(() => JSON.parse(localStorage.getItem('huzhu.outbox.v1')!));
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      method: 'POST',
      path: `/associations/${aid}/loans/${lid}/repayments`,
      body: { amount: owed, on: '2026-08-15', channel: 'cash' },
      user: 'treasurer-04',
    });
    expect(queued[0].key).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
    expect((await get(`/loans/${lid}`)).repayments).toHaveLength(1);

    await go(page, '#/queue');
    expect(await page.locator('main tbody tr').count()).toBe(1);
    expect(await page.locator('main').innerText()).toContain('当前离线');
    await screenshot(page, 'queue-offline');

    await context.setOffline(false);
    await expect.poll(queueCount, { timeout: 20_000 }).toBe('0');
    await expect
      .poll(() => page.locator('.toast.ok').allInnerTexts())
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining('已登记：还款 ' + Money.of(owed).format()),
        ]),
      );
    expect(posts).toEqual([queued[0].key]);
    // One repayment, one SMS to the farmer.
    await expect.poll(async () => (await repaymentSms()) - smsBefore, answered).toBe(1);
    const loan = await get(`/loans/${lid}`);
    expect(loan.repayments.map((r: any) => [r.on, r.amount])).toEqual([
      ['2026-07-15', loan.repayments[0].amount],
      ['2026-08-15', owed],
    ]);
    await go(page, '#/queue');
    await page.getByTestId('queue-empty').waitFor();
    await screenshot(page, 'queue-sent');
  });

  it('retries a repayment whose answer was lost with the same key, and the API books it once', async () => {
    await go(page, `#/loans/${lid}`);
    const owed = (await get(`/loans/${lid}?asOf=2026-09-15`)).dueNow.total;
    const keys: string[] = [];
    let lost = false;
    // The first answer never comes back: the request reached the API, the line broke after.
    await page.route(`**/loans/${lid}/repayments`, async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      const response = await route.fetch();
      if (!lost) {
        lost = true;
        expect(response.status()).toBe(201);
        return route.abort('connectionreset');
      }
      return route.fulfill({ response });
    });
    await page.fill('[data-form=repayment] input[name=on]', '2026-09-15');
    await page.locator('[data-form=repayment] input[name=on]').dispatchEvent('change');
    await expect.poll(() => page.inputValue('[data-form=repayment] input[name=amount]')).toBe(owed);
    await page.getByRole('button', { name: '登记还款' }).last().click();
    await confirmWrite(page);
    await page.waitForURL(/#\/loans\/l\d+\/receipts\/r\d+$/, { timeout: 20_000 });
    await page.unroute(`**/loans/${lid}/repayments`);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const loan = await get(`/loans/${lid}`);
    expect(loan.repayments.filter((r: any) => r.on === '2026-09-15')).toHaveLength(1);
    expect(await queueCount()).toBe('0');
  });

  it('flags the same repayment typed again while the first still waits, and books it once', async () => {
    await go(page, `#/loans/${lid}`);
    const owed = (await get(`/loans/${lid}?asOf=2026-10-15`)).dueNow.total;
    // A line that looks up but drops every repayment: the first write waits in the queue.
    await page.route(`**/loans/${lid}/repayments`, (route) => route.abort('connectionreset'));
    const repay = async () => {
      await page.fill('[data-form=repayment] input[name=on]', '2026-10-15');
      await page.fill('[data-form=repayment] input[name=amount]', owed);
      await page.getByRole('button', { name: '登记还款' }).last().click();
    };
    await repay();
    await confirmWrite(page);
    await expect
      .poll(() => page.locator('[data-form=repayment]').innerText(), answered)
      .toContain('已保存在待发送队列');
    await go(page, '#/loans');
    await go(page, `#/loans/${lid}`);
    await repay();
    expect(await page.getByTestId('same-waiting').innerText()).toContain('相同的业务');
    expect(await queueCount()).toBe('1');
    await expectAccessible(page, 'the same write flagged');
    await page.unroute(`**/loans/${lid}/repayments`);
    await go(page, '#/queue');
    await page.getByRole('button', { name: '立即发送' }).click();
    await expect.poll(queueCount, answered).toBe('0');
    const loan = await get(`/loans/${lid}`);
    expect(loan.repayments.filter((r: any) => r.on === '2026-10-15')).toHaveLength(1);
  });

  it('reverses a mistaken repayment from the journal (日记账), with a reason and a confirmation', async () => {
    await go(page, `#/loans/${lid}`);
    const mistaken = (await get(`/loans/${lid}`)).repayments.find(
      (r: any) => r.on === '2026-10-15',
    );
    await page.locator('a[href="#/journal?from=2026-10-15&to=2026-10-15"]').click();
    await page.locator('main[data-ready="#/journal?from=2026-10-15&to=2026-10-15"]').waitFor();
    const row = page.locator('main tbody tr', { hasText: mistaken.entryId });
    expect(await row.innerText()).toContain(Money.of(mistaken.amount).format());
    await expectAccessible(page, 'journal');
    await row.getByRole('button', { name: '冲正' }).click();
    await row.locator('input[name=reason]').fill('金额记错，作废重记');
    await row.locator('[data-form=reversal] button[type=submit]').click();
    const confirm = page.getByTestId('confirm');
    expect(await confirm.innerText()).toContain(`冲正 ${mistaken.entryId}`);
    expect(await confirm.locator('[data-field=confirm-figures]').innerText()).toBe(
      Money.of(mistaken.amount).format(),
    );
    expect(await confirm.locator('[data-field=confirm-capitals]').innerText()).toBe(
      `人民币${Money.of(mistaken.amount).toChineseCapital()}`,
    );
    await expectAccessible(page, 'reversal confirmation');
    await screenshot(page, 'reversal-confirm');
    await confirmWrite(page);
    await expect.poll(() => page.locator('main tbody').innerText(), answered).toContain(`已冲正`);
    const loan = await get(`/loans/${lid}`);
    expect(loan.repayments.find((r: any) => r.id === mistaken.id).reversed).toBe(true);
    await go(page, `#/loans/${lid}`);
    expect(await page.locator('main').innerText()).toContain('已冲正');
  });

  it('shows the trial balance, balanced', async () => {
    await go(page, '#/books');
    const text = await page.locator('main').innerText();
    expect(text).toContain('借贷平衡');
    const balance = await get('/trial-balance');
    expect(text).toContain(Money.of(balance.totals.debit).format());
    await expectNoSidewaysScroll(page, 360);
    await screenshot(page, 'books');
  });

  it('shows the balance sheet, the income statement and a member statement, printable', async () => {
    const period = 'from=2026-01-01&to=2026-11-30';
    await go(page, `#/statements?${period}`);
    const sheet = await get('/balance-sheet?asOf=2026-11-30');
    const income = await get(`/income-statement?${period}`);
    const sheetText = await page.getByTestId('balance-sheet').innerText();
    expect(sheetText).toContain(Money.of(sheet.totals.assets).format());
    expect(sheetText).toContain(Money.of(sheet.totals.liabilitiesAndEquity).format());
    expect(sheetText).toContain('借贷平衡');
    const incomeText = await page.getByTestId('income-statement').innerText();
    expect(incomeText).toContain(Money.of(income.totals.income).format());
    expect(incomeText).toContain(Money.of(income.result).format());
    await expectNoSidewaysScroll(page, 360);
    await expectAccessible(page, 'statements');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.bar').isVisible()).toBe(false);
    expect(await page.getByTestId('balance-sheet').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    await go(page, `#/members/${mid}/statement?${period}`);
    const statement = await get(`/members/${mid}/statement?${period}`);
    expect(await page.locator('[data-field=repaid]').innerText()).toBe(
      Money.of(statement.totals.repaid).format(),
    );
    expect(statement.repayments.length).toBeGreaterThan(0);
    expect(await page.getByTestId('member-statement').innerText()).toContain('雷春花');
    await expectAccessible(page, 'member statement');
    await screenshot(page, 'member-statement');
  });

  it('shows the monthly 公示 and books the year-end distribution once', async () => {
    await go(page, '#/reports');
    await page.fill('input[name=month]', '2026-06');
    await page.getByRole('button', { name: '查看' }).first().click();
    const frame = page.frameLocator('.posting iframe');
    await expect
      .poll(() => frame.locator('body').innerText(), { timeout: 20_000 })
      .toContain('雷*花');
    expect(await frame.locator('body').innerText()).toContain('¥3,000.00');
    await screenshot(page, 'posting');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${aid}-2026-06.xlsx`);

    // Fee income in 2025 (a loan repaid that year), so that 2025 has something to split.
    const post = async (path: string, body: unknown) => {
      const response = await api.request('POST', `/associations/${aid}${path}`, {
        token: await token(),
        body,
        headers: { 'idempotency-key': crypto.randomUUID() },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body;
    };
    const old = await post('/loans', {
      memberId: 'm0010',
      principal: '2000.00',
      installments: 1,
      method: 'bullet',
      disbursedOn: '2025-03-01',
      approvedOn: '2025-02-27',
      boardMinute: '理事会〔2025〕2号',
      guarantorIds: ['m0007', 'm0008'],
      purpose: '购买化肥',
    });
    const payoff = await get(`/loans/${old.loan.id}?asOf=2025-04-01`);
    await post(`/loans/${old.loan.id}/repayments`, {
      amount: payoff.payoff.total,
      on: '2025-04-01',
    });

    await page.fill('input[name=year]', '2025');
    await page.getByRole('button', { name: '查看' }).last().click();
    await page.getByRole('button', { name: '过账年终分配' }).click();
    expect(await page.locator('main').innerText()).toContain('确认过账 2025 年度年终分配');
    await page.getByRole('button', { name: '过账年终分配' }).click();
    await expect
      .poll(() => page.locator('main').innerText(), { timeout: 20_000 })
      .toContain('已过账');
    const preview = await get('/distributions/2025/preview');
    expect(preview.posted?.entryId).toMatch(/^je-/);
    expect(await page.locator('main').innerText()).toContain(preview.posted.entryId);
    await screenshot(page, 'year-end');
  });

  it("lists the association's SMS", async () => {
    await expect
      .poll(
        async () => {
          await go(page, '#/sms');
          return page.locator('main').innerText();
        },
        { timeout: 20_000 },
      )
      .toContain(Money.of('3000.00').format());
    await screenshot(page, 'sms');
  });

  it('speaks English when asked, and remembers it', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('nav.tabs').innerText()).toContain('Members');
    await go(page, `#/loans/${lid}`);
    expect(await page.locator('main').innerText()).toContain('Principal outstanding');
    await screenshot(page, 'english');
    await page.reload();
    await expect.poll(() => page.locator('nav.tabs').innerText()).toContain('Members');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.locator('nav.tabs').innerText()).toContain('会员');
    expect(
      errors.filter(
        (e) =>
          !/Failed to load resource|ERR_INTERNET_DISCONNECTED|connectionreset|ERR_CONNECTION_RESET/.test(
            e,
          ),
      ),
    ).toEqual([]);
  });
});
