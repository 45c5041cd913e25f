/**
 * The monthly 公示 as a printable A4 page: server-rendered HTML, one hashed style, no script.
 * Pure: the posting in, the HTML out; every text that comes from data is escaped.
 */
import { chineseDate } from '#domain/messages/templates.ts';
import type { Money } from '#domain/money.ts';
import type { PublicPosting } from '#domain/reports/public-posting.ts';
import { escapeHtml } from '../farmer-page/render.ts';
import { printCss } from './print-style.ts';

/** Column headings of each table, shared with the spreadsheet so the two never differ. */
export const postingColumns = {
  loansMade: [
    '序号',
    '借款编号',
    '借款人',
    '放款日期',
    '金额（元）',
    '期限（月）',
    '月占用费率',
    '还款方式',
    '用途',
  ],
  repayments: [
    '序号',
    '还款日期',
    '借款编号',
    '借款人',
    '还款金额（元）',
    '其中本金',
    '占用费',
    '加收占用费',
  ],
  overdue: [
    '序号',
    '借款编号',
    '借款人',
    '放款日期',
    '逾期起始日',
    '逾期天数',
    '逾期本金（元）',
    '剩余本金（元）',
  ],
  writeOffs: ['序号', '核销日期', '借款编号', '借款人', '核销本金（元）'],
} as const;

export function postingTitle(posting: PublicPosting): string {
  const [year, month] = posting.month.split('-');
  return `${year}年${Number(month)}月借款、还款公示`;
}

const cell = (value: string | number, className = '') =>
  `<td${className ? ` class="${className}"` : ''}>${escapeHtml(String(value))}</td>`;
const amount = (value: Money) => cell(value.format(), 'num');

function table(
  id: string,
  columns: readonly string[],
  rows: string[][],
  footer: string[] | undefined,
  empty: string,
  numbered = true,
): string {
  if (rows.length === 0) return `<p class="none" id="${id}">${escapeHtml(empty)}</p>`;
  const head = columns
    .map((c, i) => `<th${numbered && i === 0 ? ' class="n"' : ''}>${escapeHtml(c)}</th>`)
    .join('');
  const body = rows.map((cells) => `<tr>${cells.join('')}</tr>`).join('');
  const foot = footer ? `<tfoot><tr>${footer.join('')}</tr></tfoot>` : '';
  return `<table id="${id}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody>${foot}</table>`;
}

const serial = (i: number) => cell(i + 1, 'n');
const span = (count: number, text: string) => `<td colspan="${count}">${escapeHtml(text)}</td>`;

function loansMadeSection({ loansMade, totals }: PublicPosting): string {
  return (
    `<h2>一、本月放款（${totals.loansMade.count} 笔）</h2>` +
    table(
      'loans-made',
      postingColumns.loansMade,
      loansMade.map((l, i) => [
        serial(i),
        cell(l.loanId),
        cell(l.borrower),
        cell(l.disbursedOn),
        amount(l.principal),
        cell(l.termMonths, 'num'),
        cell(`${l.monthlyPermille}‰`, 'num'),
        cell(l.method),
        cell(l.purpose),
      ]),
      [span(4, '合计'), amount(totals.loansMade.principal), span(4, '')],
      '本月没有放款。',
    )
  );
}

function repaymentsSection({ repayments, totals }: PublicPosting): string {
  return (
    `<h2>二、本月还款（${totals.repayments.count} 笔）</h2>` +
    table(
      'repayments',
      postingColumns.repayments,
      repayments.map((r, i) => [
        serial(i),
        cell(r.on),
        cell(r.loanId),
        cell(r.borrower),
        amount(r.amount),
        amount(r.principal),
        amount(r.fee),
        amount(r.penalty),
      ]),
      [
        span(4, '合计'),
        amount(totals.repayments.amount),
        amount(totals.repayments.principal),
        amount(totals.repayments.fee),
        amount(totals.repayments.penalty),
      ],
      '本月没有收到还款。',
    )
  );
}

