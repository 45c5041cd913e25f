/**
 * Issue #18, done when: one association's whole year booked through the API — loans with
 * monthly repayments, a mistaken repayment reversed, a default written off for more than the
 * risk reserve holds (the provision, then the year's result bear it), running costs, bank
 * interest, the loan-loss provision, the year-end split and the share-return payout — and
 * the balance sheet balances at every month end, no day closes with negative cash or bank,
 * and the income statement equals the change in equity that is not owners' money.
 */
import { describe, expect, it } from 'vitest';
import { Money } from '#domain/money.ts';
import { useLocalSystem, type ApiResponse } from '../support/local-system.ts';
import { allEntries, expectBooksBalanced } from '../support/ledger-invariants.ts';
import { Books, expectStatus, leaveSetOffToTheBoard, newKey } from './books-fixtures.ts';

const api = useLocalSystem({ seed: ['zhuyang-01'], today: '2027-01-05' });
const aid = 'zhuyang-01';
const monthEnds = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31].map(
  (day, i) => `2026-${String(i + 1).padStart(2, '0')}-${day}`,
);

class Year {
  constructor(
    readonly books: Books,
    readonly supervisor: string,
  ) {}

  post(path: string, body: unknown, token = this.books.token): Promise<ApiResponse> {
    return api.request('POST', `/associations/${aid}${path}`, {
      token,
      body,
      headers: { 'idempotency-key': newKey() },
    });
  }

  async get(path: string) {
    const response = await api.request('GET', `/associations/${aid}${path}`, {
      token: this.books.token,
    });
    expectStatus(response, 200);
    return response.body;
  }

  async ok(response: Promise<ApiResponse>, status = 201) {
    const answer = await response;
    expectStatus(answer, status);
    return answer.body;
  }

  cost(category: string, amount: string, on: string, number: string) {
    return this.ok(
      this.post('/operating-entries', {
        kind: 'running-cost',
        category,
        amount,
        on,
        channel: 'cash',
        voucher: { number, attachments: 1 },
      }),
    );
  }

  /** Pays what the loan has due on its due date. */
  async payDue(lid: string, on: string) {
    const loan = await this.get(`/loans/${lid}?asOf=${on}`);
    return this.ok(this.post(`/loans/${lid}/repayments`, { amount: loan.dueNow.total, on }));
  }

  async lend(memberId: string, guarantorIds: string[], principal: string, installments: number) {
    const body = await this.ok(
      this.post('/loans', {
        memberId,
        guarantorIds,
        principal,
        installments,
        approvedOn: '2026-01-08',
        disbursedOn: '2026-01-10',
        boardMinute: '2026年第1号',
        purpose: '购买茶苗',
      }),
    );
    return (body.loan?.id ?? body.id) as string;
  }
}

const money = (text: string) => Money.of(text);
const signed = (row: { debit: string; credit: string }) =>
  money(row.debit).minus(money(row.credit));

