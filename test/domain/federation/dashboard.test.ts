/**
 * The supervision dashboard with figures worked out by hand. Loans are 1,000 of principal an
 * installment (equal principal), so what is outstanding and overdue on a date is plain.
 */
import { describe, expect, it } from 'vitest';
import {
  associationFigures,
  federationDashboard,
  ratingOf,
  type AssociationBooks,
} from '#domain/federation/dashboard.ts';
import {
  defaultFederationSettings,
  federationSettingsSchema,
} from '#domain/federation/settings.ts';
import { openLoan } from '#domain/loans/eligibility.ts';
import type { Loan } from '#domain/loans/loan.ts';
import { loanPosition } from '#domain/loans/position.ts';
import { recordRepayment, writeOff } from '#domain/loans/repayment.ts';
import { Money } from '#domain/money.ts';
import { charter, opening } from '../loans/loan-fixtures.ts';

const m = (text: string) => Money.of(text);
const settings = defaultFederationSettings();

/** `installments` × 1,000 of principal, equal principal, monthly from `disbursedOn`. */
function loan(id: string, installments: number, disbursedOn: string): Loan {
  return openLoan(
    charter,
    opening({
      id,
      principal: m(`${installments * 1000}.00`),
      installments,
      method: 'equal-principal',
      disbursedOn,
      approvedOn: disbursedOn,
    }),
  ).loan;
}

/** Pays what is due on `on` (principal, fee, any penalty). */
function payDue(l: Loan, on: string): Loan {
  const amount = loanPosition(l, on).dueNow.total;
  return recordRepayment(l, { id: `r-${on}`, entryId: `je-${on}`, on, amount, channel: 'cash' })
    .loan;
}

function payOff(l: Loan, on: string): Loan {
  const amount = loanPosition(l, on).payoff.total;
  return recordRepayment(l, { id: `p-${on}`, entryId: `je-p-${on}`, on, amount, channel: 'cash' })
    .loan;
}

/** Signed balances as the books keep them (debit − credit). */
const books = (figures: Record<string, string>) =>
  new Map(Object.entries(figures).map(([code, text]) => [code, m(text)]));

function association(
  id: string,
  balances: Record<string, string>,
  loans: Loan[],
  members = 10,
): AssociationBooks {
  return { associationId: id, name: `${id} 互助会`, balances: books(balances), members, loans };
}

const asOf = '2026-02-15';

// Green: 6,000 lent on 2026-01-20, nothing due yet; fund 50,000 + 40,000 + 1,000 = 91,000.
const green = association(
  'a-green',
  {
    '1001': '20000.00',
    '1002': '50000.00',
    '1101': '6000.00',
    '3101': '-50000.00',
    '3201': '-40000.00',
    '3301': '-1000.00',
  },
  [loan('g1', 6, '2026-01-20')],
  12,
);

// Yellow: y1 missed its 2026-02-10 installment (1,000, 5 days); y2 paid its own on time.
// Outstanding 6,000 + 11,000 = 17,000; overdue 1,000 / 17,000 = 5.882…%; fund 20,000.
const yellow = association(
  'a-yellow',
  {
    '1001': '3000.00',
    '1002': '0.00',
    '1101': '17000.00',
    '3101': '-15000.00',
    '3202': '-4500.00',
    '3301': '-500.00',
    '1201': '0.00',
    '2101': '-0.00',
  },
  [loan('y1', 6, '2026-01-10'), payDue(loan('y2', 12, '2026-01-10'), '2026-02-10')],
);

// Red: r1 (10,000) has missed 2026-01-01 and 2026-02-01: 45 days, 2,000 overdue, PAR30;
// r2 (5,000) is current. Outstanding 15,000 = the fund: 100% lent out. No risk reserve.
const red = association(
  'a-red',
  {
    '1001': '0.00',
    '1101': '15000.00',
    '2101': '-5000.00',
    '3101': '-8000.00',
    '3201': '-2000.00',
    '3102': '-3000.00',
    '3203': '-2000.00',
  },
  [loan('r1', 10, '2025-12-01'), loan('r2', 5, '2026-02-01')],
);

