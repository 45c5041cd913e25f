import { describe, expect, it } from 'vitest';
import { defaultCharter } from '#domain/charter.ts';
import { recordRepayment } from '#domain/loans/repayment.ts';
import { Money } from '#domain/money.ts';
import {
  distributionEntry,
  yearEndDistribution,
  type LedgerEntry,
} from '#domain/reports/distribution.ts';
import {
  balanceSheet,
  incomeStatement,
  memberStatement,
  type StatementRow,
} from '#domain/reports/statements.ts';
import { reversalOf } from '#domain/ledger/journal.ts';
import { Refusal } from '#domain/refusal.ts';
import { loan12k } from '../loans/loan-fixtures.ts';
import {
  capital,
  fiscalShares,
  loanOut,
  relief,
  repaid,
  reversal,
  shares,
  writtenOff,
} from './ledger-fixtures.ts';

const amounts = (rows: StatementRow[]) =>
  Object.fromEntries(
    rows.filter((r) => !r.amount.isZero()).map((r) => [r.code, r.amount.toString()]),
  );

/** Two years of books: 2024 never distributed, 2025 closed and later reversed. */
function books() {
  const entries: LedgerEntry[] = [
    capital('2024-01-05', '100000.00'),
    shares('2024-01-10', 'm0001', 2),
    shares('2024-01-10', 'm0002', 1),
    loanOut('2024-02-01', '5000.00'),
    repaid('2024-08-01', '1000.00', '500.00'),
    loanOut('2025-03-01', '3000.00'),
    repaid('2025-04-01', '500.00', '980.00', '20.00'),
    relief('2025-05-01', '400.00'),
    writtenOff('2025-06-01', '400.00'),
  ];
  const d = yearEndDistribution({
    associationId: 'zhuyang-02',
    year: 2025,
    charter: defaultCharter(),
    entries,
  });
  const closing = { ...distributionEntry(d, 'je-20251231-closing001') };
  return { entries, d, closing };
}

describe('balance sheet', () => {
  it('balances on any date, with the result not yet distributed, by year', () => {
    const { entries, d, closing } = books();
    const before = balanceSheet(entries, '2025-06-30');
    expect(before.balanced).toBe(true);
    expect(amounts(before.assets)).toEqual({
      '1001': '98000.00', // 100000 + 3000 shares − 5000 − 3000 lent + 1500 + 1500 repaid
      '1002': '400.00', // the relief
      '1101': '6100.00', // 5000 − 1000 + 3000 − 500 − 400 written off
    });
    expect(amounts(before.liabilities)).toEqual({});
    expect(amounts(before.equity)).toEqual({ '3101': '3000.00', '3201': '100000.00' });
    expect(before.result.currentYear.toString()).toBe('1000.00');
    expect(before.result.earlierYears.toString()).toBe('500.00');
    expect(before.totals.assets.toString()).toBe('104500.00');
    expect(before.totals.liabilitiesAndEquity.toString()).toBe('104500.00');

    // Closed on 31 December: 2025's result became reserves and returns owed; 2024's stays.
    const closed = balanceSheet([...entries, closing], '2025-12-31');
    expect(closed.balanced).toBe(true);
    expect(closed.result.currentYear.toString()).toBe('0.00');
    expect(closed.result.earlierYears.toString()).toBe('500.00');
    // 1000 − 400 written off = 600 split: 180, 90, 30, 240, 60; 3301 gets 400 back as well.
    expect(d.distributable.toString()).toBe('600.00');
    expect(amounts(closed.liabilities)).toEqual({ '2202': '60.00' });
    expect(amounts(closed.equity)).toEqual({
      '3101': '3000.00',
      '3201': '100000.00',
      '3301': '580.00',
      '3302': '90.00',
      '3303': '30.00',
      '3304': '240.00',
    });

    // Reversed in February 2026: the reopened result belongs to 2025, not to 2026.
    const undo = reversal(closing, '2026-02-01');
    const reopened = balanceSheet([...entries, closing, undo], '2026-03-31');
    expect(reopened.balanced).toBe(true);
    expect(reopened.result.currentYear.toString()).toBe('0.00');
    expect(reopened.result.earlierYears.toString()).toBe('1500.00');
  });
});