describe('a whole year of one association through the API', () => {
  it('keeps the books sound every month end and every day, and income equals equity earned', async () => {
    // The write-off's 504.51 is borne by the provision and the year's result, as worked out.
    await leaveSetOffToTheBoard(api, aid);
    const books = new Books(api, aid, await api.login('treasurer-01'));
    const year = new Year(books, await api.login('supervisor'));
    const opening = await expectBooksBalanced(api, aid, books.token);

    // January: six households join and buy a share each; three loans go out.
    const households = [];
    for (let n = 0; n < 6; n += 1) {
      const mid = await books.enrol({ joinedOn: '2026-01-05', group: '第一联保小组' });
      expectStatus(await books.buy(mid, { shares: 1, channel: 'cash', on: '2026-01-05' }), 201);
      households.push(mid);
    }
    const [a, b, c, g1, g2, g3] = households as [string, string, string, string, string, string];
    const loanA = await year.lend(a, [g1, g2], '5000.00', 6);
    const loanB = await year.lend(b, [g2, g3], '2000.00', 4);
    const loanC = await year.lend(c, [g1, g3], '3000.00', 3);

    // A pays every installment; C too, one payment first booked wrong and reversed;
    // B pays three of four and then defaults.
    for (const month of ['02', '03', '04', '05', '06', '07']) {
      await year.payDue(loanA, `2026-${month}-10`);
    }
    await year.payDue(loanC, '2026-02-10');
    const wrong = await year.ok(
      year.post(`/loans/${loanC}/repayments`, { amount: '100.00', on: '2026-03-10' }),
    );
    await year.ok(books.reverse(wrong.entry.id, { reason: '金额登记错误', on: '2026-03-10' }));
    await year.payDue(loanC, '2026-03-10');
    await year.payDue(loanC, '2026-04-10');
    for (const month of ['02', '03', '04']) await year.payDue(loanB, `2026-${month}-10`);

    // Running costs: the clerk's stipend each quarter, stationery once, bank charges;
    // bank interest each quarter (结息日 21st).
    for (const [month, day] of [
      ['03', '31'],
      ['06', '30'],
      ['09', '30'],
      ['12', '30'],
    ] as const) {
      await year.cost('stipend', '150.00', `2026-${month}-${day}`, `BT-${month}`);
      await year.ok(
        year.post('/operating-entries', {
          kind: 'other-income',
          category: 'bank-interest',
          amount: '420.00',
          on: `2026-${month}-21`,
          channel: 'bank',
          voucher: { number: `LX-${month}`, attachments: 1 },
        }),
      );
    }
    await year.cost('stationery', '35.50', '2026-04-02', 'BG-01');
    await year.cost('bank-charges', '4.00', '2026-06-21', 'SXF-01');

    // The provision by overdue age at mid-year; the default written off at 9 months.
    const provision = await year.ok(year.post('/loan-loss-provision', { on: '2026-06-30' }));
    expect(money(provision.required).isPositive()).toBe(true);
    const reserveBefore = money(provision.heldBefore);
    expect(reserveBefore.isZero()).toBe(true);
    const writtenOff = await year.ok(
      year.post(
        `/loans/${loanB}/write-off`,
        { on: '2026-09-30', reason: '借款人外出失联' },
        year.supervisor,
      ),
    );
    const writeOffLines = writtenOff.entry.lines as {
      account: string;
      debit: string;
      credit: string;
    }[];
    // Borne by the provision first, then (no reserve, no 公积金) the year's result.
    expect(writeOffLines.map((l) => l.account)).toEqual(['1103', '5301', '1101']);
    expect(writtenOff.entry.memo).toContain('由贷款损失准备');
    // Every loan left is repaid and the write-off used the provision up: nothing to book.
    const yearEnd = await year.ok(year.post('/loan-loss-provision', { on: '2026-12-31' }), 200);
    expect([yearEnd.required, yearEnd.heldBefore, yearEnd.entry]).toEqual([
      '0.00',
      '0.00',
      undefined,
    ]);

    // After the year end: the split (dated 31 December), then the returns paid from the bank.
    const distribution = await year.ok(year.post('/distributions/2026', undefined));
    const trial = await year.get('/trial-balance');
    const payable = signed(
      trial.accounts.find((r: { code: string }) => r.code === '2202'),
    ).negated();
    expect(payable.isPositive()).toBe(true);
    await year.ok(
      year.post('/operating-entries', {
        kind: 'share-return-payout',
        amount: payable.toString(),
        on: '2027-01-05',
        channel: 'bank',
        voucher: { number: 'FH-2026', counterparty: '全体会员', attachments: 96 },
      }),
    );

    // The balance sheet balances at every month end.
    for (const asOf of monthEnds) {
      const sheet = await year.get(`/balance-sheet?asOf=${asOf}`);
      expect(sheet.balanced, asOf).toBe(true);
    }
    // No day closes with negative cash or bank.
    const lastYear = await year.get('/trial-balance?asOf=2025-12-31');
    const balance = new Map<string, Money>(
      ['1001', '1002'].map((code) => [
        code,
        signed(lastYear.accounts.find((r: { code: string }) => r.code === code)),
      ]),
    );
    const entries = await allEntries(api, aid, books.token, {
      from: '2026-01-01',
      to: '2027-01-05',
    });
    const days = [...new Set(entries.map((e) => e.date))].sort();
    for (const day of days) {
      for (const entry of entries.filter((e) => e.date === day)) {
        for (const line of entry.lines) {
          if (!balance.has(line.account)) continue;
          balance.set(
            line.account,
            balance.get(line.account)!.plus(money(line.debit)).minus(money(line.credit)),
          );
        }
      }
      for (const [code, amount] of balance)
        expect(amount.isNegative(), `${code} on ${day}`).toBe(false);
    }

    // The income statement equals the change in equity the fund earned: equity and result,
    // less the owners' new money (shares), plus what was declared to them (2202).
    const income = await year.get('/income-statement?from=2026-01-01&to=2026-12-31');
    const sheetOf = async (asOf: string) => {
      const sheet = await year.get(`/balance-sheet?asOf=${asOf}`);
      return money(sheet.totals.equity).plus(money(sheet.result.total));
    };
    const earned = (await sheetOf('2026-12-31')).minus(await sheetOf('2025-12-31'));
    const contributed = money('6000.00');
    const declared = money(distribution.parts.shareReturn);
    expect(declared.equals(payable)).toBe(true);
    expect(earned.minus(contributed).plus(declared).toString()).toBe(
      money(income.result).toString(),
    );
    expect(money(income.result).isPositive()).toBe(true);

    // The figures of this year: the write-off of 504.51 borne by the 18.55 provided and
    // 485.96 of the year's result; 704.66 earned and split 30/15/5/40/10.
    expect(provision.required).toBe('18.55');
    expect(writeOffLines.map((l) => l.debit)).toEqual(['18.55', '485.96', '0.00']);
    expect(income.result).toBe('704.66');
    expect(distribution.parts).toEqual({
      riskReserve: '211.40',
      capital: '105.70',
      welfare: '35.23',
      runningCosts: '281.86',
      shareReturn: '70.47',
    });
    const closing = await expectBooksBalanced(api, aid, books.token);
    expect(closing.balances.get('1101')?.toString()).toBe(opening.balances.get('1101')?.toString());
  });
});