// No loans at all, and a placement of 10,000 with another association.
const idle = association(
  'a-idle',
  { '1001': '5000.00', '1002': '15000.00', '1201': '10000.00', '3101': '-30000.00' },
  [],
  7,
);

/** The dashboard from each association's books, as the Lambda builds it. */
function dashboardOf(input: {
  asOf: string;
  associations: AssociationBooks[];
  settings: Parameters<typeof federationDashboard>[0]['settings'];
}) {
  return federationDashboard({
    ...input,
    associations: input.associations.map((books) => associationFigures(books, input.asOf)),
  });
}

describe('federationDashboard', () => {
  const dashboard = dashboardOf({
    asOf,
    associations: [red, idle, yellow, green],
    settings,
  });
  const row = (id: string) => dashboard.associations.find((a) => a.associationId === id)!;

  it('lists the associations in id order, as of the date asked', () => {
    expect(dashboard.asOf).toBe(asOf);
    expect(dashboard.associations.map((a) => a.associationId)).toEqual([
      'a-green',
      'a-idle',
      'a-red',
      'a-yellow',
    ]);
  });

  it('rates green when every indicator is below its yellow line', () => {
    expect(row('a-green')).toEqual({
      associationId: 'a-green',
      name: 'a-green 互助会',
      members: 12,
      fund: '91000.00',
      loans: 1,
      overdueLoans: 0,
      outstanding: '6000.00',
      overduePrincipal: '0.00',
      overdueRatePercent: '0.00',
      par30Principal: '0.00',
      par30Percent: '0.00',
      // 6,000 / 91,000 = 6.593…%
      lentOutPercent: '6.59',
      cashOnHand: '70000.00',
      cash: '20000.00',
      bank: '50000.00',
      riskReserve: '1000.00',
      riskReserveCoveragePercent: 'n/a',
      placements: '0.00',
      borrowings: '0.00',
      largestLoan: { loanId: 'g1', principalOutstanding: '6000.00', ofFundPercent: '6.59' },
      rating: 'green',
      reasons: [],
    });
  });

  it('rates yellow on an overdue rate between the lines, and says why with the figures', () => {
    expect(row('a-yellow')).toMatchObject({
      fund: '20000.00',
      loans: 2,
      overdueLoans: 1,
      outstanding: '17000.00',
      overduePrincipal: '1000.00',
      overdueRatePercent: '5.88',
      par30Percent: '0.00',
      // 17,000 / 20,000
      lentOutPercent: '85.00',
      cashOnHand: '3000.00',
      // 500 / 1,000
      riskReserveCoveragePercent: '50.00',
      largestLoan: { loanId: 'y2', principalOutstanding: '11000.00', ofFundPercent: '55.00' },
      rating: 'yellow',
      reasons: ['逾期率 5.88%（逾期本金 ¥1,000.00 ÷ 借出余额 ¥17,000.00），达到黄色预警线 5%'],
    });
  });

  it('rates red on the worst indicator and names every one over a line', () => {
    expect(row('a-red')).toMatchObject({
      fund: '15000.00',
      outstanding: '15000.00',
      overduePrincipal: '2000.00',
      // 2,000 / 15,000 = 13.333…%; 10,000 / 15,000 = 66.666…%
      overdueRatePercent: '13.33',
      par30Principal: '10000.00',
      par30Percent: '66.67',
      lentOutPercent: '100.00',
      cashOnHand: '0.00',
      riskReserve: '0.00',
      riskReserveCoveragePercent: '0.00',
      borrowings: '5000.00',
      largestLoan: { loanId: 'r1', principalOutstanding: '10000.00', ofFundPercent: '66.67' },
      rating: 'red',
      reasons: [
        '逾期率 13.33%（逾期本金 ¥2,000.00 ÷ 借出余额 ¥15,000.00），达到红色预警线 10%',
        'PAR30（逾期 30 天以上借款占比） 66.67%（逾期 30 天以上借款余额 ¥10,000.00 ÷ 借出余额 ¥15,000.00），达到红色预警线 8%',
        '借出比例 100.00%（借出余额 ¥15,000.00 ÷ 互助金总额 ¥15,000.00），达到红色预警线 100%',
      ],
    });
  });

  it('shows an association without loans as green with zero rates and no largest loan', () => {
    expect(row('a-idle')).toMatchObject({
      members: 7,
      fund: '30000.00',
      loans: 0,
      outstanding: '0.00',
      overduePrincipal: '0.00',
      overdueRatePercent: '0.00',
      par30Percent: '0.00',
      lentOutPercent: '0.00',
      cashOnHand: '20000.00',
      riskReserveCoveragePercent: 'n/a',
      placements: '10000.00',
      largestLoan: null,
      rating: 'green',
      reasons: [],
    });
  });

  it('adds up the federation, with rates computed from the sums', () => {
    expect(dashboard.totals).toEqual({
      associations: 4,
      members: 12 + 10 + 10 + 7,
      // 91,000 + 20,000 + 15,000 + 30,000
      fund: '156000.00',
      loans: 5,
      overdueLoans: 2,
      // 6,000 + 17,000 + 15,000
      outstanding: '38000.00',
      overduePrincipal: '3000.00',
      // 3,000 / 38,000 = 7.894…%
      overdueRatePercent: '7.89',
      par30Principal: '10000.00',
      // 10,000 / 38,000 = 26.315…%
      par30Percent: '26.32',
      // 38,000 / 156,000 = 24.358…%
      lentOutPercent: '24.36',
      cashOnHand: '93000.00',
      cash: '28000.00',
      bank: '65000.00',
      riskReserve: '1500.00',
      // 1,500 / 3,000
      riskReserveCoveragePercent: '50.00',
      placements: '10000.00',
      borrowings: '5000.00',
      // 11,000 / 156,000 = 7.051…%
      largestLoan: {
        associationId: 'a-yellow',
        loanId: 'y2',
        principalOutstanding: '11000.00',
        ofFundPercent: '7.05',
      },
      ratings: { green: 2, yellow: 1, red: 1 },
    });
  });

  it('uses the federation’s own thresholds', () => {
    const strict = federationSettingsSchema.parse({
      ratingThresholds: {
        overdueRatePercent: { yellow: '1', red: '5.5' },
        par30Percent: { yellow: '3', red: '8' },
        lentOutSharePercent: { yellow: '5', red: '80' },
      },
    });
    const rated = dashboardOf({ asOf, associations: [green, yellow], settings: strict });
    expect(rated.associations.map((a) => [a.associationId, a.rating, a.reasons])).toEqual([
      [
        'a-green',
        'yellow',
        ['借出比例 6.59%（借出余额 ¥6,000.00 ÷ 互助金总额 ¥91,000.00），达到黄色预警线 5%'],
      ],
      [
        'a-yellow',
        'red',
        [
          '逾期率 5.88%（逾期本金 ¥1,000.00 ÷ 借出余额 ¥17,000.00），达到红色预警线 5.5%',
          '借出比例 85.00%（借出余额 ¥17,000.00 ÷ 互助金总额 ¥20,000.00），达到红色预警线 80%',
        ],
      ],
    ]);
  });
});

