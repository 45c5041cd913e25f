/**
 * The monthly 公示 of July 2025 for the demo year, as members see it on the notice board:
 * rendered by Debian's Chromium (headless, playwright-core), checked for the hand-worked
 * figures and the masked names, printed to A4 (the PDF and a screenshot are kept under
 * test-artifacts/, which git ignores), and its XLSX read back against the page.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskName } from '#domain/members/household.ts';
import { Money } from '#domain/money.ts';
import { launchChromium } from '../../support/browser.ts';
import { useLocalSystem } from '../../support/local-system.ts';
import { trialBalanceOf } from '../../support/ledger-invariants.ts';
import { aid, bookDemoYear, incomeBetween, loans, repayments, treasurer } from './demo-year.ts';

const executablePath = '/usr/bin/chromium';
const artifacts = 'test-artifacts';
const api = useLocalSystem({ seed: ['zhuyang-02', 'zhuyang-03', 'zhuyang-05'], notifier: false });
const path = `/associations/${aid}/public-postings/2025-07`;
let browser: Browser;
let loanIds: Map<string, string>;
const names = new Map<string, string>();

beforeAll(async () => {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is missing at ${executablePath}: sudo apt-get install chromium`);
  }
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
  loanIds = await bookDemoYear(api);
  const token = await api.login(treasurer);
  for (const loan of loans) {
    const member = await api.request('GET', `/associations/${aid}/members/${loan.memberId}`, {
      token,
    });
    names.set(loan.memberId, member.body.name);
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

/** Opens the page as a signed-in user would (the token as a header), A4 wide. */
async function open(): Promise<{ page: Page; status: number; console: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 794, height: 1123 },
    locale: 'zh-CN',
    extraHTTPHeaders: { authorization: `Bearer ${await api.login('auditor')}` },
  });
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (message) => console.push(message.text()));
  const response = await page.goto(`${api.system.url}${path}`);
  return { page, status: response?.status() ?? 0, console };
}

const tableCells = (page: Page, id: string) =>
  page.$$eval(`#${id} tbody tr`, (rows) =>
    rows.map((row) => Array.from(row.querySelectorAll('td'), (c) => (c as Cell).textContent ?? '')),
  );

/** A table cell as the browser gives it (the tests compile without the DOM library). */
interface Cell {
  textContent: string | null;
}

const yuan = (text: string) => Money.of(text).format();
const masked = (memberId: string) => maskName(names.get(memberId) ?? '');
const loanOf = (key: string) => loans.find((l) => l.key === key)!;

/** July's repayments from the plan, in date order: the figures the page must show. */
const july = repayments
  .filter((r) => r.on >= '2025-07-01' && r.on <= '2025-07-31')
  .sort((a, b) => (a.on < b.on ? -1 : 1));

