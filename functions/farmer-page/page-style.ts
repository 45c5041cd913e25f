/**
 * The farmer page's only style, and the page headers. The style is one <style> element whose
 * SHA-256 is in the Content-Security-Policy: no 'unsafe-inline', no script, no image, no
 * form, no frame, nothing fetched.
 */
import { createHash } from 'node:crypto';

export const pageCss =
  'html{-webkit-text-size-adjust:100%}' +
  'body{margin:0;background:#f5f5f0;color:#1b1b1b;' +
  'font:15px/1.55 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif}' +
  'main{max-width:40rem;margin:0 auto;padding:12px}' +
  'header{border-bottom:2px solid #2f6f4f;margin-bottom:10px;padding-bottom:6px}' +
  'h1{font-size:1.15rem;margin:0;color:#2f6f4f}' +
  'h2{font-size:1rem;margin:18px 0 6px}' +
  'p{margin:4px 0}' +
  '.who{color:#444}' +
  '.cards{display:grid;grid-template-columns:1fr 1fr;gap:8px}' +
  '.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px;min-width:0}' +
  '.card b{display:block;font-size:1.1rem;overflow-wrap:anywhere}' +
  '.card span{color:#555;font-size:.85rem}' +
  '.due b{color:#a33b00}' +
  '.status{margin:10px 0;padding:8px;border-radius:6px;background:#e8f3ec}' +
  '.status.overdue{background:#fbe9e2;color:#8a2a00}' +
  'table{width:100%;border-collapse:collapse;table-layout:fixed;background:#fff;font-size:.9rem}' +
  'th,td{border-bottom:1px solid #e2e2e2;padding:5px 4px;text-align:left;vertical-align:top;' +
  'overflow-wrap:anywhere}' +
  'th{background:#eef2ee;font-weight:600}' +
  '.n{width:2.2em}.st{width:4.4em}.d{width:6.6em}' +
  '.num{text-align:right}' +
  'small{display:block;color:#666;font-size:.78rem}' +
  '.overdue-row td{color:#8a2a00}' +
  'footer{margin-top:16px;color:#555;font-size:.85rem}' +
  'a{color:#2f6f4f}';

export const pageCssHash = createHash('sha256').update(pageCss, 'utf8').digest('base64');

export const contentSecurityPolicy =
  `default-src 'none'; style-src 'sha256-${pageCssHash}'; img-src 'none'; ` +
  `base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** Every answer of GET /s/{token}: 200, 404, 410 and 429 alike. */
export const pageHeaders: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
};