describe('loans on the date asked', () => {
  const fund = { '3101': '-100000.00' };

  it('leaves out a loan disbursed after the date', () => {
    const [a] = dashboardOf({
      asOf: '2026-01-19',
      associations: [association('a', fund, [loan('g1', 6, '2026-01-20')])],
      settings,
    }).associations;
    expect(a).toMatchObject({ loans: 0, outstanding: '0.00', largestLoan: null });
  });

  it('counts a loan paid off after the date as it stood then, and not after its payoff', () => {
    const paid = payOff(loan('p1', 6, '2026-01-10'), '2026-03-01');
    expect(paid.status).toBe('paid-off');
    const on = (date: string) =>
      dashboardOf({
        asOf: date,
        associations: [association('a', fund, [paid])],
        settings,
      }).associations[0]!;
    // 2026-02-15: the 2026-02-10 installment is 5 days overdue.
    expect(on('2026-02-15')).toMatchObject({
      outstanding: '6000.00',
      overduePrincipal: '1000.00',
      overdueRatePercent: '16.67',
      rating: 'red',
    });
    expect(on('2026-03-01')).toMatchObject({ loans: 0, outstanding: '0.00', rating: 'green' });
  });

  it('names the lowest loan id as the largest when two loans owe the same', () => {
    const [a] = dashboardOf({
      asOf,
      associations: [
        association('a', fund, [loan('l0009', 6, '2026-02-01'), loan('l0002', 6, '2026-02-01')]),
      ],
      settings,
    }).associations;
    expect(a!.largestLoan).toEqual({
      loanId: 'l0002',
      principalOutstanding: '6000.00',
      ofFundPercent: '6.00',
    });
  });

  it('counts a written-off loan until its write-off, then takes it off', () => {
    const defaulted = writeOff(loan('w1', 6, '2025-10-10'), '2026-02-20', 'je-w').loan;
    const on = (date: string) =>
      dashboardOf({
        asOf: date,
        associations: [association('a', fund, [defaulted])],
        settings,
      }).associations[0]!;
    // 2026-02-15: four installments missed since 2025-11-10 (97 days): all 6,000 is PAR30.
    expect(on('2026-02-15')).toMatchObject({
      outstanding: '6000.00',
      overduePrincipal: '4000.00',
      par30Percent: '100.00',
      rating: 'red',
    });
    expect(on('2026-02-20')).toMatchObject({
      outstanding: '0.00',
      overduePrincipal: '0.00',
      riskReserveCoveragePercent: 'n/a',
      rating: 'green',
    });
  });
});

