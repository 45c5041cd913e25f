/**
 * A year of demo activity (demo-year.ts) distributed at year end, on DynamoDB Local through
 * the local adapter: the preview, the posting (once), its reversal and redoing; the balance
 * sheet at every month end, the income statement and members' statements. Expected figures
 * are worked out by hand with Money, never by the code under test.
 */
import { randomUUID } from 'node:crypto';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '#domain/dates.ts';
import { Money } from '#domain/money.ts';
import type { AccountCode } from '#domain/ledger/chart.ts';
import { credit, debit } from '#domain/ledger/journal.ts';
import { distributionEntry, yearEndDistribution } from '#domain/reports/distribution.ts';
import { loadAssociation } from '../../../functions/store/associations.ts';
import { loadBalances, loadEntry, newEntryId } from '../../../functions/store/journal.ts';
import {
  distributionClaimKey,
  distributionWrites,
  journalUpTo,
} from '../../../functions/store/reports.ts';
import { todayInShanghai } from '#api/today.ts';
import { expectBooksBalanced, trialBalanceOf } from '../../support/ledger-invariants.ts';
import { useLocalSystem } from '../../support/local-system.ts';
import {
  aid,
  bookDemoYear,
  costsUpTo,
  incomeBetween,
  loans as demoLoans,
  loansOutOn,
  planned,
  repayments,
  treasurer,
} from './demo-year.ts';

const api = useLocalSystem({ seed: ['zhuyang-02', 'zhuyang-03'] });
let loanIds: Map<string, string>;

beforeAll(async () => {
  loanIds = await bookDemoYear(api);
}, 300_000);

async function get(path: string, user = treasurer) {
  const response = await api.request('GET', path, { token: await api.login(user) });
  expect(response.status, `GET ${path}: ${JSON.stringify(response.body)}`).toBe(200);
  return response.body;
}

async function postDistribution(user = treasurer, key: string = randomUUID(), year = 2025) {
  return api.request('POST', `/associations/${aid}/distributions/${year}`, {
    token: await api.login(user),
    headers: { 'idempotency-key': key },
  });
}

const money = (text: string) => Money.of(text);
const monthEnds = Array.from({ length: 12 }, (_, m) => addDays(addMonths('2025-01-01', m + 1), -1));

/** Each member's return worked out by hand (see the comment in the test). */
function expectedReturn(memberId: string): string {
  if (memberId === 'm0060') return '0.05';
  if (memberId === 'm0050') return '0.31';
  if (['m0089', 'm0090', 'm0091'].includes(memberId)) return '0.41';
  return memberId <= 'm0013' ? '0.21' : '0.20';
}

const distributionFigures = (body: Record<string, unknown>) => {
  const { posted: _posted, entry: _entry, yearEnded: _ended, ...figures } = body;
  return figures;
};

