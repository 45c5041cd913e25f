import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  lowestBalanceFrom,
  requireAfterFounding,
  requireAfterJoining,
  requireNoNegativeDay,
} from '#domain/ledger/dated-floors.ts';
import { Money } from '#domain/money.ts';
import { refusalOf } from '../../support/refusal.ts';

const m = (text: string) => Money.of(text);

describe('balance floors on every date (issue #18, item 4)', () => {
  it('finds the lowest closing balance from the entry date on', () => {
    // Today 1,000.00; 900.00 went out on 06-25 and 300.00 came in on 06-28, so the days
    // closed at 1,600.00 (to 06-24), 700.00 (06-25 to 06-27) and 1,000.00 (from 06-28).
    const later = [
      { date: '2026-06-25', change: m('-900.00') },
      { date: '2026-06-28', change: m('300.00') },
    ];
    const out = (amount: string) => [{ date: '2026-06-20', change: m(amount).negated() }];
    expect(lowestBalanceFrom(m('1000.00'), later, out('150.00'), '2026-06-20')).toEqual({
      date: '2026-06-25',
      balance: m('550.00'),
    });
    expect(lowestBalanceFrom(m('1000.00'), later, out('800.00'), '2026-06-20')).toEqual({
      date: '2026-06-25',
      balance: m('-100.00'),
    });
    // An entry dated after the outflow only sees the later days.
    expect(lowestBalanceFrom(m('1000.00'), later.slice(1), out('150.00'), '2026-06-26')).toEqual({
      date: '2026-06-26',
      balance: m('550.00'),
    });
  });

  it('refuses a negative day with the day and the balance, and passes zero', () => {
    const refusal = refusalOf(() =>
      requireNoNegativeDay('1001', { date: '2026-06-25', balance: m('-50.00') }),
    );
    expect(refusal.code).toBe('BALANCE_NEGATIVE_ON_LATER_DATE');
    expect(refusal.details).toMatchObject({
      account: '1001',
      date: '2026-06-25',
      balance: '-50.00',
    });
    expect(() =>
      requireNoNegativeDay('1002', { date: '2026-06-25', balance: m('0.00') }),
    ).not.toThrow();
  });

  it("is today's balance plus the entry when nothing is dated after it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_00 }),
        fc.integer({ min: -10_000_00, max: 0 }),
        (now, out) => {
          const current = Money.of((now / 100).toFixed(2));
          const change = Money.of((out / 100).toFixed(2));
          const lowest = lowestBalanceFrom(
            current,
            [],
            [{ date: '2026-06-30', change }],
            '2026-06-30',
          );
          expect(lowest.balance.equals(current.plus(change))).toBe(true);
        },
      ),
    );
  });

  it('refuses dates before founding and before joining', () => {
    expect(refusalOf(() => requireAfterFounding('2013-04-18', '2013-04-17')).code).toBe(
      'ENTRY_BEFORE_FOUNDING',
    );
    expect(refusalOf(() => requireAfterJoining('2026-05-01', '2026-04-30')).code).toBe(
      'ENTRY_BEFORE_JOINING',
    );
    expect(() => requireAfterFounding('2013-04-18', '2013-04-18')).not.toThrow();
    expect(() => requireAfterJoining('2026-05-01', '2026-05-01')).not.toThrow();
  });
});
