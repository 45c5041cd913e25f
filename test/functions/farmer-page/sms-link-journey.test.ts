/**
 * The farmer's journey end to end: a treasurer records a loan and a repayment through the API,
 * the local notifier "sends" the SMS, and the link in the receipt opens the loan page in a real
 * browser on a 360×640 phone.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../support/browser.ts';
import { useLocalSystem } from '../../support/local-system.ts';

const api = useLocalSystem({ seed: ['zhuyang-03'] });
const aid = 'zhuyang-03';
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

async function sentMessages(
  count: number,
): Promise<{ text: string; template: string; to: string }[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const outbox = await api.request('GET', `/local/outbox?associationId=${aid}`);
    const sent = outbox.body.messages.filter((m: { status: string }) => m.status === 'sent');
    if (sent.length >= count) return sent;
    if (Date.now() > deadline)
      throw new Error(`only ${sent.length} sent: ${JSON.stringify(outbox.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the SMS link', () => {
  it('carries the farmer from the receipt to a loan page that fits a phone', async () => {
    const token = await api.login('treasurer-03');
    const post = (path: string, body: unknown) =>
      api.request('POST', `/associations/${aid}${path}`, {
        token,
        body,
        headers: { 'idempotency-key': randomUUID() },
      });
    const loan = await post('/loans', {
      memberId: 'm0001',
      principal: '4800.00',
      rate: { monthlyPermille: '6' },
      installments: 12,
      method: 'equal-principal',
      disbursedOn: '2026-09-15',
      approvedOn: '2026-09-12',
      boardMinute: '理事会〔2026〕9号',
      guarantorIds: ['m0002', 'm0003'],
      purpose: '茶园施肥',
    });
    expect(loan.status, JSON.stringify(loan.body)).toBe(201);
    const lid = loan.body.loan.id;
    const repaid = await post(`/loans/${lid}/repayments`, { amount: '428.80', on: '2026-10-15' });
    expect(repaid.status, JSON.stringify(repaid.body)).toBe(201);

    const messages = await sentMessages(2);
    const receipt = messages.find((m) => m.text.includes('428.80'));
    expect(receipt, JSON.stringify(messages)).toBeDefined();
    expect(receipt!.text).not.toMatch(/\d{17}[\dX]/);
    const link = /https?:\/\/\S+\/s\/[A-Za-z0-9_-]{22,}/.exec(receipt!.text)?.[0];
    expect(link, receipt!.text).toBeDefined();

    const context = await browser.newContext({
      viewport: { width: 360, height: 640 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const response = await page.goto(link!);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['cache-control']).toBe('no-store');
    const text = await page.locator('body').innerText();
    expect(text).toContain('¥4,800.00');
    expect(text).toContain('¥428.80');
    expect(text).toContain('竹垟畲族乡黄南村资金互助会');
    expect(text).not.toMatch(/\d{17}[\dX]/);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(360);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/farmer-page-from-sms.png', fullPage: true });
    expect(existsSync('test-artifacts/farmer-page-from-sms.png')).toBe(true);
    await context.close();

    // The phone was lost: the treasurer revokes every link and hands over a new one.
    const issued = await post(`/loans/${lid}/links`, { revokeEarlier: true });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({
      revokedEarlier: true,
      path: expect.stringMatching(/^\/s\//),
    });
    expect((await api.request('GET', new URL(link!).pathname)).status).toBe(410);
    const fresh = await api.request('GET', issued.body.path);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toContain('¥4,800.00');

    // A new number and no more reminders: both apply from the next message on.
    const changed = await api.request('PATCH', `/associations/${aid}/members/m0001`, {
      token,
      body: { mobile: '13912345678', remindersOptOut: true },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.mobile).toBe('13912345678');
    const next = await post(`/loans/${lid}/repayments`, { amount: '100.00', on: '2026-11-20' });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    const after = await sentMessages(3);
    expect(after.find((m) => m.text.includes('100.00'))?.to).toBe('13912345678');
  });
});