describe('the 公示 of July 2025', () => {
  it('shows the month’s loans, repayments and overdue loans, names masked', async () => {
    const { page, status, console } = await open();
    expect(status).toBe(200);
    expect(console).toEqual([]); // no CSP violation, nothing blocked
    const html = await page.content();
    expect(html).not.toContain('<script');
    const text = await page.locator('body').innerText();
    expect(text).toContain('竹垟畲族乡盖竹村资金互助会');
    expect(text).toContain('2025年7月借款、还款公示');

    // One loan made: L8, 5000 over 10 months at 6‰, 等额本金.
    const made = await tableCells(page, 'loans-made');
    const l8 = loanOf('L8');
    expect(made).toEqual([
      [
        '1',
        loanIds.get('L8'),
        masked('m0036'),
        '2025-07-10',
        '¥5,000.00',
        '10',
        '6‰',
        '等额本金',
        l8.purpose,
      ],
    ]);

    // Six repayments: 30 + 30 + 5030 + 1033 + 518 + 1018 = 7659.00; L7 paid 10 days late.
    expect(july.map((r) => r.on)).toEqual([
      '2025-07-05',
      '2025-07-08',
      '2025-07-10',
      '2025-07-11',
      '2025-07-15',
      '2025-07-20',
    ]);
    const repaid = await tableCells(page, 'repayments');
    expect(repaid).toEqual(
      july.map((r, i) => {
        const total = Money.of(r.principal)
          .plus(Money.of(r.fee))
          .plus(Money.of(r.penalty ?? '0.00'));
        return [
          String(i + 1),
          r.on,
          loanIds.get(r.loan.key),
          masked(r.loan.memberId),
          total.format(),
          yuan(r.principal),
          yuan(r.fee),
          yuan(r.penalty ?? '0.00'),
        ];
      }),
    );
    expect(repaid[3]?.slice(4)).toEqual(['¥1,033.00', '¥1,000.00', '¥32.00', '¥1.00']);
    const repaidTotal = await page.$$eval('#repayments tfoot td', (cells) =>
      cells.map((c) => c.textContent),
    );
    expect(repaidTotal).toEqual(['合计', '¥7,659.00', '¥7,500.00', '¥158.00', '¥1.00']);

    // Overdue at 31 July: L6, unpaid since its second installment (12 May): 80 days, three
    // installments of 200 overdue, 1000 outstanding.
    expect(await tableCells(page, 'overdue')).toEqual([
      [
        '1',
        loanIds.get('L6'),
        masked('m0026'),
        '2025-03-12',
        '2025-05-12',
        '80',
        '¥600.00',
        '¥1,000.00',
      ],
    ]);

    // No full name of any borrower is on the page.
    for (const loan of loans) {
      const name = names.get(loan.memberId) ?? '';
      expect(name.length).toBeGreaterThan(1);
      expect(text, loan.memberId).not.toContain(name);
    }

    // The fund on 31 July: loans out 2500 + 5000 + 2000 + 5000 + 1000 + 4000 + 5000.
    const indicators = await tableCells(page, 'indicators');
    const ytd = incomeBetween('2025-01-01', '2025-07-31');
    expect(indicators).toEqual([['7', '¥24,500.00', '¥600.00', '2.45%', '¥159.00', ytd.format()]]);
    const uses = Object.fromEntries(
      (await page.$$eval('#fund-uses tbody tr', (rows) =>
        rows.map((r) => Array.from(r.querySelectorAll('td'), (c) => (c as Cell).textContent ?? '')),
      )) as [string, string][],
    );
    const trial = await trialBalanceOf(api, aid, await api.login('auditor'), '2025-07-31');
    const debit = (code: string) => Money.of(trial.accounts.find((a) => a.code === code)!.debit);
    expect(uses).toEqual({
      现金: debit('1001').format(),
      银行存款: debit('1002').format(),
      借出互助金: '¥24,500.00',
    });
    const totals = await page.$$eval('.fund tfoot td:last-child', (cells) =>
      cells.map((c) => c.textContent),
    );
    const assets = debit('1001').plus(debit('1002')).plus(Money.of('24500.00'));
    expect(totals).toEqual([assets.format(), assets.format()]);
    await page.context().close();
  });

  it('prints on A4 without spilling over the printable width, and keeps the PDF', async () => {
    const { page } = await open();
    await page.emulateMedia({ media: 'print' });
    // 210 mm less two 12 mm margins is 186 mm, 703 px at 96 dpi.
    await page.setViewportSize({ width: 703, height: 1000 });
    const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    expect(width).toBeLessThanOrEqual(703);
    await page.screenshot({
      path: `${artifacts}/public-posting-${aid}-2025-07.png`,
      fullPage: true,
    });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(`${artifacts}/public-posting-${aid}-2025-07.pdf`, pdf);
    const source = pdf.toString('latin1');
    expect(source.startsWith('%PDF-')).toBe(true);
    // A4 is 595.28 × 841.89 pt; Chromium writes it rounded to its own units.
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(source);
    expect(box).not.toBeNull();
    expect(Math.abs(Number(box?.[1]) - 595.28)).toBeLessThan(1);
    expect(Math.abs(Number(box?.[2]) - 841.89)).toBeLessThan(1.5);
    await page.context().close();
  });

  it('serves the page with a strict policy: no script, nothing fetched, no caching', async () => {
    const response = await api.request('GET', path, { token: await api.login('supervisor') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('script-src');
    const stranger = await api.request('GET', path, { token: await api.login('treasurer-05') });
    expect(stranger.status).toBe(403);
    const future = await api.request('GET', `/associations/${aid}/public-postings/2099-01`, {
      token: await api.login(treasurer),
    });
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('POSTING_MONTH_NOT_STARTED');
  });

  it('gives the same figures as a spreadsheet', async () => {
    const response = await fetch(`${api.system.url}${path}?format=xlsx`, {
      headers: { authorization: `Bearer ${await api.login(treasurer)}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toContain(`${aid}-2025-07.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      '放款',
      '还款',
      '逾期',
      '核销',
      '资金状况',
    ]);

    // Every sheet's data rows, amounts back as page text (¥1,033.00).
    const rows = (name: string) => {
      const out: string[][] = [];
      workbook.getWorksheet(name)!.eachRow((row, n) => {
        if (n <= 3) return;
        // row.values is sparse and 1-based: Array.from fills the holes.
        out.push(
          Array.from((row.values as unknown[]).slice(1), (v, i) =>
            typeof v === 'number' && row.getCell(i + 1).numFmt === '#,##0.00'
              ? Money.of(v.toFixed(2)).format()
              : String(v ?? ''),
          ),
        );
      });
      return out;
    };
    const { page } = await open();
    const dataAndTotal = async (id: string) => [
      ...(await tableCells(page, id)),
      (await page.$$eval(`#${id} tfoot td`, (cells) =>
        cells.flatMap((c) =>
          Array.from({ length: Number(c.getAttribute('colspan') ?? 1) }, (_, i) =>
            i === 0 ? (c.textContent ?? '') : '',
          ),
        ),
      )) as string[],
    ];
    const trim = (table: string[][]) => table.map((r) => r.map((c) => c.trim()));
    const strip = (table: string[][]) => trim(table).map((r) => r.slice(0, lastFilled(r) + 1));
    expect(strip(rows('还款'))).toEqual(strip(await dataAndTotal('repayments')));
    expect(strip(rows('逾期'))).toEqual(strip(await dataAndTotal('overdue')));
    expect(strip(rows('放款'))).toEqual(strip(await dataAndTotal('loans-made')));
    expect(rows('核销')).toEqual([]);
    const fund = Object.fromEntries(rows('资金状况').map(([k, v]) => [k, v]));
    expect(fund).toMatchObject({
      借出互助金: '¥24,500.00',
      在贷笔数: '7',
      逾期本金: '¥600.00',
      逾期率: '2.45%',
      本月占用费收入: '¥159.00',
    });
    await page.context().close();

    // The JSON form holds the same figures too.
    const json = await api.request('GET', `${path}?format=json`, {
      token: await api.login(treasurer),
    });
    expect(json.body.totals.repayments).toEqual({
      count: 6,
      amount: '7659.00',
      principal: '7500.00',
      fee: '158.00',
      penalty: '1.00',
    });
  });
});

function lastFilled(row: string[]): number {
  for (let i = row.length - 1; i >= 0; i -= 1) if (row[i] !== '') return i;
  return -1;
}
