/** Request and response shapes of the 贴息 claim routes. */
import * as z from 'zod';
import { slugId } from '#domain/formats.ts';
import { loanProducts } from '#domain/loans/loan.ts';
import { isClaimPeriod } from '#domain/subsidy/claim-period.ts';

export const claimPath = z.strictObject({ aid: slugId });

export const claimFormats = ['json', 'csv', 'xlsx'] as const;
export type ClaimFormat = (typeof claimFormats)[number];

export const claimQuery = z.strictObject({
  period: z
    .string({ error: '请填写申报期间，例如 2026Q3' })
    .refine(isClaimPeriod, '申报期间格式不正确，应为季度（2026Q3）、月份（2026-09）或年份（2026）')
    .describe('a quarter 2026Q3, a month 2026-09 or a year 2026'),
  format: z.enum(claimFormats).default('json'),
});

export const claimView = z.object({
  associationId: z.string(),
  period: z.string(),
  from: z.string(),
  to: z.string(),
  rows: z.array(
    z.object({
      loanId: z.string(),
      memberId: z.string(),
      borrower: z.string(),
      idNumber: z.string().describe('full ID number: the county pays against it'),
      product: z.enum(loanProducts),
      principal: z.string(),
      disbursedOn: z.string(),
      maturesOn: z.string(),
      from: z.string(),
      to: z.string(),
      days: z.int(),
      eligiblePrincipal: z.string(),
      rate: z.string().describe('subsidy rate, annual percent'),
      interestPaid: z.string(),
      subsidy: z.string(),
      notes: z.array(z.string()),
    }),
  ),
  totals: z.object({
    loans: z.int(),
    principal: z.string(),
    eligiblePrincipal: z.string(),
    interestPaid: z.string(),
    subsidy: z.string(),
  }),
});

export const claimAuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(2000).optional(),
});

export const claimAuditView = z.object({
  fetches: z.array(
    z.object({
      associationId: z.string(),
      at: z.string().describe('ISO 8601 instant'),
      requestId: z.string(),
      user: z.string(),
      role: z.string(),
      period: z.string(),
      format: z.enum(claimFormats),
      rows: z.int(),
      subsidy: z.string(),
    }),
  ),
  cursor: z.string().optional(),
});
