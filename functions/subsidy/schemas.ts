/**
 * The 贴息 calculator's request: the shape is checked here; the rules (dates in order, spans
 * not overlapping, caps) by domain/subsidy, which names the offending field the same way.
 */
import { z } from 'zod';

const decimalText = z.string({ error: '必须是数字字符串，例如 "2.4"' });
const dateText = z.string({ error: '日期必须是 YYYY-MM-DD 格式的字符串' });

export const subsidyQuoteBody = z.strictObject({
  policy: z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('fixed-rate'), annualPercent: decimalText }),
      z.strictObject({
        kind: z.literal('reference-rate'),
        referenceAnnualPercent: decimalText,
        share: decimalText,
      }),
      z.strictObject({
        kind: z.literal('borrower-cap'),
        loanAnnualPercent: decimalText,
        borrowerAnnualPercent: decimalText,
      }),
    ],
    { error: '贴息政策类型必须是 fixed-rate、reference-rate 或 borrower-cap' },
  ),
  principalCap: decimalText,
  termCapMonths: z.int('贴息期限必须是整数月').min(1).max(120),
  dayBasis: z.union([z.literal(360), z.literal(365)], { error: '计息天数基准必须是 360 或 365' }),
  settlement: z.enum(['monthly', 'quarterly', 'yearly']),
  yearStartsOn: z.string().default('01-01').describe('贴息年度起始日 MM-DD'),
  loan: z.strictObject({
    principal: decimalText,
    disbursedOn: dateText,
    maturesOn: dateText,
    repayments: z
      .array(z.strictObject({ on: dateText, principal: decimalText }))
      .max(500)
      .optional(),
    overdue: z
      .array(z.strictObject({ from: dateText, to: dateText }))
      .max(500)
      .optional(),
    interestPaid: z
      .array(z.strictObject({ from: dateText, to: dateText, amount: decimalText }))
      .max(500)
      .optional(),
  }),
});

const exclusion = z.object({
  from: z.string(),
  to: z.string(),
  days: z.int(),
  reason: z.enum(['overdue', 'term-cap', 'above-principal-cap', 'interest-paid-cap']),
  amount: z.string().optional(),
  note: z.string(),
});

export const subsidyQuoteView = z.object({
  periods: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      days: z.int(),
      eligiblePrincipal: z.string(),
      principalDays: z.string(),
      rate: z.string(),
      interestPaid: z.string().optional(),
      subsidy: z.string(),
      excluded: z.array(exclusion).optional(),
    }),
  ),
  total: z.string(),
});
