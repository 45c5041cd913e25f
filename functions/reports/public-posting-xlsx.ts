/**
 * The monthly 公示 as an Excel workbook: one sheet per table of the page, the same headings,
 * the same rows, and a 资金状况 sheet. Printable on A4 (fit to one page wide).
 *
 * Amounts are written as spreadsheet numbers so that a treasurer can sum and check them: an
 * XLSX number is an IEEE double, so this is the one place an amount leaves decimal.js. Every
 * amount here has at most 13 integer digits and two decimals, which a double holds to the 分
 * (toFixed(2) gives the same string back), and the cells are formatted #,##0.00.
 */
import ExcelJS from 'exceljs';
import { Money } from '#domain/money.ts';
import type { PublicPosting } from '#domain/reports/public-posting.ts';
import { postingColumns, postingTitle } from './render-public-posting.ts';

type Cell = string | number | Money;

const amountFormat = '#,##0.00';

function addSheet(
  workbook: ExcelJS.Workbook,
  posting: PublicPosting,
  name: string,
  columns: readonly string[],
  rows: Cell[][],
  total?: Cell[],
): void {
  const sheet = workbook.addWorksheet(name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  sheet.addRow([`${posting.associationName} ${postingTitle(posting)}`]).font = {
    bold: true,
    size: 14,
  };
  sheet.addRow([`${name}，数据截至 ${posting.asOf}${posting.complete ? '' : '（本月尚未结束）'}`]);
  sheet.addRow([...columns]).font = { bold: true };
  const write = (cells: Cell[]) => {
    const row = sheet.addRow(
      cells.map((value) => (value instanceof Money ? Number(value.toString()) : value)),
    );
    cells.forEach((value, i) => {
      if (value instanceof Money) row.getCell(i + 1).numFmt = amountFormat;
    });
    return row;
  };
  rows.forEach(write);
  if (total && rows.length > 0) write(total).font = { bold: true };
  columns.forEach((heading, i) => {
    sheet.getColumn(i + 1).width = Math.max(10, heading.length * 2 + 2);
  });
}

function loansMadeSheet(workbook: ExcelJS.Workbook, posting: PublicPosting): void {
  const { loansMade, totals } = posting;
  addSheet(
    workbook,
    posting,
    '放款',
    postingColumns.loansMade,
    loansMade.map((l, i) => [
      i + 1,
      l.loanId,
      l.borrower,
      l.disbursedOn,
      l.principal,
      l.termMonths,
      `${l.monthlyPermille}‰`,
      l.method,
      l.purpose,
    ]),
    ['合计', '', '', '', totals.loansMade.principal],
  );
}

function repaymentsSheet(workbook: ExcelJS.Workbook, posting: PublicPosting): void {
  const { repayments, totals } = posting;
  addSheet(
    workbook,
    posting,
    '还款',
    postingColumns.repayments,
    repayments.map((r, i) => [
      i + 1,
      r.on,
      r.loanId,
      r.borrower,
      r.amount,
      r.principal,
      r.fee,
      r.penalty,
    ]),
    [
      '合计',
      '',
      '',
      '',
      totals.repayments.amount,
      totals.repayments.principal,
      totals.repayments.fee,
      totals.repayments.penalty,
    ],
  );
}

function overdueSheet(workbook: ExcelJS.Workbook, posting: PublicPosting): void {
  const { overdue, totals } = posting;
  addSheet(
    workbook,
    posting,
    '逾期',
    postingColumns.overdue,
    overdue.map((o, i) => [
      i + 1,
      o.loanId,
      o.borrower,
      o.disbursedOn,
      o.overdueSince,
      o.overdueDays,
      o.overduePrincipal,
      o.principalOutstanding,
    ]),
    [
      '合计',
      '',
      '',
      '',
      '',
      '',
      totals.overdue.overduePrincipal,
      totals.overdue.principalOutstanding,
    ],
  );
}

function writeOffsSheet(workbook: ExcelJS.Workbook, posting: PublicPosting): void {
  const { writeOffs } = posting;
  addSheet(
    workbook,
    posting,
    '核销',
    postingColumns.writeOffs,
    writeOffs.map((w, i) => [i + 1, w.on, w.loanId, w.borrower, w.principal]),
  );
}

function fundSheet(workbook: ExcelJS.Workbook, posting: PublicPosting): void {
  const { fund } = posting;
  addSheet(
    workbook,
    posting,
    '资金状况',
    ['项目', '金额（元）'],
    [
      ['资金运用', ''],
      ...fund.uses.map((r): Cell[] => [r.name, r.amount]),
      ['资金运用合计', fund.total],
      ['资金来源', ''],
      ...fund.sources.map((r): Cell[] => [r.name, r.amount]),
      ['资金来源合计', fund.total],
      ['在贷笔数', fund.openLoans],
      ['在贷本金', fund.principalOutstanding],
      ['逾期本金', fund.overduePrincipal],
      ['逾期率', `${fund.overdueRatePercent}%`],
      ['本月占用费收入', fund.feeIncomeMonth],
      ['本年累计占用费收入', fund.feeIncomeYearToDate],
    ],
  );
}

export async function publicPostingWorkbook(posting: PublicPosting): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Huzhu 互助';
  // The figures' date, not the clock: the same month gives the same workbook content.
  workbook.created = new Date(`${posting.asOf}T00:00:00+08:00`);
  workbook.modified = workbook.created;
  // One sheet per table of the printed page, in the page's order.
  loansMadeSheet(workbook, posting);
  repaymentsSheet(workbook, posting);
  overdueSheet(workbook, posting);
  writeOffsSheet(workbook, posting);
  fundSheet(workbook, posting);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
