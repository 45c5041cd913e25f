/**
 * The charter's 贴息 policies, one per loan product (shared/DOMAIN.md, Fiscal interest subsidy):
 * the terms quoteSubsidy takes besides the loan. A product without a policy gets no subsidy.
 * Defaults: 松阳's tea-garden loans at 2.4% a year on up to 10万; poverty-alleviation
 * microcredit at the 4.35% base rate on up to 5万; both for at most 3 years, settled quarterly.
 */
import * as z from 'zod';
import { isBusinessDate } from '../dates.ts';
import { percentText, positiveAmountText, rateText } from '../formats.ts';
import { Decimal } from '../money.ts';

const policy = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('fixed-rate'), annualPercent: percentText }),
    z.strictObject({
      kind: z.literal('reference-rate'),
      referenceAnnualPercent: percentText,
      share: rateText.refine((text) => new Decimal(text).lte(1), '贴息比例不能超过 1'),
    }),
    z
      .strictObject({
        kind: z.literal('borrower-cap'),
        loanAnnualPercent: percentText,
        borrowerAnnualPercent: percentText,
      })
      .refine((p) => new Decimal(p.borrowerAnnualPercent).lte(p.loanAnnualPercent), {
        message: '借款人承担利率不能高于贷款利率',
        path: ['borrowerAnnualPercent'],
      }),
  ],
  { error: '贴息政策类型必须是 fixed-rate、reference-rate 或 borrower-cap' },
);

export const subsidyPolicySchema = z.strictObject({
  policy,
  /** Principal above this gets nothing. */
  principalCap: positiveAmountText,
  termCapMonths: z.int('贴息期限必须是整数月').min(1).max(120),
  dayBasis: z.union([z.literal(360), z.literal(365)], { error: '计息天数基准必须是 360 或 365' }),
  settlement: z.enum(['monthly', 'quarterly', 'yearly']),
  /** First day of the subsidy year, MM-DD; 2023 has no 02-29, so every year has the day. */
  yearStartsOn: z
    .string()
    .refine(
      (text) => /^\d\d-\d\d$/.test(text) && isBusinessDate(`2023-${text}`),
      '贴息年度起始日须为每年都有的 MM-DD',
    ),
});

export type CharterSubsidyPolicy = z.infer<typeof subsidyPolicySchema>;

const defaults = {
  'tea-garden': {
    policy: { kind: 'fixed-rate', annualPercent: '2.4' },
    principalCap: '100000.00',
    termCapMonths: 36,
    dayBasis: 365,
    settlement: 'quarterly',
    yearStartsOn: '01-01',
  },
  'poverty-alleviation': {
    policy: { kind: 'reference-rate', referenceAnnualPercent: '4.35', share: '1' },
    principalCap: '50000.00',
    termCapMonths: 36,
    dayBasis: 360,
    settlement: 'quarterly',
    yearStartsOn: '01-01',
  },
} as const satisfies Record<string, CharterSubsidyPolicy>;

/** Keyed by loan product (domain/loans/loan.ts loanProducts); standard loans have none by default. */
export const subsidyPoliciesSchema = z
  .strictObject({
    standard: subsidyPolicySchema.optional(),
    'tea-garden': subsidyPolicySchema.optional(),
    'poverty-alleviation': subsidyPolicySchema.optional(),
  })
  // A fresh copy each time: a parsed charter may be changed by its reader.
  .default(() => structuredClone(defaults));

export type SubsidyPolicies = z.infer<typeof subsidyPoliciesSchema>;