describe('the year-end distribution of 2025', () => {
  it('previews the split of the fee income by the charter, to the 分', async () => {
    const preview = await get(`/associations/${aid}/distributions/2025/preview`, 'auditor');
    expect(preview).toMatchObject({
      associationId: aid,
      year: 2025,
      closingDate: '2025-12-31',
      yearEnded: true,
      income: { fees: planned.fees, penaltyFees: '1.00', total: planned.income },
      costs: {
        managementCosts: '0.00',
        riskFundContributions: '60.00',
        total: '60.00',
        coveredByRunningCostsReserve: '0.00',
      },
      writeOffs: '1000.00',
      netIncome: '1189.20',
      writeOffsMadeGood: '1000.00',
      distributable: '189.20',
      percentages: {
        riskReserve: '30',
        capital: '15',
        welfare: '5',
        runningCosts: '40',
        shareReturn: '10',
      },
      // 189.20 × 30%, 15%, 5%, 40%, 10%: exact, nothing left for the largest remainder.
      parts: {
        riskReserve: '56.76',
        capital: '28.38',
        welfare: '9.46',
        runningCosts: '75.68',
        shareReturn: '18.92',
      },
      riskReserveChange: '1056.76',
    });
    expect(preview.posted).toBeUndefined();
    // The split sums to the distributable income, and with the write-offs and the costs to
    // the fee income, to the 分.
    const parts = Money.sum(Object.values(preview.parts as Record<string, string>).map(money));
    expect(parts.toString()).toBe('189.20');
    expect(parts.plus(money('1000.00')).plus(money('60.00')).toString()).toBe(planned.income);
  });

  it('divides the share part by own shares × days held; the returns sum to it', async () => {
    const preview = await get(`/associations/${aid}/distributions/2025/preview`);
    // 88 households hold 1 share and 3 hold 2 (94 own shares) all year, except m0060 (1 share,
    // withdrawn 1 April: 31 + 28 + 31 = 90 days) and m0050 (a second share from 1 July: 365 +
    // 184). Σ = 94 × 365 − 365 + 90 + 184 = 34219 share-days. Fiscal shares count for nothing.
    expect(preview.shareDaysTotal).toBe(34219);
    expect(preview.memberReturns).toHaveLength(91);
    const byId = new Map(preview.memberReturns.map((r: { memberId: string }) => [r.memberId, r]));
    expect(byId.get('m0060')).toMatchObject({ shareDays: 90, amount: '0.05' });
    expect(byId.get('m0050')).toMatchObject({ shareDays: 549, amount: '0.31' });
    expect(byId.get('m0090')).toMatchObject({ shareDays: 730, amount: '0.41' });
    expect(byId.get('m0001')).toMatchObject({ shareDays: 365, amount: '0.21' });
    expect(byId.get('m0014')).toMatchObject({ shareDays: 365, amount: '0.20' });
    // 1892分 × 365/34219 = 20.18…分 a share-year: floors 20 (1 share), 40 (2), 30 (m0050),
    // 4 (m0060) sum to 1874分. The 18分 left go by largest remainder: m0060 (.976), m0050
    // (.355), the three 2-share households (.333), then 13 one-share households (.181) in
    // member order, m0001…m0013.
    for (const r of preview.memberReturns as { memberId: string; amount: string }[]) {
      expect(r.amount, r.memberId).toBe(expectedReturn(r.memberId));
    }
    const total = Money.sum(preview.memberReturns.map((r: { amount: string }) => money(r.amount)));
    expect(total.toString()).toBe(preview.parts.shareReturn);
    const member = await get(`/associations/${aid}/members/m0001`);
    expect(byId.get('m0001')).toMatchObject({ name: member.name });
  });

  it('writes nothing when the books moved after the decision read them', async () => {
    const { store } = api.system;
    const association = await loadAssociation(store, aid);
    const entries = await journalUpTo(store, aid, '2025-12-31');
    const d = yearEndDistribution({
      associationId: aid,
      year: 2025,
      charter: association!.charter,
      entries,
    });
    const entry = {
      ...distributionEntry(d, newEntryId('2025-12-31')),
      recordedBy: treasurer,
      recordedAt: new Date().toISOString(),
    };
    const balances = await loadBalances(store, aid);
    const transact = (read: Map<AccountCode, Money>) =>
      store.db.send(
        new TransactWriteCommand({
          TransactItems: distributionWrites(
            store.tableName,
            aid,
            2025,
            entry,
            d.memberReturns,
            read,
          ).map((w) => w.item),
        }),
      );
    // A repayment booked meanwhile (4101 moved by 0.01), or a share bought (3101 moved).
    for (const code of ['4101', '3101'] as AccountCode[]) {
      const stale = new Map(balances);
      stale.set(code, (balances.get(code) ?? Money.zero).minus(Money.of('0.01')));
      await expect(transact(stale), code).rejects.toMatchObject({
        name: 'TransactionCanceledException',
      });
    }
    expect((await get(`/associations/${aid}/distributions/2025/preview`)).posted).toBeUndefined();
    expect(await loadEntry(store, aid, entry.id)).toBeUndefined();

    // A loss the risk reserve cannot bear is refused before anything is sent.
    const loss = {
      ...entry,
      lines: [debit('3301', Money.of('5.00')), credit('5201', Money.of('5.00'))],
    };
    expect(() =>
      distributionWrites(store.tableName, aid, 2025, loss, [], new Map([['3301', Money.zero]])),
    ).toThrow(expect.objectContaining({ code: 'ACCOUNT_BALANCE_INSUFFICIENT' }));
  });

  it('is posted by the treasurer only, as balanced entries equal to the preview', async () => {
    for (const user of ['auditor', 'supervisor', 'treasurer-03']) {
      const refused = await postDistribution(user);
      expect(refused.status, user).toBe(403);
    }
    const noKey = await api.request('POST', `/associations/${aid}/distributions/2025`, {
      token: await api.login(treasurer),
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const running = await postDistribution(
      treasurer,
      randomUUID(),
      Number(todayInShanghai().slice(0, 4)),
    );
    expect(running.status).toBe(422);
    expect(running.body.code).toBe('DISTRIBUTION_YEAR_NOT_ENDED');

    const preview = await get(`/associations/${aid}/distributions/2025/preview`);
    const key = randomUUID();
    const posted = await postDistribution(treasurer, key);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(distributionFigures(posted.body)).toEqual(distributionFigures(preview));
    expect(posted.body.entry).toMatchObject({
      date: '2025-12-31',
      kind: 'year-end-distribution',
      recordedBy: treasurer,
    });
    expect(
      posted.body.entry.lines.map((l: { account: string; debit: string; credit: string }) => [
        l.account,
        l.debit,
        l.credit,
      ]),
    ).toEqual([
      ['4101', planned.fees, '0.00'],
      ['4102', '1.00', '0.00'],
      ['5201', '0.00', '60.00'],
      ['3301', '0.00', '1056.76'],
      ['3302', '0.00', '28.38'],
      ['3303', '0.00', '9.46'],
      ['3304', '0.00', '75.68'],
      ['2202', '0.00', '18.92'],
    ]);
    expect(posted.body.posted.entryId).toBe(posted.body.entry.id);

    // A retry with the same key gets the same answer and books nothing more.
    const replay = await postDistribution(treasurer, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(posted.body);

    // A second posting of the year is refused.
    const second = await postDistribution(treasurer);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: 'DISTRIBUTION_ALREADY_POSTED',
      entryId: posted.body.entry.id,
    });

    const after = await get(`/associations/${aid}/distributions/2025/preview`);
    expect(after.posted).toMatchObject({ entryId: posted.body.entry.id, postedBy: treasurer });

    // The year's income and costs are closed; the books still balance.
    const books = await expectBooksBalanced(api, aid, await api.login(treasurer));
    for (const code of ['4101', '4102', '5201']) {
      expect(books.balances.get(code)?.toString(), code).toBe('0.00');
    }
    expect(books.balances.get('2202')?.toString()).toBe('-18.92');
    expect(books.balances.get('3304')?.toString()).toBe('-75.68');
    // 1000 relief − 1000 written off + 1000 made good + 56.76.
    expect(books.balances.get('3301')?.toString()).toBe('-1056.76');
  });

  it('balances the balance sheet at the end of every month of the year', async () => {
    for (const day of monthEnds) {
      const sheet = await get(`/associations/${aid}/balance-sheet?asOf=${day}`, 'auditor');
      const total = (rows: { amount: string }[]) => Money.sum(rows.map((r) => money(r.amount)));
      const assets = total(sheet.assets);
      const liabilities = total(sheet.liabilities);
      const equity = total(sheet.equity);
      const result = money(sheet.result.total);
      expect(sheet.balanced, day).toBe(true);
      expect(sheet.totals.assets, day).toBe(assets.toString());
      expect(assets.toString(), `${day}: assets = liabilities + equity + result`).toBe(
        liabilities.plus(equity).plus(result).toString(),
      );
      // The result not yet distributed is the year's fee income less its costs, until the
      // closing entry of 31 December turns it into reserves and returns owed.
      const expected =
        day === '2025-12-31' ? Money.zero : incomeBetween('2025-01-01', day).minus(costsUpTo(day));
      expect(sheet.result.currentYear, day).toBe(expected.toString());
      expect(sheet.result.earlierYears, day).toBe('0.00');
      const row = (code: string) =>
        [...sheet.assets, ...sheet.liabilities, ...sheet.equity].find(
          (r: { code: string }) => r.code === code,
        )?.amount;
      expect(row('1101'), `${day} loans out`).toBe(loansOutOn(day).toString());
      // The same books as the trial balance on that day.
      const trial = await trialBalanceOf(api, aid, await api.login('auditor'), day);
      const cash = trial.accounts.find((a) => a.code === '1001');
      expect(row('1001'), `${day} cash`).toBe(cash?.debit);
    }
    const december = await get(`/associations/${aid}/balance-sheet?asOf=2025-12-31`);
    expect(december.liabilities).toContainEqual({
      code: '2202',
      name: '应付股金分红',
      amount: '18.92',
    });
    expect(december.equity).toContainEqual({
      code: '3203',
      name: '捐赠资金',
      amount: expect.any(String),
    });
    expect(loansOutOn('2025-12-31').toString()).toBe('15500.00');
  });

  it('shows the income statement of any period from the journal, closing left out', async () => {
    const year = await get(`/associations/${aid}/income-statement?from=2025-01-01&to=2025-12-31`);
    expect(year.income).toEqual([
      { code: '4101', name: '占用费收入', amount: planned.fees },
      { code: '4102', name: '加收占用费收入', amount: '1.00' },
      { code: '4103', name: '调剂占用费收入', amount: '0.00' },
      { code: '4201', name: '其他收入', amount: '0.00' },
    ]);
    expect(year.expenses).toEqual([
      { code: '5101', name: '管理费用', amount: '0.00' },
      { code: '5201', name: '风险基金缴款', amount: '60.00' },
      { code: '5301', name: '贷款损失', amount: '0.00' },
    ]);
    expect(year.result).toBe('1189.20');
    expect(year.memo).toEqual({ writeOffs: '1000.00', riskFundRelief: '1000.00' });

    const quarter = await get(
      `/associations/${aid}/income-statement?from=2025-07-01&to=2025-09-30`,
      'supervisor',
    );
    expect(quarter.totals.income).toBe(incomeBetween('2025-07-01', '2025-09-30').toString());
    expect(quarter.result).toBe(incomeBetween('2025-07-01', '2025-09-30').toString());

    const bad = await api.request(
      'GET',
      `/associations/${aid}/income-statement?from=2025-09-30&to=2025-07-01`,
      { token: await api.login('auditor') },
    );
    expect(bad.status).toBe(400);
  });

  it("gives a member's statement: shares, loans, repayments and the return on shares", async () => {
    const borrower = await get(
      `/associations/${aid}/members/m0031/statement?from=2025-01-01&to=2025-12-31`,
      'auditor',
    );
    // m0031 is a 脱贫监测户: one share of its own and two fiscal shares, unchanged in 2025.
    expect(borrower.shares.opening).toEqual({
      own: 1,
      ownAmount: '1000.00',
      fiscal: 2,
      fiscalAmount: '2000.00',
    });
    expect(borrower.shares.movements).toEqual([]);
    expect(borrower.loans).toEqual([
      expect.objectContaining({
        loanId: loanIds.get('L7'),
        principal: '5000.00',
        status: 'paid-off',
        principalOutstanding: '0.00',
        paidOffOn: '2025-11-01',
      }),
    ]);
    const planL7 = repayments.filter((r) => r.loan.key === 'L7');
    expect(
      borrower.repayments.map((r: Record<string, string>) => [r.on, r.principal, r.fee, r.penalty]),
    ).toEqual(planL7.map((r) => [r.on, r.principal, r.fee, r.penalty ?? '0.00']));
    expect(borrower.totals).toEqual({
      repaid: '5093.00',
      principalRepaid: '5000.00',
      feesPaid: '92.00',
      penaltiesPaid: '1.00',
      distributions: '0.20',
    });
    expect(borrower.distributions).toEqual([
      expect.objectContaining({ year: 2025, shareDays: 365, amount: '0.20', reversed: false }),
    ]);
    expect(borrower.member.idNumber).toMatch(/\*{8}/);

    const buyer = await get(
      `/associations/${aid}/members/m0050/statement?from=2025-01-01&to=2025-12-31`,
    );
    expect(buyer.shares.movements).toEqual([
      expect.objectContaining({
        date: '2025-07-01',
        kind: 'share-purchase',
        change: { own: 1, ownAmount: '1000.00', fiscal: 0, fiscalAmount: '0.00' },
      }),
    ]);
    expect(buyer.shares.closing).toMatchObject({ own: 2, ownAmount: '2000.00' });
    expect(buyer.totals.distributions).toBe('0.31');

    const leaver = await get(
      `/associations/${aid}/members/m0060/statement?from=2025-01-01&to=2025-12-31`,
    );
    expect(leaver.member.status).toBe('exited');
    expect(leaver.shares.closing).toMatchObject({ own: 0, ownAmount: '0.00' });
    expect(leaver.totals.distributions).toBe('0.05');

    const other = await api.request('GET', `/associations/${aid}/members/m0031/statement`, {
      token: await api.login('treasurer-03'),
    });
    expect(other.status).toBe(403);
    const nobody = await api.request('GET', `/associations/${aid}/members/m9999/statement`, {
      token: await api.login(treasurer),
    });
    expect(nobody.status).toBe(404);
  });

  it('is undone by a reversal, which gives the year back to be done again', async () => {
    const before = await get(`/associations/${aid}/distributions/2025/preview`);
    const entryId = before.posted.entryId as string;
    const reversal = await api.request('POST', `/associations/${aid}/journal/${entryId}/reversal`, {
      token: await api.login(treasurer),
      body: { reason: '股金分红比例按新章程重算' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(reversal.status, JSON.stringify(reversal.body)).toBe(201);
    expect(reversal.body.reverses).toBe(entryId);

    const reopened = await get(`/associations/${aid}/distributions/2025/preview`);
    expect(reopened.posted).toBeUndefined();
    expect(distributionFigures(reopened)).toEqual(distributionFigures(before));
    const books = await expectBooksBalanced(api, aid, await api.login(treasurer));
    expect(books.balances.get('2202')?.toString()).toBe('0.00');
    expect(books.balances.get('4101')?.toString()).toBe(`-${planned.fees}`);

    // The reversal is dated today but reopens 2025: this year's income is untouched.
    const today = todayInShanghai();
    const thisYear = await get(`/associations/${aid}/income-statement?to=${today}`);
    expect(thisYear.result).toBe('0.00');
    const sheet = await get(`/associations/${aid}/balance-sheet?asOf=${today}`);
    expect(sheet.balanced).toBe(true);
    expect(sheet.result).toEqual({
      currentYear: '0.00',
      earlierYears: '1189.20',
      total: '1189.20',
    });
    const statement = await get(
      `/associations/${aid}/members/m0031/statement?from=2025-01-01&to=${today}`,
    );
    expect(statement.distributions).toEqual([
      expect.objectContaining({ entryId, amount: '0.20', reversed: true }),
    ]);
    expect(statement.totals.distributions).toBe('0.00');

    const twice = await api.request('POST', `/associations/${aid}/journal/${entryId}/reversal`, {
      token: await api.login(treasurer),
      body: { reason: '再次冲正' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(twice.status).toBe(409);

    // Done again: the same figures, a new entry; and once more is refused.
    const redo = await postDistribution();
    expect(redo.status, JSON.stringify(redo.body)).toBe(201);
    expect(redo.body.entry.id).not.toBe(entryId);
    expect(distributionFigures(redo.body)).toEqual(distributionFigures(before));
    expect((await postDistribution()).status).toBe(409);
    const closed = await expectBooksBalanced(api, aid, await api.login(treasurer));
    expect(closed.balances.get('2202')?.toString()).toBe('-18.92');
    const final = await get(
      `/associations/${aid}/members/m0031/statement?from=2025-01-01&to=${today}`,
    );
    expect(final.totals.distributions).toBe('0.20');
  });

  it('refuses to reverse a distribution whose year is claimed by another entry (DISTRIBUTION_CLAIM_MISMATCH)', async () => {
    const posted = (await get(`/associations/${aid}/distributions/2025/preview`)).posted;
    const { db } = api.system.store;
    const claim = { TableName: api.system.tableName, Key: distributionClaimKey(aid, 2025) };
    // The year's claim names another entry: only the store's condition can see it.
    await db.send(
      new UpdateCommand({
        ...claim,
        UpdateExpression: 'SET entryId = :other',
        ExpressionAttributeValues: { ':other': 'je-20251231-elsewhere1' },
      }),
    );
    const before = await expectBooksBalanced(api, aid, await api.login(treasurer));
    const refused = await api.request(
      'POST',
      `/associations/${aid}/journal/${posted.entryId}/reversal`,
      {
        token: await api.login(treasurer),
        body: { reason: '测试' },
        headers: { 'idempotency-key': randomUUID() },
      },
    );
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body).toMatchObject({ code: 'DISTRIBUTION_CLAIM_MISMATCH', year: 2025 });
    const after = await expectBooksBalanced(api, aid, await api.login(treasurer));
    expect(after.balances).toEqual(before.balances);
    await db.send(
      new UpdateCommand({
        ...claim,
        UpdateExpression: 'SET entryId = :entry',
        ExpressionAttributeValues: { ':entry': posted.entryId },
      }),
    );
  });
});

describe("the federation's activity report of 2025", () => {
  const path = '/federations/zhuyang/activity-report?from=2025-01-01&to=2025-12-31';
  const maturity = (loan: (typeof demoLoans)[number]) =>
    addMonths(loan.disbursedOn, loan.installments);
  const total = (texts: string[]) => Money.sum(texts.map(money)).toString();

  it("gives the demo year's lending, repayment on maturity, fees and write-off, by hand", async () => {
    const body = await get(`${path}&format=json`, 'supervisor');
    const members = (await get(`/associations/${aid}/members?limit=200`)).members as {
      id: string;
      lowIncome: string;
    }[];
    const lowIncome = new Set(members.filter((m) => m.lowIncome !== 'none').map((m) => m.id));
    const onMaturity = demoLoans.filter(
      (loan) =>
        !loan.writtenOffOn &&
        total(loan.paid.map((p) => p.principal)) === loan.principal &&
        loan.paid.at(-1)!.on <= maturity(loan),
    );
    const row = body.associations.find((r: { associationId: string }) => r.associationId === aid);
    expect(row).toEqual({
      associationId: aid,
      name: expect.any(String),
      lent: {
        households: new Set(demoLoans.map((l) => l.memberId)).size,
        loans: demoLoans.length,
        amount: total(demoLoans.map((l) => l.principal)),
      },
      repaidOnMaturity: {
        households: onMaturity.length,
        loans: onMaturity.length,
        amount: total(onMaturity.map((l) => l.principal)),
      },
      feeIncome: incomeBetween('2025-01-01', '2025-12-31').toString(),
      lowIncomeHouseholdsServed: demoLoans.filter((l) => lowIncome.has(l.memberId)).length,
      writtenOff: { households: 1, loans: 1, amount: '1000.00' },
    });
    expect(onMaturity.length).toBeGreaterThan(0);
    // The fund took 60.00 + 1500.00 in and paid 1000.00 of relief out.
    expect(body.riskFund).toEqual({
      balance: '560.00',
      contributed: '1560.00',
      relieved: '1000.00',
    });
  });

  it('is refused to a treasurer, and prints and downloads the same totals', async () => {
    const refused = await api.request('GET', path, { token: await api.login(treasurer) });
    expect(refused.status).toBe(403);
    const token = await api.login('supervisor');
    const html = await fetch(`${api.system.url}${path}&format=html`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await html.text();
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(text).toContain('合计');
    const xlsx = await fetch(`${api.system.url}${path}&format=xlsx`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;
    const totals = sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(1).value === '合计')!;
    const body = await get(`${path}&format=json`, 'supervisor');
    expect(Number(totals.getCell(4).value).toFixed(2)).toBe(body.totals.lent.amount);
    expect(Number(totals.getCell(7).value).toFixed(2)).toBe(body.totals.feeIncome);
  });
});
