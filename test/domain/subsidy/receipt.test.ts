import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money } from '#domain/money.ts';
import type { SubsidyClaim } from '#domain/subsidy/claim.ts';
import {
  payOutSubsidy,
  receiptTotals,
  receiveSubsidy,
  subsidyOfLoan,
  undoSubsidyEntry,
  type SubsidyReceipt,
} from '#domain/subsidy/receipt.ts';
import { refusalOf } from '../../support/refusal.ts';

/** A 2026Q3 claim with these loans and subsidies (the rest of a row does not matter here). */
function claimOf(subsidies: Record<string, string>, period = '2026Q3'): SubsidyClaim {
  const rows = Object.entries(subsidies).map(([loanId, subsidy], i) => ({
    loanId,
    memberId: `m000${i + 1}`,
    borrower: `农户${i + 1}`,
    idNumber: '332529198001010018',
    product: 'tea-garden' as const,
    principal: '100000.00',
    disbursedOn: '2026-01-10',
    maturesOn: '2027-01-10',
    from: '2026-07-01',
    to: '2026-09-30',
    days: 92,
    eligiblePrincipal: '100000.00',
    rate: '2.4',
    interestPaid: '1533.33',
    subsidy,
    notes: [],
  }));
  const total = Money.sum(rows.map((r) => Money.of(r.subsidy))).toString();
  return {
    associationId: 'zhuyang-01',
    period,
    from: period === '2026-08' ? '2026-08-01' : '2026-07-01',
    to: period === '2026-08' ? '2026-08-31' : '2026-09-30',
    rows,
    totals: {
      loans: rows.length,
      principal: '0',
      eligiblePrincipal: '0',
      interestPaid: '0',
      subsidy: total,
    },
  };
}

const claim = claimOf({ l0001: '613.33', l0002: '306.67', l0003: '0.00', l0004: '80.00' });
const receive = (amount: string, on = '2026-10-20') =>
  receiveSubsidy(claim, [], {
    entryId: 'je-20261020-aaaaaaaaaa',
    on,
    amount: Money.of(amount),
    channel: 'bank',
  });
const texts = (receipt: SubsidyReceipt) =>
  Object.fromEntries(receipt.rows.map((r) => [r.loanId, r.received.toString()]));

