/** The federation's activity report, worked by hand on two small associations. */
import { describe, expect, it } from 'vitest';
import { activityReport, type ActivityInput } from '#domain/federation/activity-report.ts';
import { accounts } from '#domain/ledger/chart.ts';
import { credit, debit } from '#domain/ledger/journal.ts';
import type { Loan } from '#domain/loans/loan.ts';
import { Money } from '#domain/money.ts';
import { loan12k, member } from '../loans/loan-fixtures.ts';
import { entry, repaid } from '../reports/ledger-fixtures.ts';

const m = (text: string) => Money.of(text);

/** 12,000 in 4 monthly installments from `disbursedOn` (the last due 4 months on). */
function loan(id: string, memberId: string, disbursedOn: string, end: Partial<Loan> = {}): Loan {
  const approvedOn = disbursedOn;
  return {
    ...loan12k({}, { id, disbursedOn, approvedOn, member: member({ id: memberId }) }),
    ...end,
  };
}

const villageA: ActivityInput = {
  associationId: 'a',
  name: '甲村互助会',
  members: [member({ id: 'm0001', lowIncome: 'dibao' }), member({ id: 'm0004' })],
  loans: [
    // Due 2024-05-31, paid off 2024-05-20: repaid on maturity.
    loan('l1', 'm0001', '2024-01-31', { status: 'paid-off', paidOffOn: '2024-05-20' }),
    // The same household again: one household, two loans.
    loan('l2', 'm0001', '2024-06-15'),
    // Lent before the period, last due 2024-03-30, paid off late in it: neither count.
    loan('l3', 'm0004', '2023-11-30', { status: 'paid-off', paidOffOn: '2024-04-15' }),
  ],
  entries: [
    repaid('2023-12-31', '0.00', '100.00'), // before the period
    repaid('2024-02-29', '3000.00', '240.00'),
    repaid('2024-03-31', '3000.00', '180.00', '12.50'),
  ],
};

const villageB: ActivityInput = {
  associationId: 'b',
  name: '乙村互助会',
  members: [member({ id: 'm0005', lowIncome: 'wubao' })],
  loans: [
    loan('l4', 'm0005', '2024-02-29', {
      status: 'written-off',
      writtenOff: { on: '2024-11-30', principal: m('9000.00'), entryId: 'je-x' },
    }),
  ],
  entries: [repaid('2024-03-29', '0.00', '240.00')],
};

const riskFundLine = (side: 'credit' | 'debit', amount: string) =>
  (side === 'credit' ? credit : debit)(accounts.riskFund.code, m(amount));
const federationBooks = [
  entry('2023-12-31', 'risk-fund-contribution', [
    debit(accounts.bank.code, m('500.00')),
    riskFundLine('credit', '500.00'),
  ]),
  entry('2024-06-30', 'risk-fund-contribution', [
    debit(accounts.bank.code, m('300.00')),
    riskFundLine('credit', '300.00'),
  ]),
  entry('2024-12-01', 'risk-fund-relief', [
    riskFundLine('debit', '200.00'),
    credit(accounts.bank.code, m('200.00')),
  ]),
];

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('the federation activity report for 2024', () => {
  const report = activityReport([villageA, villageB], federationBooks, '2024-01-01', '2024-12-31');

  it('counts lending, repayment on maturity, fees, low-income households and write-offs', () => {
    expect(plain(report.associations[0])).toEqual({
      associationId: 'a',
      name: '甲村互助会',
      lent: { households: 1, loans: 2, amount: '24000.00' },
      repaidOnMaturity: { households: 1, loans: 1, amount: '12000.00' },
      feeIncome: '432.50',
      lowIncomeHouseholdsServed: 1,
      writtenOff: { households: 0, loans: 0, amount: '0.00' },
    });
    expect(plain(report.associations[1]).writtenOff).toEqual({
      households: 1,
      loans: 1,
      amount: '9000.00',
    });
  });

  it('adds the associations up, and gives the risk fund at the end and its movements', () => {
    expect(plain(report.totals)).toEqual({
      lent: { households: 2, loans: 3, amount: '36000.00' },
      repaidOnMaturity: { households: 1, loans: 1, amount: '12000.00' },
      feeIncome: '672.50',
      lowIncomeHouseholdsServed: 2,
      writtenOff: { households: 1, loans: 1, amount: '9000.00' },
    });
    expect(plain(report.riskFund)).toEqual({
      balance: '600.00',
      contributed: '300.00',
      relieved: '200.00',
    });
  });
});
