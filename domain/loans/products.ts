/**
 * Loan products (借款品种) in the charter: each product has its own cap, term limit, price,
 * collateral and guarantor requirement (shared/DOMAIN.md, Protecting the fund). A charter that
 * names no products keeps the rules every association had before products existed: the
 * ordinary caps for 'standard' and 'poverty-alleviation', the tea-garden cap for 'tea-garden',
 * which is disbursed only against an eligible 茶园资产评估证 pledged in the same transaction.
 */
import * as z from 'zod';
import { positiveAmountText, rateWording } from '../formats.ts';
import type { RateWording } from '../rate.ts';
import { loanProducts, type LoanProduct } from './loan.ts';

export const collateralKinds = ['none', 'tea-garden-certificate'] as const;
export type Collateral = (typeof collateralKinds)[number];

export const productRulesSchema = z.strictObject({
  /** The most one loan of this product may be. */
  maxLoan: positiveAmountText,
  maxTermMonths: z.int().min(1).max(120),
  /** The charter's first-loan cap applies to a household's first loan of this product. */
  firstLoanCapApplies: z.boolean().default(true),
  /** The loan may not exceed the charter's multiple of the shares held. */
  sharesMultipleApplies: z.boolean().default(true),
  /** A preferential price for the product; absent: the charter's standard or low-income fee. */
  rate: rateWording.optional(),
  collateral: z.enum(collateralKinds).default('none'),
  /** Guarantors (联保) the product needs; absent: the charter's loans.guarantorsRequired. */
  guarantorsRequired: z.int().min(0).max(10).optional(),
});

export const productsSchema = z.partialRecord(z.enum(loanProducts), productRulesSchema).default({});

/** A product's rules with every default filled in from the charter. */
export interface ProductRules {
  product: LoanProduct;
  maxLoan: string;
  maxTermMonths: number;
  firstLoanCapApplies: boolean;
  sharesMultipleApplies: boolean;
  rate?: RateWording;
  collateral: Collateral;
  guarantorsRequired: number;
}

/** What of the charter a product's defaults come from (structural: no import cycle). */
export interface ProductCharter {
  loans: { maxLoan: string; maxTermMonths: number; guarantorsRequired: number };
  teaGarden: { maxLoan: string };
  products?: Partial<Record<LoanProduct, z.infer<typeof productRulesSchema>>>;
}

/** The rules a product follows under the charter: its own entry, else the legacy defaults. */
export function productRules(charter: ProductCharter, product: LoanProduct): ProductRules {
  const { loans } = charter;
  const legacy: ProductRules =
    product === 'tea-garden'
      ? {
          product,
          maxLoan: charter.teaGarden.maxLoan,
          maxTermMonths: loans.maxTermMonths,
          firstLoanCapApplies: false,
          sharesMultipleApplies: true,
          collateral: 'tea-garden-certificate',
          guarantorsRequired: loans.guarantorsRequired,
        }
      : {
          product,
          maxLoan: loans.maxLoan,
          maxTermMonths: loans.maxTermMonths,
          firstLoanCapApplies: true,
          sharesMultipleApplies: true,
          collateral: 'none',
          guarantorsRequired: loans.guarantorsRequired,
        };
  const own = charter.products?.[product];
  if (!own) return legacy;
  return {
    ...legacy,
    ...own,
    guarantorsRequired: own.guarantorsRequired ?? loans.guarantorsRequired,
  };
}
