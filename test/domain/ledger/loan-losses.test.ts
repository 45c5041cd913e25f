import { describe, expect, it } from 'vitest';
import {
  bornBy,
  lossSettings,
  provisionEntry,
  requiredProvision,
  tierOf,
  writeOffLossLines,
} from '#domain/ledger/loan-losses.ts';
import { Money } from '#domain/money.ts';

const m = (text: string) => Money.of(text);
const defaults = lossSettings.parse({});
const lines = (list: ReturnType<typeof writeOffLossLines>) =>
  list.map((l) => [l.account, l.debit.toString(), l.credit.toString()]);

describe('a write-off larger than the risk reserve (issue #18, item 1)', () => {
  // The case: 15,133.78 written off with 124.46 in the reserve.
  const cover = { provision: m('0.00'), riskReserve: m('124.46'), capitalReserve: m('3000.00') };

  it("is borne by the reserve, then 公积金, then the year's result", () => {
    expect(lines(writeOffLossLines(m('15133.78'), cover, 'capital-reserve'))).toEqual([
      ['3301', '124.46', '0.00'],
      ['3302', '3000.00', '0.00'],
      ['5301', '12009.32', '0.00'],
      ['1101', '0.00', '15133.78'],
    ]);
    expect(bornBy(m('15133.78'), cover, 'capital-reserve')).toBe(
      '由风险准备金 ¥124.46、公积金 ¥3,000.00、当年收支（贷款损失） ¥12,009.32承担',
    );
  });

  it('goes to the result straight after the reserve when the charter says so', () => {
    expect(lines(writeOffLossLines(m('15133.78'), cover, 'result'))).toEqual([
      ['3301', '124.46', '0.00'],
      ['5301', '15009.32', '0.00'],
      ['1101', '0.00', '15133.78'],
    ]);
  });

  it('uses the provision first, and stops as soon as the loss is covered', () => {
    const withProvision = { ...cover, provision: m('5000.00') };
    expect(lines(writeOffLossLines(m('5100.00'), withProvision, 'capital-reserve'))).toEqual([
      ['1103', '5000.00', '0.00'],
      ['3301', '100.00', '0.00'],
      ['1101', '0.00', '5100.00'],
    ]);
  });
});

describe('the loan-loss provision by overdue age (五级分类)', () => {
  it('classifies by overdue days', () => {
    expect([0, 1, 90, 91, 180, 181, 360, 361].map((d) => tierOf(d, defaults))).toEqual([
      'normal',
      'special-mention',
      'special-mention',
      'substandard',
      'substandard',
      'doubtful',
      'doubtful',
      'loss',
    ]);
  });

  it("requires each tier's rate of its principal, and books only the difference", () => {
    const required = requiredProvision(
      [
        { principalOutstanding: m('10000.00'), overdueDays: 0 },
        { principalOutstanding: m('5000.00'), overdueDays: 30 },
        { principalOutstanding: m('4000.00'), overdueDays: 120 },
        { principalOutstanding: m('0.00'), overdueDays: 400 },
      ],
      defaults,
    );
    expect(required.rows.map((r) => [r.tier, r.loans, r.required.toString()])).toEqual([
      ['normal', 1, '100.00'],
      ['special-mention', 1, '100.00'],
      ['substandard', 1, '1000.00'],
      ['doubtful', 0, '0.00'],
      ['loss', 0, '0.00'],
    ]);
    expect(required.total.toString()).toBe('1200.00');
    const raise = provisionEntry({
      entryId: 'je-x',
      on: '2026-06-30',
      held: m('200.00'),
      required: required.total,
    });
    expect(raise?.lines.map((l) => [l.account, l.debit.toString(), l.credit.toString()])).toEqual([
      ['5301', '1000.00', '0.00'],
      ['1103', '0.00', '1000.00'],
    ]);
    const release = provisionEntry({
      entryId: 'je-y',
      on: '2026-07-31',
      held: m('1200.00'),
      required: m('700.00'),
    });
    expect(release?.lines.map((l) => [l.account, l.debit.toString()])).toEqual([
      ['1103', '500.00'],
      ['5301', '0.00'],
    ]);
    expect(
      provisionEntry({
        entryId: 'je-z',
        on: '2026-07-31',
        held: m('700.00'),
        required: m('700.00'),
      }),
    ).toBeUndefined();
  });
});