function overdueSection({ overdue, totals }: PublicPosting, asOf: string): string {
  return (
    `<h2>三、逾期借款（截至${asOf}，${totals.overdue.count} 笔）</h2>` +
    table(
      'overdue',
      postingColumns.overdue,
      overdue.map((o, i) => [
        serial(i),
        cell(o.loanId),
        cell(o.borrower),
        cell(o.disbursedOn),
        cell(o.overdueSince),
        cell(o.overdueDays, 'num'),
        amount(o.overduePrincipal),
        amount(o.principalOutstanding),
      ]),
      [
        span(6, '合计'),
        amount(totals.overdue.overduePrincipal),
        amount(totals.overdue.principalOutstanding),
      ],
      '没有逾期借款。',
    )
  );
}

/** Unnumbered on purpose: a month with no write-off shows no heading at all. */
function writeOffsSection({ writeOffs }: PublicPosting): string {
  if (writeOffs.length === 0) return '';
  return (
    `<h2>本月核销（由风险准备金承担）</h2>` +
    table(
      'write-offs',
      postingColumns.writeOffs,
      writeOffs.map((w, i) => [
        serial(i),
        cell(w.on),
        cell(w.loanId),
        cell(w.borrower),
        amount(w.principal),
      ]),
      undefined,
      '',
    )
  );
}

function fundSection({ fund }: PublicPosting, asOf: string): string {
  return (
    `<h2>四、资金状况（截至${asOf}）</h2>` +
    '<div class="fund">' +
    table(
      'fund-uses',
      ['资金运用', '金额（元）'],
      fund.uses.map((r) => [cell(r.name), amount(r.amount)]),
      [cell('合计'), amount(fund.total)],
      '',
      false,
    ) +
    table(
      'fund-sources',
      ['资金来源', '金额（元）'],
      fund.sources.map((r) => [cell(r.name), amount(r.amount)]),
      [cell('合计'), amount(fund.total)],
      '',
      false,
    ) +
    '</div>' +
    table(
      'indicators',
      [
        '在贷笔数',
        '在贷本金（元）',
        '逾期本金（元）',
        '逾期率',
        '本月占用费收入',
        '本年累计占用费收入',
      ],
      [
        [
          cell(fund.openLoans, 'num'),
          amount(fund.principalOutstanding),
          amount(fund.overduePrincipal),
          cell(`${fund.overdueRatePercent}%`, 'num'),
          amount(fund.feeIncomeMonth),
          amount(fund.feeIncomeYearToDate),
        ],
      ],
      undefined,
      '',
      false,
    )
  );
}

function pageHeader(posting: PublicPosting, asOf: string): string {
  const title = postingTitle(posting);
  return (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">' +
    `<title>${escapeHtml(`${posting.associationName} ${title}`)}</title>` +
    `<style>${printCss}</style></head><body><main>` +
    `<h1>${escapeHtml(posting.associationName)}</h1>` +
    `<p class="title">${escapeHtml(title)}</p>` +
    `<p class="meta">公示期间：${chineseDate(posting.from)}至${chineseDate(posting.to)}；` +
    `数据截至${asOf}${posting.complete ? '' : '（本月尚未结束）'}</p>`
  );
}

function pageFooter(posting: PublicPosting): string {
  return (
    '<footer><p>本表由系统根据本会账簿自动生成，金额单位：元。借款人姓名已作部分遮盖。</p>' +
    '<p>会员如有疑问或异议，请于公示之日起七日内向本会监事会反映；' +
    `出纳电话：${escapeHtml(posting.treasurerPhone)}。</p></footer>` +
    '<div class="sign"><span>出纳：</span><span>理事长：</span><span>监事长：</span>' +
    '<span>公示日期：</span></div>' +
    '</main></body></html>'
  );
}

export function renderPublicPosting(posting: PublicPosting): string {
  const asOf = chineseDate(posting.asOf);
  return (
    pageHeader(posting, asOf) +
    loansMadeSection(posting) +
    repaymentsSection(posting) +
    overdueSection(posting, asOf) +
    writeOffsSection(posting) +
    fundSection(posting, asOf) +
    pageFooter(posting)
  );
}
