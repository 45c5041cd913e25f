/**
 * The 贴息 calculator's request: the shape is checked here; the rules (dates in order, spans
 * not overlapping, caps) by domain/subsidy, which names the offending field the same way.
 */
import * as z from 'zod';
import { maxQuoteListLength } from '#domain/subsidy/calculator.ts';

// The shapes only, and bounded; the values (signs, decimals, real dates) are domain/subsidy's.
const decimalText = z
  .string({ error: '必须是数字字符串，例如 "2.4"' })
  .regex(/^[-+]?[0-9.]{1,20}$/, '必须是数字字符串，例如 "2.4"（不超过 20 位）');
const dateText = z
  .string({ error: '日期必须是 YYYY-MM-DD 格式的字符串' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期必须是 YYYY-MM-DD 格式的字符串');
const list = <T extends z.ZodType>(item: T) =>
  z.array(item).max(maxQuoteListLength, `最多 ${maxQuoteListLength} 条`).optional();

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
  yearStartsOn: z
    .string()
    .regex(/^\d\d-\d\d$/, '贴息年度起始日须为 MM-DD')
    .default('01-01')
    .describe('贴息年度起始日 MM-DD'),
  loan: z.strictObject({
    principal: decimalText,
    disbursedOn: dateText,
    maturesOn: dateText,
    repayments: list(z.strictObject({ on: dateText, principal: decimalText })),
    overdue: list(z.strictObject({ from: dateText, to: dateText })),
    interestPaid: list(z.strictObject({ from: dateText, to: dateText, amount: decimalText })),
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
