/**
 * The charter's tea-garden rules (茶园抵押贷款, shared/DOMAIN.md, Tea-garden collateral). The
 * defaults are 松阳 county's 2011 rule: trees at least 3 years old; ≥ 2亩 for up to 5万,
 * ≥ 15亩 for up to 10万; a loan at most 60% of the appraised value.
 */
import * as z from 'zod';
import { percentText, positiveAmountText } from '../formats.ts';
import { Decimal } from '../money.ts';

/** An area in 亩 as a decimal string, at most two decimals: "2", "14.99". */
export const areaMuText = z
  .string({ error: '面积必须是字符串，例如 "15" 或 "2.5"' })
  .regex(/^\d{1,6}(\.\d{1,2})?$/, '面积（亩）必须是不超过两位小数的非负数，例如 "2.5"');

export const teaGardenTier = z.strictObject({
  /** A garden of at least this many 亩 … */
  minAreaMu: areaMuText,
  /** … may secure a loan of up to this much. */
  maxLoan: positiveAmountText,
});

export const teaGardenSettings = z
  .strictObject({
    /** The tea-garden loan product's cap, above the ordinary maxLoan and first-loan cap. */
    maxLoan: positiveAmountText.default('100000.00'),
    minTreeAgeYears: z.int().min(0).max(100).default(3),
    tiers: z
      .array(teaGardenTier)
      .min(1)
      .max(10)
      .default([
        { minAreaMu: '2', maxLoan: '50000.00' },
        { minAreaMu: '15', maxLoan: '100000.00' },
      ]),
    /** The loan at most this percentage of the appraised value in force. */
    loanToValuePercent: percentText.default('60'),
    /** Tea-garden loans qualify for the county's fiscal interest subsidy (贴息). */
    subsidyEligible: z.boolean().default(true),
  })
  .refine(
    (s) =>
      s.tiers.every(
        (tier, i) => i === 0 || new Decimal(tier.minAreaMu).gt(s.tiers[i - 1]!.minAreaMu),
      ),
    { message: '面积档次必须按最小面积从小到大排列，且不能重复', path: ['tiers'] },
  )
  .refine((s) => s.tiers.every((tier) => new Decimal(tier.maxLoan).lte(s.maxLoan)), {
    message: '任何面积档次的借款上限都不能超过茶园贷款上限',
    path: ['tiers'],
  });

export type TeaGardenSettings = z.infer<typeof teaGardenSettings>;

export const defaultTeaGardenSettings: TeaGardenSettings = teaGardenSettings.parse({});