describe('ratingOf', () => {
  const lines = settings.ratingThresholds;
  const rateFor = (overdue: string, outstanding = '100000.00', fund = '1000000.00') =>
    ratingOf(
      { fund: m(fund), outstanding: m(outstanding), overdue: m(overdue), par30: Money.zero },
      lines,
    );

  it('reaches a line at the line itself, judged on the exact rate', () => {
    expect(rateFor('5000.00').rating).toBe('yellow');
    // 4,999.99 / 100,000 = 4.99999%: shown as 5.00, still below the 5% line.
    expect(rateFor('4999.99')).toEqual({ rating: 'green', reasons: [] });
    expect(rateFor('10000.00').rating).toBe('red');
    expect(rateFor('9999.99').rating).toBe('yellow');
  });

  it('rates PAR30 alone yellow between its lines', () => {
    expect(
      ratingOf(
        {
          fund: m('100000.00'),
          outstanding: m('50000.00'),
          overdue: Money.zero,
          par30: m('2000.00'),
        },
        lines,
      ),
    ).toEqual({
      rating: 'yellow',
      reasons: [
        'PAR30（逾期 30 天以上借款占比） 4.00%（逾期 30 天以上借款余额 ¥2,000.00 ÷ 借出余额 ¥50,000.00），达到黄色预警线 3%',
      ],
    });
  });

  it('rates red, with its reason, an association with loans and no fund', () => {
    const result = ratingOf(
      { fund: Money.zero, outstanding: m('1000.00'), overdue: Money.zero, par30: Money.zero },
      lines,
    );
    expect(result.rating).toBe('red');
    expect(result.reasons).toEqual([
      '借出比例无法计算（借出余额 ¥1,000.00 ÷ 互助金总额 ¥0.00），互助金总额为零却有借款余额',
    ]);
    const dashboard = dashboardOf({
      asOf,
      associations: [association('a', {}, [loan('x', 1, '2026-02-01')])],
      settings,
    });
    expect(dashboard.associations[0]).toMatchObject({ lentOutPercent: 'n/a', rating: 'red' });
  });
});