describe('income statement', () => {
  it("shows a period's income and costs, closing entries and their reversals left out", () => {
    const { entries, closing } = books();
    const undo = reversal(closing, '2026-02-01');
    const all = [...entries, closing, undo];
    const year = incomeStatement(all, '2025-01-01', '2025-12-31');
    expect(amounts(year.income)).toEqual({ '4101': '980.00', '4102': '20.00' });
    expect(amounts(year.expenses)).toEqual({});
    expect(year.result.toString()).toBe('1000.00');
    expect(year.memo.writeOffs.toString()).toBe('400.00');
    expect(year.memo.riskFundRelief.toString()).toBe('400.00');
    const next = incomeStatement(all, '2026-01-01', '2026-12-31');
    expect(next.result.toString()).toBe('0.00');
    expect(() => incomeStatement(all, '2026-02-01', '2026-01-01')).toThrow(Refusal);
    expect(() => incomeStatement(all, '2026-02-01', '2026-01-01')).toThrow(
      expect.objectContaining({ code: 'PERIOD_INVALID', kind: 'invalid' }),
    );
  });

  it('refuses to reverse an entry on a date before the entry (REVERSAL_BEFORE_ORIGINAL)', () => {
    const { closing } = books();
    expect(closing.date).toBe('2025-12-31');
    expect(() => reversalOf(closing, 'je-20251230-undo00001', '2025-12-30', '更正')).toThrow(
      expect.objectContaining({
        code: 'REVERSAL_BEFORE_ORIGINAL',
        details: { originalDate: '2025-12-31' },
      }),
    );
    expect(reversalOf(closing, 'je-20251231-undo00001', '2025-12-31', '更正').kind).toBe(
      'reversal',
    );
  });
});

describe("a member's statement", () => {
  it('lists shares, loans, repayments and returns on shares for the period', () => {
    const loan = loan12k();
    const paid = recordRepayment(loan, {
      id: 'r001',
      entryId: 'je-20240229-repaid0001',
      on: '2024-02-29',
      amount: Money.of('3151.49'),
      channel: 'cash',
    });
    const entries = [
      shares('2023-01-10', 'm0001', 2),
      fiscalShares('2023-02-01', 'm0001', 2),
      shares('2024-05-01', 'm0001', 1),
      shares('2024-05-01', 'm0002', 5),
    ];
    const statement = memberStatement({
      memberId: 'm0001',
      from: '2024-01-01',
      to: '2024-12-31',
      entries,
      loans: [paid.loan],
      distributions: [
        {
          entryId: 'je-20241231-closing001',
          year: 2024,
          date: '2024-12-31',
          reversed: false,
          returns: [
            { memberId: 'm0001', shareDays: 976, amount: Money.of('12.34') },
            { memberId: 'm0002', shareDays: 1225, amount: Money.of('15.49') },
          ],
        },
        {
          entryId: 'je-20231231-closing001',
          year: 2023,
          date: '2023-12-31',
          reversed: false,
          returns: [{ memberId: 'm0001', shareDays: 700, amount: Money.of('9.99') }],
        },
      ],
    });
    expect(statement.shares.opening).toEqual({
      own: 2,
      ownAmount: Money.of('2000.00'),
      fiscal: 2,
      fiscalAmount: Money.of('2000.00'),
    });
    expect(statement.shares.movements).toHaveLength(1);
    expect(statement.shares.closing.own).toBe(3);
    expect(statement.shares.closing.ownAmount.toString()).toBe('3000.00');
    expect(statement.loans).toEqual([
      expect.objectContaining({ loanId: 'loan-0001', status: 'overdue' }),
    ]);
    expect(statement.loans[0]?.principalOutstanding.toString()).toBe('9088.51');
    expect(
      statement.repayments.map((r) => [r.on, r.principal.toString(), r.fee.toString()]),
    ).toEqual([['2024-02-29', '2911.49', '240.00']]);
    expect(statement.distributions.map((d) => [d.year, d.amount.toString()])).toEqual([
      [2024, '12.34'],
    ]);
    expect(statement.totals.repaid.toString()).toBe('3151.49');
    expect(statement.totals.distributions.toString()).toBe('12.34');
  });
});
