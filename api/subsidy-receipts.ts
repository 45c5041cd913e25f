/** Request and response shapes of 贴息到账 (receipts) and 贴息发放 (payouts). */
import * as z from 'zod';
import { positiveAmountText, slugId } from '#domain/formats.ts';
import { bookingDate } from './today.ts';
import { isClaimPeriod } from '#domain/subsidy/claim-period.ts';
import { entryView } from './books.ts';
import { loanId } from './loans.ts';

const claimPeriod = z
  .string({ error: '请填写申报期间，例如 2026Q3' })
  .refine(isClaimPeriod, '申报期间格式不正确，应为季度（2026Q3）、月份（2026-09）或年份（2026）')
  .describe('a quarter 2026Q3, a month 2026-09 or a year 2026');

export const receiptsPath = z.strictObject({ aid: slugId });
export const receiptPath = z.strictObject({ aid: slugId, period: claimPeriod });

export const receiptBody = z.strictObject({
  period: claimPeriod,
  amount: positiveAmountText.describe('what the county finance bureau paid'),
  on: bookingDate.optional().describe('the day it arrived'),
  channel: z.enum(['cash', 'bank']).default('bank'),
});

export const payoutBody = z.strictObject({
  on: bookingDate.optional(),
  channel: z.enum(['cash', 'bank']).default('bank'),
  loanIds: z
    .array(loanId)
    .min(1, '请至少选择一笔借款')
    .max(500)
    .optional()
    .describe('only these loans; all not yet paid out when left out'),
});

export const receiptView = z.object({
  associationId: z.string(),
  period: z.string(),
  from: z.string(),
  to: z.string(),
  receivedOn: z.string(),
  channel: z.enum(['cash', 'bank']),
  claimed: z.string(),
  amount: z.string(),
  paidOut: z.string(),
  held: z.string(),
  entryId: z.string(),
  rows: z.array(
    z.object({
      loanId: z.string(),
      memberId: z.string(),
      borrower: z.string(),
      claimed: z.string(),
      received: z.string(),
      paidOut: z
        .object({ on: z.string(), entryId: z.string(), channel: z.enum(['cash', 'bank']) })
        .optional(),
    }),
  ),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const receiptsView = z.object({ receipts: z.array(receiptView) });

export const receiptBookingView = z.object({ receipt: receiptView, entry: entryView });
