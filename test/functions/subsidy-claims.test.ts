/**
 * The 贴息 claim on DynamoDB Local through the local adapter: a tea-garden and a
 * poverty-alleviation loan opened and repaid through the API, the claim fetched as JSON, CSV
 * and XLSX (read back with exceljs: the same figures), who may fetch it, and its audit trail.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../functions/http/logger.ts';
import { claimHeaders } from '../../functions/subsidy/claim-files.ts';
import { demoHouseholds } from '../../local/demo-households.ts';
import { booksSnapshot } from '../support/ledger-invariants.ts';
import { parseCsv } from '../support/csv.ts';
import { useLocalSystem } from '../support/local-system.ts';
import { aid, openSubsidisedLoans, putCharter } from './subsidy-fixtures.ts';

const api = useLocalSystem({ seed: ['zhuyang-01', 'zhuyang-02'], notifier: false });
const claimPath = `/associations/${aid}/subsidy-claims`;
const households = demoHouseholds(0);

async function as(user: string) {
  return api.login(user);
}

/** The raw bytes of a claim file (the harness reads bodies as text). */
async function download(user: string, query: string) {
  const response = await fetch(`${api.system.url}${claimPath}?${query}`, {
    headers: { authorization: `Bearer ${await as(user)}` },
  });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

let tea: string;
let poverty: string;
let standard: string;
// Every log line of the run (vitest clears spies between tests; this list lives on).
const logged: unknown[][] = [];
const originalInfo = logger.info;

beforeAll(async () => {
  logger.info = ((...args: Parameters<typeof logger.info>) => {
    logged.push(args);
    originalInfo.apply(logger, args);
  }) as typeof logger.info;
  ({ tea, poverty, standard } = await openSubsidisedLoans(api));
});

afterAll(() => {
  logger.info = originalInfo;
});

describe('GET /associations/{aid}/subsidy-claims', () => {
  let json: any;

  it('gives the treasurer the 2026Q3 claim as JSON: the hand-worked figures, full ID numbers', async () => {
    const before = await booksSnapshot(api, aid, await as('treasurer-01'));
    const response = await api.request('GET', `${claimPath}?period=2026Q3`, {
      token: await as('treasurer-01'),
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    json = response.body;
    expect(json).toMatchObject({
      associationId: aid,
      period: '2026Q3',
      from: '2026-07-01',
      to: '2026-09-30',
    });
    // The standard loan has no policy: not on the claim. Rows sorted by loan id.
    expect(json.rows.map((r: any) => r.loanId)).toEqual([tea, poverty]);
    expect(json.rows.map((r: any) => r.loanId)).not.toContain(standard);
    expect(json.rows[0]).toEqual({
      loanId: tea,
      memberId: 'm0001',
      borrower: households[0]!.name,
      idNumber: households[0]!.idNumber,
      product: 'tea-garden',
      principal: '100000.00',
      disbursedOn: '2026-06-15',
      maturesOn: '2027-06-15',
      from: '2026-07-01',
      to: '2026-09-30',
      days: 92,
      eligiblePrincipal: '100000.00',
      rate: '2.4',
      // 14/30 × 500 + 500 + 500 + 16/30 × 500
      interestPaid: '1500.00',
      // 100000 × 2.4% × 92 / 365 = 604.9315…
      subsidy: '604.93',
      notes: [],
    });
    // 30000 × 4.35% × 92 / 360 = 333.50, capped at the 270.00 paid.
    expect(json.rows[1]).toMatchObject({
      loanId: poverty,
      borrower: households[5]!.name,
      idNumber: households[5]!.idNumber,
      product: 'poverty-alleviation',
      days: 92,
      rate: '4.35',
      interestPaid: '270.00',
      subsidy: '270.00',
      notes: ['贴息不超过实付利息，核减63.50元'],
    });
    expect(json.totals).toEqual({
      loans: 2,
      principal: '130000.00',
      eligiblePrincipal: '130000.00',
      interestPaid: '1770.00',
      subsidy: '874.93',
    });
    // A claim moves no money.
    expect(await booksSnapshot(api, aid, await as('treasurer-01'))).toEqual(before);
  });

  it('gives the same claim as CSV: BOM, Chinese header, a file name, equal to the JSON', async () => {
    const { response, bytes } = await download('treasurer-01', 'period=2026Q3&format=csv');
    expect(response.status).toBe(200);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="subsidy-claim_${aid}_2026Q3.csv"; ` +
        `filename*=UTF-8''${encodeURIComponent(`贴息申报_${aid}_2026Q3.csv`)}`,
    );
    const rows = parseCsv(bytes.toString('utf8'));
    expect(rows[0]).toEqual(claimHeaders);
    const pick = (cells: string[]) => ({
      loanId: cells[1],
      memberId: cells[2],
      borrower: cells[3],
      idNumber: cells[4],
      principal: cells[6],
      disbursedOn: cells[7],
      maturesOn: cells[8],
      from: cells[9],
      to: cells[10],
      days: Number(cells[11]),
      eligiblePrincipal: cells[12],
      rate: cells[13],
      interestPaid: cells[14],
      subsidy: cells[15],
      notes: cells[16] ? cells[16].split('；') : [],
    });
    expect(rows.slice(1, -1).map(pick)).toEqual(
      json.rows.map(({ product: _product, ...row }: any) => row),
    );
    expect(rows.slice(1, -1).map((cells) => cells[5])).toEqual(['茶园抵押贷款', '扶贫小额信贷']);
    const totals = rows.at(-1)!;
    expect([totals[0], totals[1], totals[6], totals[12], totals[14], totals[15]]).toEqual([
      '合计',
      '共2笔',
      json.totals.principal,
      json.totals.eligiblePrincipal,
      json.totals.interestPaid,
      json.totals.subsidy,
    ]);
  });

  it('gives the supervisor the same claim as XLSX, which exceljs reads back equal to the JSON', async () => {
    const { response, bytes } = await download('supervisor', 'period=2026Q3&format=xlsx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(`贴息申报_${aid}_2026Q3.xlsx`)}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as never);
    const sheet = workbook.getWorksheet('贴息申报')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(claimHeaders);
    expect(sheet.rowCount).toBe(json.rows.length + 2);
    const amount = (cell: ExcelJS.Cell) => {
      expect(typeof cell.value).toBe('number');
      expect(cell.numFmt).toBe('0.00');
      return (cell.value as number).toFixed(2);
    };
    json.rows.forEach((row: any, i: number) => {
      const cells = sheet.getRow(i + 2);
      expect({
        loanId: cells.getCell(2).value,
        memberId: cells.getCell(3).value,
        borrower: cells.getCell(4).value,
        idNumber: cells.getCell(5).value,
        principal: amount(cells.getCell(7)),
        disbursedOn: cells.getCell(8).value,
        maturesOn: cells.getCell(9).value,
        from: cells.getCell(10).value,
        to: cells.getCell(11).value,
        days: cells.getCell(12).value,
        eligiblePrincipal: amount(cells.getCell(13)),
        rate: String(cells.getCell(14).value),
        interestPaid: amount(cells.getCell(15)),
        subsidy: amount(cells.getCell(16)),
      }).toEqual({
        loanId: row.loanId,
        memberId: row.memberId,
        borrower: row.borrower,
        idNumber: row.idNumber,
        principal: row.principal,
        disbursedOn: row.disbursedOn,
        maturesOn: row.maturesOn,
        from: row.from,
        to: row.to,
        days: row.days,
        eligiblePrincipal: row.eligiblePrincipal,
        rate: row.rate,
        interestPaid: row.interestPaid,
        subsidy: row.subsidy,
      });
    });
    const totals = sheet.getRow(json.rows.length + 2);
    expect(totals.getCell(1).value).toBe('合计');
    expect([7, 13, 15, 16].map((c) => amount(totals.getCell(c)))).toEqual([
      json.totals.principal,
      json.totals.eligiblePrincipal,
      json.totals.interestPaid,
      json.totals.subsidy,
    ]);
  });

  it('refuses the treasurer of another association, the auditor and another federation', async () => {
    const cases: [string, number, string][] = [
      ['treasurer-02', 403, 'FORBIDDEN_SCOPE'],
      ['auditor', 403, 'FORBIDDEN_ROLE'],
      ['supervisor-taishun', 403, 'FORBIDDEN_SCOPE'],
    ];
    for (const [user, status, code] of cases) {
      for (const format of ['json', 'csv', 'xlsx']) {
        const response = await api.request('GET', `${claimPath}?period=2026Q3&format=${format}`, {
          token: await as(user),
        });
        expect(response.status, `${user} ${format}`).toBe(status);
        expect(response.body.code).toBe(code);
        expect(JSON.stringify(response.body)).not.toContain(households[0]!.idNumber);
      }
    }
    expect((await api.request('GET', `${claimPath}?period=2026Q3`)).status).toBe(401);
  });

  it.each([
    ['2026Q5', 400, 'VALIDATION_FAILED'],
    ['2026-9', 400, 'VALIDATION_FAILED'],
    // The charter settles by quarter: a month cannot be claimed.
    ['2026-09', 400, 'SUBSIDY_CLAIM_PERIOD_NOT_SETTLEMENT'],
    // Not over yet (the tests run before 2027).
    ['2099Q1', 422, 'SUBSIDY_CLAIM_PERIOD_NOT_ENDED'],
  ])('refuses period=%s with %i %s naming query.period', async (period, status, code) => {
    const response = await api.request('GET', `${claimPath}?period=${period}`, {
      token: await as('treasurer-01'),
    });
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(response.body.errors.map((e: any) => e.field)).toEqual(['query.period']);
  });

  it('refuses a missing period and an unknown format', async () => {
    const token = await as('treasurer-01');
    const missing = await api.request('GET', claimPath, { token });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: any) => e.field)).toEqual(['query.period']);
    const pdf = await api.request('GET', `${claimPath}?period=2026Q3&format=pdf`, { token });
    expect(pdf.status).toBe(400);
    expect(pdf.body.errors.map((e: any) => e.field)).toEqual(['query.format']);
  });

  it('takes the policy from the charter: at 3% the tea-garden loan gets 756.16', async () => {
    await putCharter(api, (c) => ({
      ...c,
      subsidyPolicies: {
        ...c.subsidyPolicies,
        'tea-garden': {
          ...c.subsidyPolicies['tea-garden'],
          policy: { kind: 'fixed-rate', annualPercent: '3' },
        },
      },
    }));
    const response = await api.request('GET', `${claimPath}?period=2026Q3`, {
      token: await as('admin'),
    });
    expect(response.status).toBe(200);
    // 100000 × 3% × 92 / 365 = 756.1643…
    expect(response.body.rows[0]).toMatchObject({ loanId: tea, rate: '3', subsidy: '756.16' });
    // Without any policy nothing is claimed.
    await putCharter(api, (c) => ({ ...c, subsidyPolicies: {} }));
    const none = await api.request('GET', `${claimPath}?period=2026Q3`, {
      token: await as('treasurer-01'),
    });
    expect(none.body.rows).toEqual([]);
    expect(none.body.totals.subsidy).toBe('0.00');
  });
});

describe('GET /associations/{aid}/subsidy-claims/audit', () => {
  it('lists every fetch, newest first, with who and when; the auditor may read it', async () => {
    const response = await api.request('GET', `${claimPath}/audit`, { token: await as('auditor') });
    expect(response.status).toBe(200);
    const fetches = response.body.fetches;
    // The successful fetches above, and none of the refused ones.
    expect(fetches.map((f: any) => [f.user, f.role, f.period, f.format])).toEqual([
      ['treasurer-01', 'treasurer', '2026Q3', 'json'],
      ['admin', 'admin', '2026Q3', 'json'],
      ['supervisor', 'supervisor', '2026Q3', 'xlsx'],
      ['treasurer-01', 'treasurer', '2026Q3', 'csv'],
      ['treasurer-01', 'treasurer', '2026Q3', 'json'],
    ]);
    expect(fetches.map((f: any) => f.subsidy)).toEqual([
      '0.00',
      '1026.16',
      '874.93',
      '874.93',
      '874.93',
    ]);
    for (const fetch of fetches) {
      expect(fetch.associationId).toBe(aid);
      expect(Date.now() - Date.parse(fetch.at)).toBeLessThan(10 * 60_000);
      expect(fetch.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const times = fetches.map((f: any) => f.at);
    expect([...times].sort().reverse()).toEqual(times);

    // Pages: one at a time, then the rest through the cursor.
    const first = await api.request('GET', `${claimPath}/audit?limit=1`, {
      token: await as('supervisor'),
    });
    expect(first.body.fetches).toEqual([fetches[0]]);
    const rest = await api.request(
      'GET',
      `${claimPath}/audit?limit=10&cursor=${first.body.cursor}`,
      { token: await as('supervisor') },
    );
    expect(rest.body.fetches).toEqual(fetches.slice(1));

    // Each fetch also went to the log, without the ID numbers.
    const lines = logged.filter(([message]) => message === 'subsidy claim fetched');
    expect(lines.map(([, extra]) => (extra as any).audit)).toEqual([...fetches].reverse());
    expect(JSON.stringify(logged)).not.toContain(households[0]!.idNumber);
  });

  it('is for the supervisor and the auditor, not the treasurer nor another federation', async () => {
    for (const [user, status] of [
      ['treasurer-01', 403],
      ['supervisor-taishun', 403],
      ['admin', 200],
    ] as const) {
      const response = await api.request('GET', `${claimPath}/audit`, { token: await as(user) });
      expect(response.status, user).toBe(status);
    }
  });
});
