import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultFederationSettings, fundOf } from '#domain/federation/settings.ts';
import {
  approvePlan,
  federationPosting,
  positionOf,
  proposePlan,
  repayTransfer,
  transferFeeDue,
  type LiquidityPlan,
  type LiquidityTransfer,
  type PlanPosition,
} from '#domain/federation/transfers.ts';
import { balanceChanges, type JournalEntry } from '#domain/ledger/journal.ts';
import { addDays } from '#domain/dates.ts';
import { Money } from '#domain/money.ts';
import { refusalOf } from '../../support/refusal.ts';

const settings = defaultFederationSettings();
const m = (text: string) => Money.of(text);

/** Signed balances as the books keep them: debit − credit. */
function books(figures: Record<string, string>): Map<string, Money> {
  return new Map(Object.entries(figures).map(([code, text]) => [code, m(text)]));
}

/** A demo association: 9.34万 cash from shares, 21.055万 in the bank from capital. */
const demoBooks = books({
  '1001': '93400.00',
  '1002': '210550.00',
  '3101': '-93400.00',
  '3201': '-100000.00',
  '3202': '-110000.00',
  '3203': '-550.00',
});

const lines = (entry: JournalEntry) =>
  entry.lines.map((l) => [l.account, l.debit.toString(), l.credit.toString()]);

function position(
  id: string,
  figures: Partial<Record<keyof Omit<PlanPosition, 'associationId'>, string>>,
): PlanPosition {
  const amount = (field: keyof typeof figures) => m(figures[field] ?? '0');
  return {
    associationId: id,
    cashOnHand: amount('cashOnHand'),
    bank: amount('bank'),
    fund: amount('fund'),
    placed: amount('placed'),
    reserveFloor: amount('reserveFloor'),
    demand: amount('demand'),
    placementCap: amount('placementCap'),
  };
}

const lender = position('zhuyang-01', {
  cashOnHand: '93400.00',
  bank: '210550.00',
  reserveFloor: '30395.00',
  placementCap: '91185.00',
});
const borrower = position('zhuyang-02', {
  bank: '10000.00',
  reserveFloor: '10000.00',
  demand: '30000.00',
});

function plan(...positions: PlanPosition[]): LiquidityPlan {
  return proposePlan({
    id: 'lp-20260301-abcdefghjk',
    federationId: 'zhuyang',
    on: '2026-03-01',
    positions,
    settings,
  });
}

function approve(proposed: LiquidityPlan, on = '2026-03-01') {
  return approvePlan(proposed, {
    on,
    current: new Map(proposed.positions.map((p) => [p.associationId, p])),
    entryIds: new Map(proposed.positions.map((p) => [p.associationId, `je-${p.associationId}`])),
  });
}

function openTransfer(amount: string, startsOn = '2026-03-01'): LiquidityTransfer {
  const proposed = plan(
    lender,
    position('zhuyang-02', { bank: '0.00', demand: amount, reserveFloor: '0.00' }),
  );
  return approve(proposed, startsOn).transfers[0]!;
}

const ids = { borrowerEntryId: 'je-b', lenderEntryId: 'je-l' };

describe('positions from live balances', () => {
  it('takes the fund, reserve floor and placement cap from the demo books', () => {
    expect(fundOf(demoBooks).toString()).toBe('303950.00');
    const p = positionOf('zhuyang-01', demoBooks, m('1000.00'), settings);
    expect(p).toEqual({
      associationId: 'zhuyang-01',
      cashOnHand: m('93400.00'),
      bank: m('210550.00'),
      fund: m('303950.00'),
      placed: m('0'),
      reserveFloor: m('30395.00'),
      demand: m('1000.00'),
      placementCap: m('91185.00'),
    });
  });

  it('counts what is already placed against the cap, and never more than the bank holds', () => {
    const placed = new Map(demoBooks).set('1201', m('20000.00')).set('1002', m('190550.00'));
    expect(positionOf('a', placed, Money.zero, settings).placementCap.toString()).toBe('71185.00');
    const lowBank = new Map(demoBooks).set('1002', m('50000.00'));
    expect(positionOf('a', lowBank, Money.zero, settings).placementCap.toString()).toBe('50000.00');
    const overPlaced = new Map(demoBooks).set('1201', m('95000.00'));
    expect(positionOf('a', overPlaced, Money.zero, settings).placementCap.toString()).toBe('0.00');
  });

  it('counts reserves in the fund', () => {
    expect(
      fundOf(books({ '3101': '-1000.00', '3301': '-200.00', '3303': '-5.50' })).toString(),
    ).toBe('1205.50');
  });
});

