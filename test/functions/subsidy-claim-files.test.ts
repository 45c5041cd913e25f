/**
 * The claim's files on their own: CSV quoting and BOM, the XLSX read back with exceljs, the
 * file name header, and the proof that amounts survive the trip into spreadsheet numbers.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SubsidyClaim } from '#domain/subsidy/claim.ts';
import {
  claimCsv,
  claimDisposition,
  claimHeaders,
  claimXlsx,
  spreadsheetAmount,
} from '../../functions/subsidy/claim-files.ts';
import { parseCsv } from '../support/csv.ts';

const row = {
  loanId: 'l0002',
  memberId: 'm0001',
  borrower: '雷大山',
  idNumber: '332529198001010018',
  product: 'tea-garden' as const,
  principal: '100000.00',
  disbursedOn: '2026-06-15',
  maturesOn: '2027-06-15',
  from: '2026-07-01',
  to: '2026-09-30',
  days: 92,
  eligiblePrincipal: '100000.00',
  rate: '2.4',
  interestPaid: '1500.00',
  subsidy: '604.93',
  notes: [],
};

const claim: SubsidyClaim = {
  associationId: 'zhuyang-01',
  period: '2026Q3',
  from: '2026-07-01',
  to: '2026-09-30',
  rows: [
    row,
    {
      ...row,
      loanId: 'l0003',
      memberId: 'm0004',
      borrower: '蓝,"春"花',
      idNumber: '33252919850505002X',
      product: 'poverty-alleviation',
      principal: '30000.00',
      eligiblePrincipal: '29999.99',
      rate: '4.35',
      interestPaid: '270.00',
      subsidy: '270.00',
      notes: ['贴息不超过实付利息，核减63.50元', '第二条'],
    },
    { ...row, loanId: 'l0004', borrower: '=HYPERLINK("x")', subsidy: '0.07' },
  ],
  totals: {
    loans: 3,
    principal: '230000.00',
    eligiblePrincipal: '229999.99',
    interestPaid: '3270.00',
    subsidy: '875.00',
  },
};

describe('spreadsheet numbers', () => {
  it('gives back every two-decimal amount the API can hold (< 10^13) exactly', () => {
    // Number(text) is the double nearest to the amount; if it lies within half a 分, toFixed(2)
    // rounds it back to the same amount. The largest amount's spacing between doubles is
    // 2^-9 (0.00195…): half of it, 0.00098, is far below 0.005, and spacing only shrinks below.
    const largest = 9999999999999.99;
    const spacing = 2 ** (Math.floor(Math.log2(largest)) - 52);
    expect(spacing / 2).toBeLessThan(0.005);
    // And the figures themselves, at the edges and anywhere in between.
    const cents = fc.bigInt({ min: 0n, max: 999999999999999n });
    fc.assert(
      fc.property(cents, (c) => {
        const text = `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
        return spreadsheetAmount(text).toFixed(2) === text;
      }),
      { numRuns: 20000, examples: [[0n], [1n], [5n], [999999999999999n], [100000000000005n]] },
    );
  });

  it('refuses what is not a plain two-decimal amount rather than round it', () => {
    for (const text of ['1.5', '1e3', '-1.00', '1.005', '99999999999999999.99']) {
      expect(() => spreadsheetAmount(text), text).toThrow(RangeError);
    }
  });
});

describe('the claim as CSV', () => {
  it('is UTF-8 with a BOM, a Chinese header, CRLF lines, quoted where needed, and a totals row', () => {
    const text = claimCsv(claim);
    expect(text.startsWith('\uFEFF序号,借款编号,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(claimHeaders);
    expect(rows).toHaveLength(5);
    expect(rows[1]).toEqual([
      '1',
      'l0002',
      'm0001',
      '雷大山',
      '332529198001010018',
      '茶园抵押贷款',
      '100000.00',
      '2026-06-15',
      '2027-06-15',
      '2026-07-01',
      '2026-09-30',
      '92',
      '100000.00',
      '2.4',
      '1500.00',
      '604.93',
      '',
    ]);
    // A comma and quotes survive; two notes are joined; a formula is neutralised.
    expect(rows[2]![3]).toBe('蓝,"春"花');
    expect(rows[2]![16]).toBe('贴息不超过实付利息，核减63.50元；第二条');
    expect(rows[3]![3]).toBe('\'=HYPERLINK("x")');
    expect(rows[4]).toEqual([
      '合计',
      '共3笔',
      '',
      '',
      '',
      '',
      '230000.00',
      '',
      '',
      '',
      '',
      '',
      '229999.99',
      '',
      '3270.00',
      '875.00',
      '',
    ]);
  });
});

describe('the claim as XLSX', () => {
  it('reads back with exceljs: text cells, amounts as 0.00 numbers equal to the JSON, totals', async () => {
    const bytes = await claimXlsx(claim);
    // A zip (OOXML) file.
    expect(Buffer.from(bytes.subarray(0, 2)).toString()).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as never);
    const sheet = workbook.getWorksheet('贴息申报')!;
    expect(sheet.rowCount).toBe(5);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(claimHeaders);

    const second = sheet.getRow(3);
    expect(second.getCell(4).value).toBe('蓝,"春"花');
    expect(second.getCell(5).value).toBe('33252919850505002X');
    expect(second.getCell(13).value).toBe(29999.99);
    expect(second.getCell(13).numFmt).toBe('0.00');
    expect(second.getCell(14).value).toBe(4.35);
    expect(second.getCell(12).value).toBe(92);
    // The ID number stays text even when it is all digits.
    expect(sheet.getRow(2).getCell(5).value).toBe('332529198001010018');
    // Text is never a formula in XLSX: the name is stored as it is.
    expect(sheet.getRow(4).getCell(4).value).toBe('=HYPERLINK("x")');

    for (const [i, json] of claim.rows.entries()) {
      const cells = sheet.getRow(i + 2);
      const amounts = [7, 13, 15, 16].map((c) => (cells.getCell(c).value as number).toFixed(2));
      expect(amounts).toEqual([
        json.principal,
        json.eligiblePrincipal,
        json.interestPaid,
        json.subsidy,
      ]);
    }
    const totals = sheet.getRow(5);
    expect(totals.getCell(1).value).toBe('合计');
    expect(totals.getCell(2).value).toBe('共3笔');
    expect(totals.getCell(16).value).toBe(875);
    expect(totals.getCell(16).numFmt).toBe('0.00');
    expect(totals.font?.bold).toBe(true);
  });
});

describe('the file name', () => {
  it('is attachment with an ASCII fallback and the Chinese name RFC 5987-encoded', () => {
    const header = claimDisposition(claim, 'xlsx');
    expect(header).toBe(
      'attachment; filename="subsidy-claim_zhuyang-01_2026Q3.xlsx"; ' +
        `filename*=UTF-8''${encodeURIComponent('贴息申报')}_zhuyang-01_2026Q3.xlsx`,
    );
    const encoded = /filename\*=UTF-8''(.+)$/.exec(header)![1]!;
    expect(decodeURIComponent(encoded)).toBe('贴息申报_zhuyang-01_2026Q3.xlsx');
  });
});
