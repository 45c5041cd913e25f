import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { loanPosition } from '#domain/loans/position.ts';
import { contentSecurityPolicy } from '../../../functions/farmer-page/page-style.ts';
import { todayInShanghai } from '#api/today.ts';
import {
  issueLink,
  newLinkToken,
  revokeLink,
  revokeLoanLinks,
} from '../../../functions/store/loan-links.ts';
import { useLocalSystem } from '../../support/local-system.ts';
import { aid, householdIdNumber, loanWithLink } from './loan-page-fixtures.ts';

const api = useLocalSystem({ seed: ['zhuyang-01'], notifier: false });

const exactHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
};

function expectPageHeaders(headers: Headers) {
  for (const [name, value] of Object.entries(exactHeaders)) {
    expect(headers.get(name), name).toBe(value);
  }
}

/** Every item but the rate-limit counters: what a GET must leave as it found it. */
async function businessState() {
  const { store } = api.system;
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await store.db.send(
      new ScanCommand({ TableName: store.tableName, ExclusiveStartKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items
    .filter((item) => !String(item.PK).startsWith('RATE#'))
    .map((item) => JSON.stringify(item))
    .sort();
}

describe('GET /s/{token}: the farmer page through the local adapter', () => {
  it('shows the loan to the holder of the link, with the page headers, and changes nothing', async () => {
    const fixture = await loanWithLink(api.system.store, {
      lid: 'loan-page-1',
      mid: 'm9001',
    });
    const before = await businessState();
    const response = await api.request('GET', `/s/${fixture.token}`);
    expect(response.status).toBe(200);
    expectPageHeaders(response.headers);
    const html: string = response.body;
    const position = loanPosition(fixture.loan, todayInShanghai());
    expect(html).toContain('竹垟畲族乡竹垟村资金互助会');
    expect(html).toContain('借款人：雷*山');
    expect(html).not.toContain('雷大山');
    expect(html).not.toContain(householdIdNumber);
    expect(html).not.toMatch(/\d{17}[\dX]/);
    expect(html).toContain('¥12,000.00');
    expect(html).toContain(position.dueNow.total.format());
    expect(html).toContain(position.principalOutstanding.format());
    expect(html).toContain('已收到贴息</span><b>¥0.00</b>');
    expect(html).toContain('tel:13857801000');
    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(30 * 1024);
    expect(await businessState()).toEqual(before);
  });

  it('answers an unknown, a tampered or a malformed token with the plain 404 page', async () => {
    const { token } = await loanWithLink(api.system.store, { lid: 'loan-page-2', mid: 'm9002' });
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const malformed = ['short', '%3Cscript%3E', 'A'.repeat(300), token.repeat(12)];
    for (const candidate of [newLinkToken(), flipped, token.slice(1), ...malformed]) {
      const response = await api.request('GET', `/s/${candidate}`);
      expect(response.status, candidate).toBe(404);
      expectPageHeaders(response.headers);
      expect(response.body).toContain('链接无效');
      expect(response.body).not.toContain('互助会</h1>');
    }
  });

  it('keeps a link for 30 days after payoff, then answers 410 with whom to ask', async () => {
    const { store } = api.system;
    const within = await loanWithLink(store, {
      lid: 'loan-page-3',
      mid: 'm9003',
      closedDaysAgo: 30,
    });
    expect((await api.request('GET', `/s/${within.token}`)).status).toBe(200);

    const expired = await loanWithLink(store, {
      lid: 'loan-page-4',
      mid: 'm9004',
      closedDaysAgo: 31,
    });
    const response = await api.request('GET', `/s/${expired.token}`);
    expect(response.status).toBe(410);
    expectPageHeaders(response.headers);
    expect(response.body).toContain('链接已过期');
    expect(response.body).toContain('13857801000');
    expect(response.body).not.toContain('¥');
    // And no new link is issued for it.
    expect(
      await issueLink(store, aid, 'loan-page-4', new Date(), todayInShanghai()),
    ).toBeUndefined();
    // Nor through the API: the treasurer is told why (LOAN_LINK_EXPIRED).
    await loanWithLink(store, { lid: 'l9904', mid: 'm9014', closedDaysAgo: 31 });
    const refused = await api.request('POST', `/associations/${aid}/loans/l9904/links`, {
      token: await api.login('treasurer-01'),
      body: {},
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body).toMatchObject({ status: 422, code: 'LOAN_LINK_EXPIRED' });
  });

  it('revokes every link of a loan at once, and a new one works', async () => {
    const { store } = api.system;
    const fixture = await loanWithLink(store, { lid: 'loan-page-5', mid: 'm9005' });
    const second = await issueLink(store, aid, 'loan-page-5', new Date(), todayInShanghai());
    expect(await revokeLoanLinks(store, aid, 'loan-page-5')).toBe(true);
    for (const token of [fixture.token, second!]) {
      const response = await api.request('GET', `/s/${token}`);
      expect(response.status).toBe(410);
      expectPageHeaders(response.headers);
      expect(response.body).toContain('链接已停用');
      expect(response.body).toContain('13857801000');
    }
    const fresh = await issueLink(store, aid, 'loan-page-5', new Date(), todayInShanghai());
    expect((await api.request('GET', `/s/${fresh}`)).status).toBe(200);
  });

  it('revokes a single token', async () => {
    const { store } = api.system;
    const fixture = await loanWithLink(store, { lid: 'loan-page-6', mid: 'm9006' });
    const other = await issueLink(store, aid, 'loan-page-6', new Date(), todayInShanghai());
    expect(await revokeLink(store, fixture.token, new Date())).toBe(true);
    expect((await api.request('GET', `/s/${fixture.token}`)).status).toBe(410);
    expect((await api.request('GET', `/s/${other}`)).status).toBe(200);
    expect(await revokeLink(store, newLinkToken(), new Date())).toBe(false);
  });

  it('stores only the hash of a token, never the token', async () => {
    const fixture = await loanWithLink(api.system.store, { lid: 'loan-page-7', mid: 'm9007' });
    const everything = (await businessState()).join('\n');
    expect(everything).not.toContain(fixture.token);
    expect(fixture.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