describe('proposing a plan', () => {
  it('plans one transfer for the borrower short of 30000 and names it after the plan', () => {
    const proposed = plan(lender, borrower);
    expect(proposed.status).toBe('proposed');
    expect(proposed.feeRate).toEqual({ monthlyPermille: '5' });
    expect(proposed.termMonths).toBe(6);
    expect(proposed.transfers).toEqual([
      {
        id: 'lp-20260301-abcdefghjk-01',
        from: 'zhuyang-01',
        to: 'zhuyang-02',
        amount: m('30000.00'),
      },
    ]);
    expect(proposed.shortfalls).toEqual([]);
  });
});

describe('approving a plan', () => {
  it('books the lender Dr 1201 / Cr 1002 and the borrower Dr 1002 / Cr 2101, exactly', () => {
    const { plan: approved, entries, transfers } = approve(plan(lender, borrower), '2026-03-02');
    expect(approved.status).toBe('approved');
    expect(lines(entries.get('zhuyang-01')!)).toEqual([
      ['1201', '30000.00', '0.00'],
      ['1002', '0.00', '30000.00'],
    ]);
    expect(lines(entries.get('zhuyang-02')!)).toEqual([
      ['1002', '30000.00', '0.00'],
      ['2101', '0.00', '30000.00'],
    ]);
    expect(entries.get('zhuyang-01')!.kind).toBe('liquidity-transfer');
    expect(transfers).toEqual([
      expect.objectContaining({
        id: 'lp-20260301-abcdefghjk-01',
        from: 'zhuyang-01',
        to: 'zhuyang-02',
        amount: m('30000.00'),
        outstanding: m('30000.00'),
        startsOn: '2026-03-02',
        dueOn: '2026-09-02',
        feeAccruedTo: '2026-03-02',
        status: 'open',
        version: 1,
      }),
    ]);
  });

  it('gives a lender with two borrowers one entry, so each account is updated once', () => {
    const second = position('zhuyang-03', { demand: '5000.00' });
    const { entries } = approve(plan(lender, borrower, second));
    const changes = balanceChanges(entries.get('zhuyang-01')!);
    expect(changes.get('1201')!.toString()).toBe('35000.00');
    expect(changes.get('1002')!.toString()).toBe('-35000.00');
    expect([...entries.keys()].sort()).toEqual(['zhuyang-01', 'zhuyang-02', 'zhuyang-03']);
  });

  it('refuses a plan whose cash or bank moved since it was made', () => {
    const proposed = plan(lender, borrower);
    const refusal = refusalOf(() =>
      approvePlan(proposed, {
        on: '2026-03-01',
        current: new Map([
          ['zhuyang-01', lender],
          ['zhuyang-02', { ...borrower, bank: m('10000.01') }],
        ]),
        entryIds: new Map(),
      }),
    );
    expect(refusal).toMatchObject({ code: 'PLAN_STALE', kind: 'conflict' });
    expect(refusal.details).toEqual({ associationId: 'zhuyang-02' });
  });

  it('refuses a second approval, an approval dated before the plan, and an empty plan', () => {
    const { plan: approved } = approve(plan(lender, borrower));
    expect(refusalOf(() => approve(approved)).code).toBe('PLAN_ALREADY_APPROVED');
    expect(refusalOf(() => approve(plan(lender, borrower), '2026-02-28')).code).toBe(
      'APPROVAL_BEFORE_PLAN',
    );
    expect(refusalOf(() => approve(plan(lender))).code).toBe('PLAN_EMPTY');
  });
});

