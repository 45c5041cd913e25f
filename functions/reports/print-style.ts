/**
 * The printable pages' only style, and their headers. Like the farmer's page: one <style>
 * whose SHA-256 is in the Content-Security-Policy, no script, nothing fetched. Sized for A4:
 * 210 mm less 2 × 12 mm margins leaves 186 mm for the tables, on screen and on paper.
 */
import { createHash } from 'node:crypto';

export const printCss =
  '@page{size:A4;margin:14mm 12mm}' +
  'html{-webkit-text-size-adjust:100%}' +
  'body{margin:0;background:#fff;color:#111;' +
  'font:13px/1.5 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif}' +
  'main{max-width:186mm;margin:0 auto;padding:8px}' +
  'h1{font-size:19px;text-align:center;margin:4px 0 0}' +
  '.title{font-size:16px;text-align:center;margin:2px 0 4px;font-weight:600}' +
  '.meta{text-align:center;color:#333;margin:0 0 6px;font-size:12px}' +
  'h2{font-size:14px;margin:12px 0 4px;border-left:4px solid #2f6f4f;padding-left:6px}' +
  'table{width:100%;border-collapse:collapse;table-layout:fixed;font-size:11.5px}' +
  'th,td{border:1px solid #777;padding:2px 4px;vertical-align:top;overflow-wrap:anywhere}' +
  'th{background:#eef2ee;font-weight:600;text-align:center}' +
  '.num{text-align:right;font-variant-numeric:tabular-nums}' +
  '.n{width:2.4em;text-align:center}' +
  'tfoot td{font-weight:600;background:#f6f6f2}' +
  '.none{color:#555;margin:2px 0 0}' +
  '.fund{display:grid;grid-template-columns:1fr 1fr;gap:8px;align-items:start;margin-bottom:8px}' +
  '.sign{display:grid;grid-template-columns:repeat(4,1fr);gap:8px;margin-top:22px}' +
  'footer{margin-top:10px;font-size:11.5px;color:#333}' +
  'footer p{margin:2px 0}' +
  '@media print{main{max-width:none;padding:0}h2{break-after:avoid}tr{break-inside:avoid}' +
  'thead{display:table-header-group}th,tfoot td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}';

export const printCssHash = createHash('sha256').update(printCss, 'utf8').digest('base64');

/** Every printable page: no script, no image, nothing fetched, never framed or cached. */
export const printPageHeaders: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    `default-src 'none'; style-src 'sha256-${printCssHash}'; img-src 'none'; ` +
    `base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
};
