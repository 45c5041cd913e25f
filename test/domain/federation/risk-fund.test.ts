import { describe, expect, it } from 'vitest';
import {
  contributionDue,
  riskFundContribution,
  riskFundMovements,
  riskFundRelief,
} from '#domain/federation/risk-fund.ts';
import {
  defaultFederationSettings,
  federationSettingsSchema,
} from '#domain/federation/settings.ts';
import type { JournalEntry } from '#domain/ledger/journal.ts';
import { Money } from '#domain/money.ts';
import { Refusal } from '#domain/refusal.ts';

const m = (text: string) => Money.of(text);
const lines = (entry: JournalEntry) =>
  entry.lines.map((l) => [l.account, l.debit.toString(), l.credit.toString()]);
const request = {
  associationId: 'zhuyang-03',
  on: '2026-06-30',
  associationEntryId: 'je-a',
  federationEntryId: 'je-f',
};

describe('risk fund postings', () => {
  it('a contribution is an expense of the association and the fund of the federation', () => {
    const books = riskFundContribution({ ...request, amount: m('500.00') });
    expect(lines(books.association)).toEqual([
      ['5201', '500.00', '0.00'],
      ['1002', '0.00', '500.00'],
    ]);
    expect(lines(books.federation)).toEqual([
      ['1002', '500.00', '0.00'],
      ['3401', '0.00', '500.00'],
    ]);
    expect(books.federation.kind).toBe('risk-fund-contribution');
  });

  it('relief leaves the fund and restores the association’s risk reserve', () => {
    const books = riskFundRelief({
      ...request,
      amount: m('300.00'),
      riskFund: m('500.00'),
      federationBank: m('500.00'),
      writeOffEntryId: 'je-20260601-abcdefghjk',
    });
    expect(lines(books.federation)).toEqual([
      ['3401', '300.00', '0.00'],
      ['1002', '0.00', '300.00'],
    ]);
    expect(lines(books.association)).toEqual([
      ['1002', '300.00', '0.00'],
      ['3301', '0.00', '300.00'],
    ]);
    expect(books.association.memo).toContain('je-20260601-abcdefghjk');
  });

  it('pays relief only from what the fund and the bank hold', () => {
    const refuse = (riskFund: string, federationBank: string) => {
      try {
        riskFundRelief({
          ...request,
          amount: m('300.00'),
          riskFund: m(riskFund),
          federationBank: m(federationBank),
        });
      } catch (error) {
        if (error instanceof Refusal) return error;
      }
      throw new Error('expected a Refusal');
    };
    expect(refuse('299.99', '1000.00')).toMatchObject({
      code: 'RISK_FUND_INSUFFICIENT',
      details: { field: 'amount', available: '299.99' },
    });
    expect(refuse('1000.00', '299.99').code).toBe('FEDERATION_BANK_INSUFFICIENT');
  });

  it('never touches loans out (1101)', () => {
    const contribution = riskFundContribution({ ...request, amount: m('1.00') });
    const relief = riskFundRelief({
      ...request,
      amount: m('1.00'),
      riskFund: m('1.00'),
      federationBank: m('1.00'),
    });
    for (const entry of [
      contribution.association,
      contribution.federation,
      relief.association,
      relief.federation,
    ]) {
      expect(entry.lines.map((l) => l.account)).not.toContain('1101');
    }
  });

  it('computes the contribution due on fee income at the federation’s rate, half-up', () => {
    expect(contributionDue(m('295.85'), defaultFederationSettings()).toString()).toBe('29.59');
  });
});

describe('federation settings', () => {
  it('has the typical defaults', () => {
    expect(defaultFederationSettings()).toEqual({
      transferFee: { monthlyPermille: '5' },
      transferTermMonths: 6,
      reserveFloorPercent: '10',
      placementCapPercent: '30',
      riskFundContributionPercent: '10',
      ratingThresholds: {
        overdueRatePercent: { yellow: '5', red: '10' },
        par30Percent: { yellow: '3', red: '8' },
        lentOutSharePercent: { yellow: '90', red: '100' },
      },
    });
  });

  it('refuses a yellow line above the red one, a percentage over 100 and a number', () => {
    const result = federationSettingsSchema.safeParse({
      placementCapPercent: '120',
      reserveFloorPercent: 10,
      ratingThresholds: { par30Percent: { yellow: '9', red: '8' } },
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'placementCapPercent',
      'ratingThresholds.par30Percent.yellow',
      'reserveFloorPercent',
    ]);
  });
});

describe('riskFundMovements', () => {
  it('adds up the fund side of every contribution and relief, and nothing else', () => {
    const federation = [
      riskFundContribution({ ...request, amount: m('500.00') }).federation,
      riskFundContribution({ ...request, amount: m('60.25') }).federation,
      riskFundRelief({
        ...request,
        amount: m('300.00'),
        riskFund: m('560.25'),
        federationBank: m('560.25'),
      }).federation,
    ];
    const totals = riskFundMovements(federation);
    expect([totals.contributed.toString(), totals.relieved.toString()]).toEqual([
      '560.25',
      '300.00',
    ]);
    const none = riskFundMovements([]);
    expect([none.contributed.toString(), none.relieved.toString()]).toEqual(['0.00', '0.00']);
  });
});
