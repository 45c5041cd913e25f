/**
 * Request and response shapes of the federation: settings, 调剂 plans and transfers, the risk
 * fund. No federation route names a member or creates a loan: the federation does not lend
 * to households (shared/DOMAIN.md).
 */
import * as z from 'zod';
import { federationSettingsSchema } from '#domain/federation/settings.ts';
import { amountText, businessDate, positiveAmountText, slugId } from '#domain/formats.ts';
import { bookingDate } from './today.ts';
import { entryIdText, entryView } from './books.ts';

export const planIdText = z.string().regex(/^lp-\d{8}-[0-9a-z]{10}$/, '调剂方案编号格式不正确');
export const transferIdText = z
  .string()
  .regex(/^lp-\d{8}-[0-9a-z]{10}-\d{2,3}$/, '调剂划拨编号格式不正确');

export const federationPath = z.strictObject({ fid: slugId });
export const planPath = z.strictObject({ fid: slugId, pid: planIdText });
export const transferPath = z.strictObject({ fid: slugId, tid: transferIdText });

export const settingsBody = federationSettingsSchema;

export const planBody = z.strictObject({
  on: bookingDate,
  /** Cash each association needs for approved loans waiting to be paid out. */
  demand: z
    .record(slugId, amountText)
    .default({})
    .describe('各互助会待发放借款所需资金，例如 {"zhuyang-02": "50000.00"}'),
});

export const approvalBody = z
  .strictObject({ on: bookingDate.optional().describe('划拨日期，默认今天') })
  .optional();

export const transferQuery = z.strictObject({ asOf: businessDate.optional() });

export const repaymentBody = z.strictObject({ amount: positiveAmountText, on: bookingDate });

export const contributionBody = z.strictObject({
  associationId: slugId,
  amount: positiveAmountText,
  on: bookingDate,
});

export const reliefBody = z.strictObject({
  associationId: slugId,
  amount: positiveAmountText,
  on: bookingDate,
  /** The write-off the relief makes good, when there is one. */
  writeOffEntryId: entryIdText.optional(),
});

const rateView = z.object({
  annualPercent: z.string(),
  monthlyPermille: z.string(),
  wording: z.record(z.string(), z.string()),
});

export const settingsView = z.object({
  federationId: z.string(),
  settings: federationSettingsSchema,
  transferFee: rateView,
});

export const planView = z.object({
  id: z.string(),
  federationId: z.string(),
  on: z.string(),
  status: z.enum(['proposed', 'approved']),
  feeRate: rateView,
  termMonths: z.number(),
  positions: z.array(
    z.object({
      associationId: z.string(),
      cash: z.string().describe('现金 + 银行存款'),
      cashOnHand: z.string(),
      bank: z.string(),
      fund: z.string(),
      placed: z.string(),
      reserveFloor: z.string(),
      demand: z.string(),
      placementCap: z.string(),
    }),
  ),
  transfers: z.array(
    z.object({ id: z.string(), from: z.string(), to: z.string(), amount: z.string() }),
  ),
  shortfalls: z.array(z.object({ associationId: z.string(), amount: z.string() })),
  totalTransferred: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  approvedOn: z.string().optional(),
  approvedBy: z.string().optional(),
  approvedAt: z.string().optional(),
});

const repaymentView = z.object({
  on: z.string(),
  amount: z.string(),
  fee: z.string(),
  principal: z.string(),
  days: z.number(),
  borrowerEntryId: z.string(),
  lenderEntryId: z.string(),
});

export const transferView = z.object({
  id: z.string(),
  planId: z.string(),
  federationId: z.string(),
  from: z.string(),
  to: z.string(),
  amount: z.string(),
  feeRate: rateView,
  termMonths: z.number(),
  startsOn: z.string(),
  dueOn: z.string(),
  outstanding: z.string(),
  feeAccruedTo: z.string(),
  feeArrears: z.string(),
  feePaid: z.string(),
  status: z.enum(['open', 'repaid']),
  repayments: z.array(repaymentView),
  /** With ?asOf=: the fee owed on that date and everything owed. */
  asOf: z.string().optional(),
  feeDue: z.string().optional(),
  payable: z.string().optional(),
});

const bookEntryView = entryView.extend({ associationId: z.string().optional() });

export const approvalView = z.object({
  plan: planView,
  transfers: z.array(transferView),
  entries: z.array(bookEntryView),
});

export const repaymentResultView = z.object({
  transfer: transferView,
  repayment: repaymentView,
  borrowerEntry: entryView,
  lenderEntry: entryView,
});

export const riskFundBookingView = z.object({
  associationId: z.string(),
  amount: z.string(),
  associationEntry: entryView,
  federationEntry: entryView,
});

export const riskFundView = z.object({
  federationId: z.string(),
  balance: z.string().describe('风险基金 3401 贷方余额'),
  bank: z.string(),
  contributed: z.string(),
  relieved: z.string(),
  contributionPercent: z.string(),
  entries: z.array(bookEntryView),
});
