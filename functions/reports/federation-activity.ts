/**
 * GET /federations/{fid}/activity-report: the federation's cumulative activity, what a county
 * asks it for (domain/federation/activity-report.ts), as data, an Excel workbook or an A4 page.
 * Cumulative by default: from the federation's founding to today.
 */
import ExcelJS from 'exceljs';
import {
  activityReport,
  type ActivityReport,
  type ActivityRow,
} from '#domain/federation/activity-report.ts';
import { chineseDate } from '#domain/messages/templates.ts';
import { Money } from '#domain/money.ts';
import { todayInShanghai } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import { escapeHtml } from '../farmer-page/render.ts';
import { implement, type Reply } from '../http/area-handler.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { requireFederationScope } from '../http/scope.ts';
import { listAssociations, loadFederation } from '../store/associations.ts';
import type { Store } from '../store/client.ts';
import { listFederationEntries } from '../store/federation.ts';
import { allLoans, allMembers, journalUpTo } from '../store/reports.ts';
import { printCss, printPageHeaders } from './print-style.ts';
import { plain } from './views.ts';

/** Column headings, shared by the page and the workbook so the two never differ. */
const columns = [
  '互助会',
  '借款户数',
  '借款笔数',
  '借款金额（元）',
  '按期还款户数',
  '按期还款金额（元）',
  '占用费收入（元）',
  '低收入农户户数',
  '核销笔数',
  '核销本金（元）',
] as const;

type Figures = Omit<ActivityRow, 'associationId' | 'name'>;
const cellsOf = (name: string, f: Figures): (string | number | Money)[] => [
  name,
  f.lent.households,
  f.lent.loans,
  f.lent.amount,
  f.repaidOnMaturity.households,
  f.repaidOnMaturity.amount,
  f.feeIncome,
  f.lowIncomeHouseholdsServed,
  f.writtenOff.loans,
  f.writtenOff.amount,
];

const titleOf = (name: string, report: ActivityReport) =>
  `${name} 互助资金运行情况（${chineseDate(report.from)}至${chineseDate(report.to)}）`;

async function reportFor(store: Store, fid: string, query: { from?: string; to?: string }) {
  const federation = await loadFederation(store, fid);
  if (!federation) throw new HttpProblem(problems.notFound('FEDERATION_NOT_FOUND', '联合会不存在'));
  const to = query.to ?? todayInShanghai();
  const from = query.from ?? String(federation.foundedOn ?? '2000-01-01');
  const associations = await listAssociations(store, fid);
  // One association at a time: a federation has a handful, each read in three queries.
  const inputs = [];
  for (const association of associations) {
    const [loans, members, entries] = await Promise.all([
      allLoans(store, association.id),
      allMembers(store, association.id),
      journalUpTo(store, association.id, to),
    ]);
    inputs.push({ associationId: association.id, name: association.name, loans, members, entries });
  }
  const report = activityReport(inputs, await listFederationEntries(store, fid), from, to);
  return { federation, report };
}

async function workbook(name: string, report: ActivityReport): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('运行情况', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1 },
  });
  sheet.addRow([titleOf(name, report)]).font = { bold: true, size: 14 };
  sheet.addRow([...columns]).font = { bold: true };
  // Amounts as numbers so a clerk can sum them (see reports/public-posting-xlsx.ts on why
  // a double holds these to the 分).
  const write = (cells: (string | number | Money)[]) =>
    sheet.addRow(cells.map((c) => (c instanceof Money ? Number(c.toString()) : c)));
  report.associations.forEach((row) => write(cellsOf(row.name, row)));
  write(cellsOf('合计', report.totals)).font = { bold: true };
  const fund = report.riskFund;
  sheet.addRow([]);
  const fundRows: [string, Money][] = [
    ['风险基金期末余额', fund.balance],
    ['期内缴入', fund.contributed],
    ['期内救助支出', fund.relieved],
  ];
  for (const [label, value] of fundRows) {
    write([label, value]).getCell(2).numFmt = '#,##0.00';
  }
  columns.forEach((heading, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(10, heading.length * 2);
    if (heading.includes('元')) column.numFmt = '#,##0.00';
  });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

function page(name: string, report: ActivityReport): string {
  const td = (v: string | number | Money) =>
    v instanceof Money || typeof v === 'number'
      ? `<td class="num">${escapeHtml(v instanceof Money ? v.format() : String(v))}</td>`
      : `<td>${escapeHtml(v)}</td>`;
  const tr = (cells: (string | number | Money)[]) => `<tr>${cells.map(td).join('')}</tr>`;
  const fund = report.riskFund;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(titleOf(name, report))}</title><style>${printCss}</style></head><body><main>
<h1>${escapeHtml(titleOf(name, report))}</h1>
<table id="activity"><thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>${report.associations.map((row) => tr(cellsOf(row.name, row))).join('')}</tbody>
<tfoot>${tr(cellsOf('合计', report.totals))}</tfoot></table>
<h2>风险基金</h2><p id="risk-fund">期末余额 ${escapeHtml(fund.balance.format())} 元；期内缴入 ${escapeHtml(fund.contributed.format())} 元，救助支出 ${escapeHtml(fund.relieved.format())} 元。</p>
<div class="sign"><span>填报人：</span><span>审核人：</span><span>负责人：</span><span>（盖章）</span></div>
</main></body></html>`;
}

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const federationActivityRoute = implement(
  routes.federationActivity,
  async ({ params, query, identity, store }): Promise<Reply> => {
    requireFederationScope(identity, params.fid);
    const { federation, report } = await reportFor(store, params.fid, query);
    const name = String(federation.name);
    switch (query.format) {
      case 'json':
        return {
          body: {
            federationId: params.fid,
            federationName: name,
            ...(plain(report) as object),
          },
        };
      case 'xlsx': {
        const file = `${name}-运行情况-${report.from}-${report.to}.xlsx`;
        return {
          binary: await workbook(name, report),
          headers: {
            'content-type': xlsxType,
            'content-disposition': `attachment; filename="${params.fid}-activity.xlsx"; filename*=UTF-8''${encodeURIComponent(file)}`,
            'x-content-type-options': 'nosniff',
          },
        };
      }
      case 'html':
        return { headers: printPageHeaders, raw: page(name, report) };
    }
  },
);
