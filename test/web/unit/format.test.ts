import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Money } from '#domain/money.ts';
import {
  amountForApi,
  compareAmounts,
  formatAmount,
  formatDate,
  formatInstant,
  formatPercent,
  isAmountInput,
  isZeroAmount,
  previousMonthEnd,
  todayInShanghai,
} from '../../../web/src/format.ts';

describe('amounts in the console', () => {
  it('groups the API strings as ¥ with two decimals, without arithmetic', () => {
    expect(formatAmount('1234.50')).toBe('¥1,234.50');
    expect(formatAmount('3039500.00')).toBe('¥3,039,500.00');
    expect(formatAmount('0.07')).toBe('¥0.07');
    expect(formatAmount('12')).toBe('¥12.00');
    expect(formatAmount('5.5')).toBe('¥5.50');
    expect(formatAmount('-8.00')).toBe('-¥8.00');
    expect(formatAmount('-0.00')).toBe('¥0.00');
    expect(formatAmount('n/a')).toBe('n/a');
    expect(formatAmount(undefined)).toBe('');
  });

  it("writes every amount exactly as the domain's Money.format() does", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), (fen) => {
        const sign = fen < 0n ? '-' : '';
        const abs = (fen < 0n ? -fen : fen).toString().padStart(3, '0');
        const text = `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`;
        expect(formatAmount(text)).toBe(Money.of(text).format());
      }),
    );
  });

  it('accepts typed amounts with at most two decimals, above zero, and sends them as strings', () => {
    for (const ok of ['500', '528.5', '528.50', '0.01', '0050'])
      expect(isAmountInput(ok)).toBe(true);
    for (const bad of ['', '0', '0.00', '1.234', '-5', '1e3', '1,000', ' 5', '5.', '.5', '¥5'])
      expect(isAmountInput(bad), bad).toBe(false);
    expect(amountForApi('300')).toBe('300.00');
    expect(amountForApi('0050.5')).toBe('50.50');
    expect(amountForApi('528.50')).toBe('528.50');
    expect(() => amountForApi('1.234')).toThrow(RangeError);
    expect(isZeroAmount('0.00')).toBe(true);
    expect(isZeroAmount('0.01')).toBe(false);
  });
});

describe('dates and percentages', () => {
  it('writes dates as 2026年11月28日 (English: 28 Nov 2026)', () => {
    expect(formatDate('2026-11-28')).toBe('2026年11月28日');
    expect(formatDate('2026-01-05')).toBe('2026年1月5日');
    expect(formatDate('2026-11-28', 'en')).toBe('28 Nov 2026');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it("takes today's business date in Asia/Shanghai, not the laptop's zone", () => {
    expect(todayInShanghai(new Date('2026-11-28T15:59:59Z'))).toBe('2026-11-28');
    expect(todayInShanghai(new Date('2026-11-28T16:00:00Z'))).toBe('2026-11-29');
  });

  it('shows percentages with a sign, and a dash where the API has none', () => {
    expect(formatPercent('8.33')).toBe('8.33%');
    expect(formatPercent('n/a')).toBe('—');
  });
});

describe('dates for the period close', () => {
  it('gives the last day of the month before, across years and leap Februaries', () => {
    expect(previousMonthEnd('2026-11-29')).toBe('2026-10-31');
    expect(previousMonthEnd('2026-11-01')).toBe('2026-10-31');
    expect(previousMonthEnd('2026-01-15')).toBe('2025-12-31');
    expect(previousMonthEnd('2024-03-31')).toBe('2024-02-29');
    expect(previousMonthEnd('2026-03-01')).toBe('2026-02-28');
  });

  it('shows an instant as the Shanghai date and time, the next day after 16:00 UTC', () => {
    expect(formatInstant('2026-11-29T05:34:00.000Z')).toBe('2026年11月29日 13:34');
    expect(formatInstant('2026-10-31T16:30:00.000Z')).toBe('2026年11月1日 00:30');
    expect(formatInstant('not a time')).toBe('not a time');
  });

  it('orders amount strings as Money does, without a JS number', () => {
    const amount = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 99 }))
      .map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`);
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        expect(Math.sign(compareAmounts(a, b))).toBe(Money.of(a).compare(Money.of(b)));
      }),
    );
    expect(compareAmounts('999.99', '1000.00')).toBeLessThan(0);
  });
});
