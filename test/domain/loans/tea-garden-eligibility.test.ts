/**
 * The tea-garden loan product in the charter's loan rules: its own cap (charter.teaGarden
 * .maxLoan, 10万 by default) replaces the ordinary maximum and first-loan cap; the shares
 * multiple still holds.
 */
import { describe, expect, it } from 'vitest';
import { defaultCharter } from '#domain/charter.ts';
import { checkLoanEligibility, openLoan } from '#domain/loans/eligibility.ts';
import { Money } from '#domain/money.ts';
import { member, opening, teaGarden } from './loan-fixtures.ts';

/** 10 shares × 1000 × 10 = 100,000: the shares multiple does not bind below 10万. */
const wealthy = member({ ownShares: 10, ownShareAmount: Money.of('10000.00') });

function codes(principal: string, product: 'standard' | 'tea-garden', firstLoan = false) {
  return checkLoanEligibility(defaultCharter(), {
    ...opening({ member: wealthy, firstLoan, installments: 12 }),
    principal: Money.of(principal),
    product,
  }).refusals.map((r) => r.code);
}

describe('tea-garden loans: the product cap', () => {
  it.each([
    [
      'a standard loan of 20,000.01 is above the ordinary maximum',
      '20000.01',
      'standard',
      false,
      ['LOAN_ABOVE_MAXIMUM'],
    ],
    ['a tea-garden loan of 100,000 is within its cap', '100000.00', 'tea-garden', false, []],
    ['a first tea-garden loan of 100,000 too', '100000.00', 'tea-garden', true, []],
    [
      'a first standard loan of 5,000.01 is not',
      '5000.01',
      'standard',
      true,
      ['LOAN_ABOVE_FIRST_LOAN_CAP'],
    ],
    [
      'a tea-garden loan 1分 above 10万 is refused',
      '100000.01',
      'tea-garden',
      false,
      ['LOAN_ABOVE_TEA_GARDEN_CAP', 'LOAN_ABOVE_SHARES_MULTIPLE'],
    ],
  ] as const)('%s', (_name, principal, product, firstLoan, expected) => {
    expect(codes(principal, product, firstLoan)).toEqual(expected);
  });

  it('states the cap and keeps the shares multiple', () => {
    const result = checkLoanEligibility(defaultCharter(), {
      ...opening({ installments: 12 }),
      principal: Money.of('30000.00'),
      product: 'tea-garden',
    });
    // 2 shares × 1000 × 10 = 20,000 still binds a tea-garden loan.
    expect(result.refusals.map((r) => r.code)).toEqual(['LOAN_ABOVE_SHARES_MULTIPLE']);
    expect(result.limit.toString()).toBe('20000.00');
    const over = checkLoanEligibility(defaultCharter(), {
      ...opening({ member: wealthy, installments: 12 }),
      principal: Money.of('100000.01'),
      product: 'tea-garden',
    }).refusals[0];
    expect(over?.details).toEqual({
      cap: '100000.00',
      requested: '100000.01',
      product: 'tea-garden',
    });
    expect(over?.title).toBe('茶园抵押借款不能超过 ¥100,000.00，申请 ¥100,000.01');
  });

  it('takes the cap from the charter', () => {
    const charter = defaultCharter();
    charter.teaGarden.maxLoan = '80000.00';
    const loan = openLoan(charter, {
      ...opening({ member: wealthy, installments: 12 }),
      principal: Money.of('80000.00'),
      product: 'tea-garden',
      certificates: [teaGarden(wealthy)],
    }).loan;
    expect(loan.product).toBe('tea-garden');
    expect(() =>
      openLoan(charter, {
        ...opening({ member: wealthy, installments: 12 }),
        principal: Money.of('80000.01'),
        product: 'tea-garden',
        certificates: [teaGarden(wealthy)],
      }),
    ).toThrow(expect.objectContaining({ code: 'LOAN_ABOVE_TEA_GARDEN_CAP' }));
  });
});
