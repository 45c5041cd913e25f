import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal, Money, roundDecimal } from '#domain/money.ts';

describe('Money', () => {
  it('parses strings with at most two decimals and refuses everything else', () => {
    expect(Money.of('1234.5').toString()).toBe('1234.50');
    expect(Money.of('-3').toString()).toBe('-3.00');
    for (const bad of ['1.234', 'abc', '1e3', ' 1', '1,000', '', '.5']) {
      expect(() => Money.of(bad), bad).toThrow(RangeError);
    }
  });

  it('formats for people', () => {
    expect(Money.of('12345.6').format()).toBe('¥12,345.60');
    expect(Money.of('0.07').format()).toBe('¥0.07');
    expect(Money.of('-8').format()).toBe('-¥8.00');
    expect(Money.of('1000000').format()).toBe('¥1,000,000.00');
  });

  it.each([
    ['12345.60', '壹万贰仟叁佰肆拾伍元陆角整'],
    ['0', '零元整'],
    ['0.05', '伍分'],
    ['0.50', '伍角整'],
    ['100.05', '壹佰元零伍分'],
    ['1234.56', '壹仟贰佰叁拾肆元伍角陆分'],
    ['100001', '壹拾万零壹元整'],
    ['1010', '壹仟零壹拾元整'],
    ['100000', '壹拾万元整'],
    ['100100000', '壹亿零壹拾万元整'],
    ['3039500', '叁佰零叁万玖仟伍佰元整'],
    ['10000000', '壹仟万元整'],
    ['2609000', '贰佰陆拾万零玖仟元整'],
  ])('writes %s in capitals as %s', (amount, capitals) => {
    expect(Money.of(amount).toChineseCapital()).toBe(capitals);
  });

  it('rounds half-up by default and half-even on request', () => {
    expect(Money.round(new Decimal('2.345')).toString()).toBe('2.35');
    expect(Money.round(new Decimal('2.345'), 'half-even').toString()).toBe('2.34');
    expect(roundDecimal(new Decimal('1234.5'), { inMultiplesOf: '1' }).toString()).toBe('1235');
  });

  it('adds exactly: sums of cents never drift', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 200 }),
        (cents) => {
          const total = Money.sum(
            cents
              .map((c) => Money.of((BigInt(c) * 1n).toString()).value.div(100))
              .map((d) => Money.exact(d)),
          );
          expect(total.value.times(100).toString()).toBe(
            cents.reduce((a, b) => a + b, 0).toString(),
          );
        },
      ),
    );
  });
});
