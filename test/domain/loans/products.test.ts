/**
 * Loan products in the charter (issue #17, findings 1 and 6): each product its own cap, term,
 * price and collateral; a tea-garden loan goes out only with an eligible certificate pledged
 * by the disbursement itself; a charter without products keeps the old rules.
 */
import { describe, expect, it } from 'vitest';
import { charterSchema, defaultCharter, type Charter } from '#domain/charter.ts';
import { checkLoanEligibility, openLoan } from '#domain/loans/eligibility.ts';
import { productRules } from '#domain/loans/products.ts';
import { Decimal, Money } from '#domain/money.ts';
import { certificateStatus, pledgedLoanId } from '#domain/tea-gardens/certificate.ts';
import { member, opening, teaGarden } from './loan-fixtures.ts';

/** 10 shares: the shares multiple allows 100,000. */
const farmer = member({ ownShares: 10, ownShareAmount: Money.of('10000.00') });

/** The national 扶贫小额信贷 (≤ 5万, ≤ 3 years, no shares multiple) and a cheaper tea loan. */
function productCharter(): Charter {
  return charterSchema.parse({
    products: {
      'poverty-alleviation': {
        maxLoan: '50000.00',
        maxTermMonths: 36,
        firstLoanCapApplies: false,
        sharesMultipleApplies: false,
      },
      'tea-garden': {
        maxLoan: '100000.00',
        maxTermMonths: 36,
        rate: { monthlyPermille: '3' },
        collateral: 'tea-garden-certificate',
      },
    },
  });
}

const poverty = (charter: Charter) =>
  checkLoanEligibility(charter, {
    ...opening({ member: member(), firstLoan: true, installments: 36 }),
    principal: Money.of('50000.00'),
    product: 'poverty-alleviation',
  });

describe('loan products in the charter', () => {
  it('a charter without products still parses and keeps the old caps per product', () => {
    const charter = defaultCharter();
    expect(charter.products).toEqual({});
    expect(productRules(charter, 'standard')).toMatchObject({
      maxLoan: '20000.00',
      maxTermMonths: 12,
      collateral: 'none',
    });
    expect(productRules(charter, 'tea-garden')).toMatchObject({
      maxLoan: '100000.00',
      firstLoanCapApplies: false,
      collateral: 'tea-garden-certificate',
    });
  });

  it('finding 6: a 5万 3-year 扶贫小额信贷 is refused on four counts by one-size rules', () => {
    expect(poverty(defaultCharter()).refusals.map((r) => r.code)).toEqual([
      'LOAN_ABOVE_FIRST_LOAN_CAP',
      'LOAN_ABOVE_MAXIMUM',
      'LOAN_ABOVE_SHARES_MULTIPLE',
      'LOAN_TERM_ABOVE_MAXIMUM',
    ]);
  });

  it('…and is eligible under its own product, up to its own cap only', () => {
    const charter = productCharter();
    const result = poverty(charter);
    expect(result.refusals).toEqual([]);
    expect(result.limit.toString()).toBe('50000.00');
    const over = checkLoanEligibility(charter, {
      ...opening({ member: member(), installments: 37 }),
      principal: Money.of('50000.01'),
      product: 'poverty-alleviation',
    });
    expect(over.refusals.map((r) => [r.code, r.details?.cap ?? r.details?.maxTermMonths])).toEqual([
      ['LOAN_ABOVE_MAXIMUM', '50000.00'],
      ['LOAN_TERM_ABOVE_MAXIMUM', 36],
    ]);
  });

  it('prices a product at its preferential rate: 10万 at 3‰ pays 3,600 less a year than 6‰', () => {
    const charter = productCharter();
    const { rate, ...opened } = opening({ member: farmer, installments: 24 });
    const loan = openLoan(charter, {
      ...opened,
      principal: Money.of('100000.00'),
      product: 'tea-garden',
      certificates: [teaGarden(farmer)],
    }).loan;
    expect(rate).toEqual({ monthlyPermille: '20' });
    expect(loan.rate.monthlyPermille).toBe('3');
    // (6‰ − 3‰) × 12 months on 100,000.
    const saved = new Decimal('100000')
      .times(new Decimal('6').minus(loan.rate.monthlyPermille).dividedBy(1000))
      .times(12);
    expect(saved.toString()).toBe('3600');
  });
});

describe('finding 1: a tea-garden loan goes out only against a pledged certificate', () => {
  const teaOpening = (certificates = [teaGarden(farmer)]) => ({
    ...opening({ member: farmer, installments: 12 }),
    principal: Money.of('100000.00'),
    product: 'tea-garden' as const,
    certificates,
  });

  it('refuses 100,000 with no certificate', () => {
    expect(() => openLoan(defaultCharter(), teaOpening([]))).toThrow(
      expect.objectContaining({
        code: 'LOAN_COLLATERAL_REQUIRED',
        details: expect.objectContaining({ field: 'certificateIds' }),
      }),
    );
  });

  it('pledges the certificate in the disbursement itself', () => {
    const opened = openLoan(defaultCharter(), teaOpening());
    expect(opened.loan.pledgedCertificateIds).toEqual(['t0001']);
    const [pledged] = opened.pledges;
    expect(pledged?.pledge).toMatchObject({
      loanId: opened.loan.id,
      pledgedOn: '2024-01-31',
      state: 'active',
    });
    expect(certificateStatus(pledged!.certificate)).toBe('pledged');
    expect(pledgedLoanId(pledged!.certificate)).toBe(opened.loan.id);
  });

  it('refuses a certificate that would not pass the pledge rules on the day', () => {
    const small = { ...teaGarden(farmer), areaMu: '1.5' };
    expect(() => openLoan(defaultCharter(), teaOpening([small]))).toThrow(
      expect.objectContaining({ code: 'TEA_GARDEN_AREA_TOO_SMALL' }),
    );
    const someoneElses = teaGarden(member({ id: 'm0009' }));
    expect(() => openLoan(defaultCharter(), teaOpening([someoneElses]))).toThrow(
      expect.objectContaining({ code: 'PLEDGE_HOLDER_NOT_BORROWER' }),
    );
  });

  it('refuses a certificate offered for a product that takes none', () => {
    expect(() =>
      openLoan(defaultCharter(), {
        ...opening({ member: farmer }),
        certificates: [teaGarden(farmer)],
      }),
    ).toThrow(expect.objectContaining({ code: 'PLEDGE_LOAN_NOT_TEA_GARDEN' }));
  });
});
