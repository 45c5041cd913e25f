/**
 * The 贴息 claim as files for the county finance bureau: CSV (UTF-8 with a BOM, so that Excel
 * reads the Chinese) and XLSX (written by exceljs). Both have one header row in Chinese, one
 * row per loan and a 合计 row. In the CSV amounts are the exact decimal strings; in the XLSX
 * they are numeric cells shown as 0.00, converted from those strings only here, and only after
 * checking that the number gives back the very same string (claim-files.test.ts proves it for
 * every amount the API can hold).
 */
import ExcelJS from 'exceljs';
import { productLabels, type SubsidyClaim, type SubsidyClaimRow } from '#domain/subsidy/claim.ts';

type Kind = 'text' | 'amount' | 'count' | 'rate';

interface Column {
  header: string;
  kind: Kind;
  width: number;
  /** The cell of a loan row (index from 1), as text. */
  cell(row: SubsidyClaimRow, index: number): string;
  /** The cell of the totals row. */
  total?(claim: SubsidyClaim): string;
}

const columns: Column[] = [
  { header: '序号', kind: 'count', width: 6, cell: (_, i) => String(i), total: () => '合计' },
  {
    header: '借款编号',
    kind: 'text',
    width: 10,
    cell: (r) => r.loanId,
    total: (c) => `共${c.totals.loans}笔`,
  },
  { header: '户编号', kind: 'text', width: 8, cell: (r) => r.memberId },
  { header: '借款人', kind: 'text', width: 10, cell: (r) => r.borrower },
  { header: '身份证号码', kind: 'text', width: 21, cell: (r) => r.idNumber },
  { header: '贷款品种', kind: 'text', width: 14, cell: (r) => productLabels[r.product] },
  {
    header: '借款本金（元）',
    kind: 'amount',
    width: 14,
    cell: (r) => r.principal,
    total: (c) => c.totals.principal,
  },
  { header: '放款日期', kind: 'text', width: 12, cell: (r) => r.disbursedOn },
  { header: '到期日期', kind: 'text', width: 12, cell: (r) => r.maturesOn },
  { header: '贴息起始日', kind: 'text', width: 12, cell: (r) => r.from },
  { header: '贴息截止日', kind: 'text', width: 12, cell: (r) => r.to },
  { header: '贴息天数', kind: 'count', width: 9, cell: (r) => String(r.days) },
  {
    header: '日均贴息本金（元）',
    kind: 'amount',
    width: 16,
    cell: (r) => r.eligiblePrincipal,
    total: (c) => c.totals.eligiblePrincipal,
  },
  { header: '贴息年利率（%）', kind: 'rate', width: 12, cell: (r) => r.rate },
  {
    header: '已付利息（元）',
    kind: 'amount',
    width: 14,
    cell: (r) => r.interestPaid,
    total: (c) => c.totals.interestPaid,
  },
  {
    header: '应贴息金额（元）',
    kind: 'amount',
    width: 14,
    cell: (r) => r.subsidy,
    total: (c) => c.totals.subsidy,
  },
  { header: '备注', kind: 'text', width: 40, cell: (r) => r.notes.join('；') },
];

export const claimHeaders = columns.map((c) => c.header);

/** Every row as text cells: the header, the loans, the totals. */
function table(claim: SubsidyClaim): { kind: Kind; text: string }[][] {
  return [
    columns.map((c) => ({ kind: 'text' as const, text: c.header })),
    ...claim.rows.map((row, i) => columns.map((c) => ({ kind: c.kind, text: c.cell(row, i + 1) }))),
    columns.map((c) => {
      const text = c.total?.(claim) ?? '';
      return { kind: /^\d/.test(text) ? c.kind : 'text', text };
    }),
  ];
}

// ---- CSV ---------------------------------------------------------------------------------

/** RFC 4180 quoting; a text cell that a spreadsheet would run as a formula gets a leading '. */
function csvField(kind: Kind, text: string): string {
  const safe = kind === 'text' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function claimCsv(claim: SubsidyClaim): string {
  const lines = table(claim).map((cells) => cells.map((c) => csvField(c.kind, c.text)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// ---- XLSX --------------------------------------------------------------------------------

/**
 * An amount string ("1234.50") as a spreadsheet number. Below 2^46 every two-decimal amount
 * is the double nearest to it by less than half a 分, so toFixed(2) gives the string back; the
 * check refuses anything else rather than put a wrong figure on a claim.
 */
export function spreadsheetAmount(text: string): number {
  const value = Number(text);
  if (!/^\d+\.\d{2}$/.test(text) || value.toFixed(2) !== text) {
    throw new RangeError(`amount ${text} does not survive as a spreadsheet number`);
  }
  return value;
}

/** A rate ("2.4", "4.35") as a number when it converts back to the same text, else text. */
function spreadsheetRate(text: string): number | string {
  const value = Number(text);
  return String(value) === text ? value : text;
}

export async function claimXlsx(claim: SubsidyClaim): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Huzhu 互助';
  const sheet = workbook.addWorksheet('贴息申报', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    width: c.width,
    style: c.kind === 'amount' ? { numFmt: '0.00' } : c.kind === 'text' ? { numFmt: '@' } : {},
  }));
  for (const [r, cells] of table(claim).entries()) {
    const row = sheet.getRow(r + 1);
    cells.forEach((cell, i) => {
      row.getCell(i + 1).value =
        cell.kind === 'amount'
          ? spreadsheetAmount(cell.text)
          : cell.kind === 'count'
            ? Number(cell.text)
            : cell.kind === 'rate'
              ? spreadsheetRate(cell.text)
              : cell.text || null;
    });
    if (r === 0 || r === claim.rows.length + 1) row.font = { bold: true };
    row.commit();
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

// ---- file names --------------------------------------------------------------------------

/**
 * attachment; filename="subsidy-claim_zhuyang-01_2026Q3.xlsx" for old clients, and
 * filename*=UTF-8''贴息申报_zhuyang-01_2026Q3.xlsx percent-encoded (RFC 6266, RFC 5987).
 */
export function claimDisposition(claim: SubsidyClaim, extension: 'csv' | 'xlsx'): string {
  // The association id is a slug and the period was validated: both plain ASCII.
  const stem = `${claim.associationId}_${claim.period}.${extension}`;
  const encoded = encodeURIComponent(`贴息申报_${stem}`).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="subsidy-claim_${stem}"; filename*=UTF-8''${encoded}`;
}
