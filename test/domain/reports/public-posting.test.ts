import { describe, expect, it } from 'vitest';
import { recordRepayment } from '#domain/loans/repayment.ts';
import { Money } from '#domain/money.ts';
import { monthBounds, publicPosting } from '#domain/reports/public-posting.ts';
import { Refusal } from '#domain/refusal.ts';
import { loan12k } from '../loans/loan-fixtures.ts';
import { capital, loanOut, repaid, shares } from './ledger-fixtures.ts';

/** 12,000 at 20‰ in 4 equal installments from 2024-01-31; the first paid on its due date. */
function fixture() {
  const paid = recordRepayment(loan12k(), {
    id: 'r001',
    entryId: 'je-20240229-repaid0001',
    on: '2024-02-29',
    amount: Money.of('3151.49'),
    channel: 'cash',
  });
  const entries = [
    capital('2024-01-02', '50000.00'),
    shares('2024-01-10', 'm0001', 2),
    loanOut('2024-01-31', '12000.00'),
    repaid('2024-02-29', '2911.49', '240.00'),
  ];
  return (month: string, today = '2024-12-31') =>
    publicPosting({
      associationId: 'zhuyang-01',
      associationName: '竹垟村资金互助会',
      treasurerPhone: '13857801000',
      month,
      today,
      loans: [paid.loan],
      names: new Map([['m0001', '雷大山']]),
      entries,
    });
}

describe('the monthly public posting', () => {
  it('knows a month’s first and last day', () => {
    expect(monthBounds('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthBounds('2025-12')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('posts the loans made in the month, the borrower masked', () => {
    const january = fixture()('2024-01');
    expect(january).toMatchObject({ asOf: '2024-01-31', complete: true });
    expect(january.loansMade).toEqual([
      {
        loanId: 'loan-0001',
        borrower: '雷*山',
        disbursedOn: '2024-01-31',
        principal: Money.of('12000.00'),
        termMonths: 4,
        monthlyPermille: '20',
        method: '等额本息',
        purpose: '购买茶苗',
      },
    ]);
    expect(january.repayments).toEqual([]);
    expect(january.totals.loansMade.principal.toString()).toBe('12000.00');
    expect(january.fund.openLoans).toBe(1);
    expect(january.fund.principalOutstanding.toString()).toBe('12000.00');
    expect(JSON.stringify(january)).not.toContain('雷大山');
  });

  it('posts the repayments received and the fund position', () => {
    const february = fixture()('2024-02');
    expect(february.loansMade).toEqual([]);
    expect(
      february.repayments.map((r) => [r.on, r.borrower, r.amount.toString(), r.fee.toString()]),
    ).toEqual([['2024-02-29', '雷*山', '3151.49', '240.00']]);
    expect(february.fund.feeIncomeMonth.toString()).toBe('240.00');
    expect(february.fund.feeIncomeYearToDate.toString()).toBe('240.00');
    const uses = Object.fromEntries(february.fund.uses.map((r) => [r.code, r.amount.toString()]));
    // 50000 + 2000 shares − 12000 lent + 3151.49 repaid.
    expect(uses).toEqual({ '1001': '43151.49', '1101': '9088.51' });
    expect(february.fund.total.toString()).toBe('52240.00');
    expect(Money.sum(february.fund.sources.map((r) => r.amount)).toString()).toBe('52240.00');
    expect(february.fund.sources.at(-1)).toMatchObject({ name: '未分配收支结余' });
    expect(february.overdue).toEqual([]);
  });

  it('posts the loans overdue at the end of the month', () => {
    // The second installment fell due on 31 March and was never paid.
    const april = fixture()('2024-04');
    expect(april.overdue).toEqual([
      {
        loanId: 'loan-0001',
        borrower: '雷*山',
        disbursedOn: '2024-01-31',
        overdueSince: '2024-03-31',
        overdueDays: 30,
        overduePrincipal: Money.of('2969.72'),
        principalOutstanding: Money.of('9088.51'),
      },
    ]);
    // 2969.72 / 9088.51 = 32.675…%
    expect(april.fund.overdueRatePercent).toBe('32.68');
    expect(april.fund.feeIncomeMonth.toString()).toBe('0.00');
  });

  it('posts a running month as of today, and refuses one not begun', () => {
    const running = fixture()('2024-05', '2024-05-10');
    expect(running).toMatchObject({ asOf: '2024-05-10', complete: false, to: '2024-05-31' });
    expect(() => fixture()('2024-06', '2024-05-10')).toThrow(Refusal);
  });
});