describe('repaying a transfer', () => {
  it('pays the fee for the days since the start, then principal, in both books', () => {
    // 5‰ a month = 6% a year; 60 days on 30000: 30000 × 0.06 × 60 / 365 = 295.890… → 295.89.
    const transfer = openTransfer('30000.00');
    expect(transferFeeDue(transfer, '2026-04-30')).toEqual({
      days: 60,
      accrued: m('295.89'),
      due: m('295.89'),
      payable: m('30295.89'),
    });
    const first = repayTransfer(transfer, { amount: m('10000.00'), on: '2026-04-30', ...ids });
    expect(first.repayment).toMatchObject({ fee: m('295.89'), principal: m('9704.11'), days: 60 });
    expect(lines(first.borrowerEntry)).toEqual([
      ['2101', '9704.11', '0.00'],
      ['5101', '295.89', '0.00'],
      ['1002', '0.00', '10000.00'],
    ]);
    expect(lines(first.lenderEntry)).toEqual([
      ['1002', '10000.00', '0.00'],
      ['1201', '0.00', '9704.11'],
      ['4101', '0.00', '295.89'],
    ]);
    expect(first.transfer).toMatchObject({
      outstanding: m('20295.89'),
      feeAccruedTo: '2026-04-30',
      feePaid: m('295.89'),
      status: 'open',
      version: 2,
    });

    // 31 more days on 20295.89: 20295.89 × 0.06 × 31 / 365 = 103.4256… → 103.43.
    const over = refusalOf(() =>
      repayTransfer(first.transfer, { amount: m('20399.33'), on: '2026-05-31', ...ids }),
    );
    expect(over).toMatchObject({ code: 'TRANSFER_OVERPAID' });
    expect(over.details).toMatchObject({ payable: '20399.32', fee: '103.43' });

    const last = repayTransfer(first.transfer, { amount: m('20399.32'), on: '2026-05-31', ...ids });
    expect(last.transfer).toMatchObject({
      outstanding: m('0'),
      feePaid: m('399.32'),
      status: 'repaid',
    });
    expect(
      refusalOf(() => repayTransfer(last.transfer, { amount: m('1'), on: '2026-06-01', ...ids }))
        .code,
    ).toBe('TRANSFER_REPAID');
  });

  it('rounds the fee half-up: 0.75 for a year at 6% is 0.045 → 0.05', () => {
    const transfer = openTransfer('0.75');
    expect(transferFeeDue(transfer, '2027-03-01')).toMatchObject({ days: 365 });
    expect(transferFeeDue(transfer, '2027-03-01').due.toString()).toBe('0.05');
  });

  it('keeps fee a small repayment could not pay, and takes it before principal next time', () => {
    const transfer = openTransfer('30000.00');
    const small = repayTransfer(transfer, { amount: m('100.00'), on: '2026-04-30', ...ids });
    expect(lines(small.borrowerEntry)).toEqual([
      ['5101', '100.00', '0.00'],
      ['1002', '0.00', '100.00'],
    ]);
    expect(small.transfer).toMatchObject({ outstanding: m('30000.00'), feeArrears: m('195.89') });
    // Same day: nothing more accrues, the arrears come first.
    const next = repayTransfer(small.transfer, { amount: m('1000.00'), on: '2026-04-30', ...ids });
    expect(next.repayment).toMatchObject({ fee: m('195.89'), principal: m('804.11'), days: 0 });
  });

  it('refuses a repayment dated before the last one', () => {
    const transfer = openTransfer('30000.00');
    const first = repayTransfer(transfer, { amount: m('100.00'), on: '2026-04-30', ...ids });
    expect(
      refusalOf(() =>
        repayTransfer(first.transfer, { amount: m('1.00'), on: '2026-04-29', ...ids }),
      ).code,
    ).toBe('REPAYMENT_BEFORE_LAST');
  });

  it('property: balanced entries, principal conserved, 1201 mirrors 2101, never 1101', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 100_000_000n }),
        // Each step: days later, and the share of what is payable paid, in ‰.
        fc.array(fc.tuple(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 1000 })), {
          maxLength: 6,
        }),
        (cents, steps) => {
          let transfer = openTransfer(`${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`);
          let day = transfer.startsOn;
          let repaid = Money.zero;
          for (const [days, permille] of steps) {
            if (transfer.status === 'repaid') break;
            day = addDays(day, days);
            const { payable } = transferFeeDue(transfer, day);
            const amount = Money.round(payable.value.times(permille).div(1000)).max(m('0.01'));
            const result = repayTransfer(transfer, { amount, on: day, ...ids });
            for (const entry of [result.borrowerEntry, result.lenderEntry]) {
              expect(entry.lines.map((l) => l.account)).not.toContain('1101');
            }
            const borrowed = balanceChanges(result.borrowerEntry).get('2101') ?? Money.zero;
            const placed = balanceChanges(result.lenderEntry).get('1201') ?? Money.zero;
            expect(borrowed.plus(placed).isZero()).toBe(true);
            expect(result.repayment.fee.plus(result.repayment.principal).equals(amount)).toBe(true);
            repaid = repaid.plus(result.repayment.principal);
            transfer = result.transfer;
          }
          expect(repaid.plus(transfer.outstanding).equals(transfer.amount)).toBe(true);
        },
      ),
    );
  });
});

describe('the federation does not lend to households', () => {
  it('refuses any federation posting that touches 1101 loans out', () => {
    expect(() =>
      federationPosting({
        id: 'je-x',
        date: '2026-03-01',
        kind: 'liquidity-transfer',
        memo: 'a loan in disguise',
        lines: [
          { account: '1101', debit: m('100.00'), credit: Money.zero },
          { account: '1002', debit: Money.zero, credit: m('100.00') },
        ],
      }),
    ).toThrow(/1101/);
  });

  it('approval entries never touch 1101', () => {
    const { entries } = approve(plan(lender, borrower, position('zhuyang-03', { demand: '1.00' })));
    for (const entry of entries.values()) {
      expect(entry.lines.map((l) => l.account)).not.toContain('1101');
    }
  });
});
