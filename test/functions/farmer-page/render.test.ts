import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  pageCss,
  pageCssHash,
} from '../../../functions/farmer-page/page-style.ts';
import {
  renderGonePage,
  renderLoanPage,
  renderNotFoundPage,
  renderTooManyRequestsPage,
} from '../../../functions/farmer-page/render.ts';
import { Money } from '#domain/money.ts';
import { longLoanView, overdueLoanView } from './page-fixtures.ts';

const idNumber = /\d{17}[\dX]/;

describe('the farmer page, rendered', () => {
  const html = renderLoanPage(overdueLoanView());

  it('shows the association, the masked household, and every figure of the loan', () => {
    expect(html).toContain('<h1>竹垟畲族乡竹垟村资金互助会</h1>');
    expect(html).toContain('借款人：雷*山');
    expect(html).not.toContain('雷大山');
    for (const figure of [
      '¥12,000.00', // the loan
      '¥3,164.86', // owed now
      '¥9,088.51', // principal outstanding
      '¥120.00', // subsidy received
      '2024年4月30日', // next due date…
      '¥3,151.49', // …and amount
      '¥2,911.49', // the schedule's principal and fee
      '¥240.00',
      '¥61.79',
      '¥3,151.47',
      '2024-02-29', // the repayment and the schedule's dates
      '2024-05-31',
      '已逾期 5 天',
      '数据截至2024年4月5日', // as of
      'tel:13857801000', // the treasurer
    ]) {
      expect(html, figure).toContain(figure);
    }
  });

  it('says what 贴息 the association holds for the household, only when it holds some', () => {
    expect(html).not.toContain('待领取');
    const held = renderLoanPage({ ...overdueLoanView(), subsidyHeld: Money.of('270.00') });
    expect(held).toContain('另有¥270.00已到账，待领取');
  });

  it('has no script, no inline style attribute, no image, no form, and no ID number', () => {
    expect(html).not.toMatch(/<script|style="|<img|<form|<iframe|\son\w+=/i);
    expect(html).not.toMatch(idNumber);
    expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
  });

  it('carries exactly the style whose hash the Content-Security-Policy allows', () => {
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(styles).toEqual([pageCss]);
    const hash = createHash('sha256').update(styles[0]!, 'utf8').digest('base64');
    expect(hash).toBe(pageCssHash);
    expect(contentSecurityPolicy).toBe(
      `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; base-uri 'none'; ` +
        "form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('stays under 30 KB, even for 60 installments and 59 repayments', () => {
    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(8 * 1024);
    const long = renderLoanPage(longLoanView());
    expect(long.match(/<tr/g)?.length).toBe(1 + 60 + 1 + 59);
    expect(Buffer.byteLength(long, 'utf8')).toBeLessThan(30 * 1024);
  });

  it('escapes whatever comes from data', () => {
    const view = { ...overdueLoanView(), associationName: '<b>"互助"&会</b>' };
    const page = renderLoanPage(view);
    expect(page).toContain('&lt;b&gt;&quot;互助&quot;&amp;会&lt;/b&gt;');
    expect(page).not.toContain('<b>"互助"');
  });

  it('the 404, 410 and 429 pages say what to do, and name nobody on a 404', () => {
    const notFound = renderNotFoundPage();
    expect(notFound).toContain('链接无效');
    expect(notFound).not.toMatch(/1[3-9]\d{9}/);
    const expired = renderGonePage({
      reason: 'expired',
      associationName: '竹垟畲族乡竹垟村资金互助会',
      treasurerPhone: '13857801000',
    });
    expect(expired).toContain('链接已过期');
    expect(expired).toContain('30 天后');
    expect(expired).toContain('tel:13857801000');
    expect(
      renderGonePage({ reason: 'revoked', associationName: 'x', treasurerPhone: '1' }),
    ).toContain('链接已停用');
    expect(renderTooManyRequestsPage()).toContain('一分钟后');
  });
});