describe('贴息到账: what the county paid, shared over the claim', () => {
  it('paid in full: each loan gets exactly its row, held in 2203 应付贴息款', () => {
    const { receipt, entry } = receive('1000.00');
    expect(texts(receipt)).toEqual({ l0001: '613.33', l0002: '306.67', l0004: '80.00' });
    expect(receipt).toMatchObject({ period: '2026Q3', receivedOn: '2026-10-20', channel: 'bank' });
    expect(receipt.claimed.toString()).toBe('1000.00');
    expect(entry).toMatchObject({ kind: 'subsidy-receipt', date: '2026-10-20' });
    expect(entry.lines.map((l) => [l.account, l.debit.toString(), l.credit.toString()])).toEqual([
      ['1002', '1000.00', '0.00'],
      ['2203', '0.00', '1000.00'],
    ]);
  });

  it('paid in part: shared in proportion, to the 分, summing exactly to what came in', () => {
    const { receipt } = receive('500.00');
    expect(texts(receipt)).toEqual({ l0001: '306.67', l0002: '153.33', l0004: '40.00' });
    // 306.665 and 153.335 tie on the remainder: the 分 goes to the first in loan order.
    expect(texts(receive('999.99').receipt)).toEqual({
      l0001: '613.32',
      l0002: '306.67',
      l0004: '80.00',
    });
  });

  it('shares any amount up to the claim exactly, never more than a row claimed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (rowCents, per) => {
          const total = rowCents.reduce((a, b) => a + b, 0);
          fc.pre(total > 0);
          const subsidies = Object.fromEntries(
            rowCents.map((c, i) => [`l${String(i + 1).padStart(4, '0')}`, (c / 100).toFixed(2)]),
          );
          const paid = Math.max(1, Math.floor((total * per) / 1_000_000));
          const amount = Money.of((paid / 100).toFixed(2));
          const { receipt } = receiveSubsidy(claimOf(subsidies), [], {
            entryId: 'je-20261020-aaaaaaaaaa',
            on: '2026-10-20',
            amount,
            channel: 'cash',
          });
          expect(Money.sum(receipt.rows.map((r) => r.received)).equals(amount)).toBe(true);
          for (const row of receipt.rows) {
            expect(row.received.isNegative()).toBe(false);
            expect(row.claimed.gt(row.received) || row.claimed.equals(row.received)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses more than the claim, nothing, a day inside the period, and an empty claim', () => {
    expect(refusalOf(() => receive('1000.01')).code).toBe('SUBSIDY_RECEIPT_ABOVE_CLAIM');
    expect(refusalOf(() => receive('0.00')).code).toBe('SUBSIDY_RECEIPT_ABOVE_CLAIM');
    expect(refusalOf(() => receive('10.00', '2026-09-30')).code).toBe(
      'SUBSIDY_RECEIVED_BEFORE_PERIOD_END',
    );
    const empty = claimOf({ l0003: '0.00' });
    expect(
      refusalOf(() =>
        receiveSubsidy(empty, [], {
          entryId: 'je-20261020-aaaaaaaaaa',
          on: '2026-10-20',
          amount: Money.of('1.00'),
          channel: 'bank',
        }),
      ).code,
    ).toBe('SUBSIDY_CLAIM_EMPTY');
  });

  it('never receives a day twice: the same period, or a month inside a quarter received', () => {
    const q3 = receive('1000.00').receipt;
    const again = refusalOf(() =>
      receiveSubsidy(claim, [q3], {
        entryId: 'je-20261021-bbbbbbbbbb',
        on: '2026-10-21',
        amount: Money.of('1.00'),
        channel: 'bank',
      }),
    );
    expect(again).toMatchObject({ code: 'SUBSIDY_ALREADY_RECEIVED', kind: 'conflict' });
    expect(again.details).toMatchObject({ received: '2026Q3', entryId: q3.entryId });
    const august = refusalOf(() =>
      receiveSubsidy(claimOf({ l0001: '200.00' }, '2026-08'), [q3], {
        entryId: 'je-20261021-bbbbbbbbbb',
        on: '2026-10-21',
        amount: Money.of('1.00'),
        channel: 'bank',
      }),
    );
    expect(august.code).toBe('SUBSIDY_ALREADY_RECEIVED');
    expect(august.title).toContain('重叠');
  });
});

describe('贴息发放: paying the households', () => {
  const received = receive('1000.00').receipt;
  const pay = (receipt: SubsidyReceipt, id: string, loanIds?: string[], on = '2026-10-25') =>
    payOutSubsidy(receipt, { entryId: id, on, channel: 'cash', loanIds });

  it('pays the loans named, then the rest, each household once', () => {
    const first = pay(received, 'je-20261025-cccccccccc', ['l0002']);
    expect(first.paid.map((r) => r.loanId)).toEqual(['l0002']);
    expect(first.entry).toMatchObject({
      kind: 'subsidy-payout',
      loanId: 'l0002',
      memberId: 'm0002',
    });
    expect(
      first.entry.lines.map((l) => [l.account, l.debit.toString(), l.credit.toString()]),
    ).toEqual([
      ['2203', '306.67', '0.00'],
      ['1001', '0.00', '306.67'],
    ]);
    const rest = pay(first.receipt, 'je-20261026-dddddddddd', undefined, '2026-10-26');
    expect(rest.paid.map((r) => r.loanId)).toEqual(['l0001', 'l0004']);
    expect(rest.entry.lines[0]!.debit.toString()).toBe('693.33');
    expect(rest.entry.memo).toBe('发放 2026Q3 贴息：2 户');

    expect(receiptTotals(first.receipt)).toEqual({
      paidOut: Money.of('306.67'),
      held: Money.of('693.33'),
    });
    expect(receiptTotals(rest.receipt).held.isZero()).toBe(true);
    expect(subsidyOfLoan([rest.receipt], 'l0002')).toEqual({
      paidOut: Money.of('306.67'),
      held: Money.zero,
    });
    expect(subsidyOfLoan([first.receipt], 'l0001').held.toString()).toBe('613.33');
    expect(subsidyOfLoan([rest.receipt], 'l0009').paidOut.isZero()).toBe(true);

    expect(refusalOf(() => pay(rest.receipt, 'je-20261027-eeeeeeeeee')).code).toBe(
      'SUBSIDY_ALREADY_PAID_OUT',
    );
    expect(refusalOf(() => pay(first.receipt, 'je-20261027-eeeeeeeeee', ['l0002'])).code).toBe(
      'SUBSIDY_ALREADY_PAID_OUT',
    );
  });

  it('refuses a loan not on the receipt and a day before the money came', () => {
    expect(refusalOf(() => pay(received, 'je-20261025-cccccccccc', ['l0003'])).code).toBe(
      'SUBSIDY_PAYOUT_UNKNOWN_LOAN',
    );
    expect(
      refusalOf(() => pay(received, 'je-20261019-cccccccccc', undefined, '2026-10-19')).code,
    ).toBe('SUBSIDY_PAID_BEFORE_RECEIVED');
  });

  it('is undone by reversing: a payout unpays its households; a receipt goes once nothing is paid', () => {
    const first = pay(received, 'je-20261025-cccccccccc', ['l0002']);
    const rest = pay(first.receipt, 'je-20261026-dddddddddd');
    const undone = undoSubsidyEntry(rest.receipt, rest.entry)!;
    expect(undone.rows.filter((r) => r.paidOut).map((r) => r.loanId)).toEqual(['l0002']);
    expect(undoSubsidyEntry(received, { id: received.entryId, kind: 'subsidy-receipt' })).toBe(
      undefined,
    );
    const refused = refusalOf(() =>
      undoSubsidyEntry(undone, { id: received.entryId, kind: 'subsidy-receipt' }),
    );
    expect(refused.code).toBe('SUBSIDY_RECEIPT_PAID_OUT');
    expect(refused.details).toEqual({ payouts: ['je-20261025-cccccccccc'] });
  });
});
