/** Request and response shapes of the loan routes. */
import * as z from 'zod';
import {
  businessDate,
  positiveAmountText,
  rateWording,
  requiredText,
  slugId,
} from '#domain/formats.ts';
import { bookingDate } from './today.ts';
import { loanProducts } from '#domain/loans/loan.ts';
import { entryView } from './books.ts';
import { memberId } from './members.ts';

export const loanId = z.string().regex(/^l\d{4,6}$/, '借款编号格式不正确，例如 l0001');

export const associationPath = z.strictObject({ aid: slugId });
export const loanPath = z.strictObject({ aid: slugId, lid: loanId });
export const memberLoansPath = z.strictObject({ aid: slugId, mid: memberId });

const terms = {
  principal: positiveAmountText,
  rate: rateWording.optional().describe('默认按章程：一般农户或低收入户费率'),
  installments: z.int('期数必须是整数').min(1, '期数至少为 1').max(120, '期数不能超过 120'),
  frequency: z.enum(['monthly', 'quarterly']).default('monthly'),
  method: z
    .enum(['equal-installment', 'equal-principal', 'interest-only', 'bullet', 'flat'])
    .default('equal-installment')
    .describe('等额本息、等额本金、按期付费到期还本、利随本清、固定费用'),
  dayCount: z.enum(['30/360', 'ACT/360', 'ACT/365']).default('30/360'),
  rounding: z.enum(['half-up', 'half-even']).default('half-up'),
};

export const loanQuoteBody = z.strictObject({
  ...terms,
  disbursedOn: businessDate.optional(),
  memberId: memberId.optional().describe('given: also checks the household against the charter'),
  guarantorIds: z.array(memberId).max(10).default([]),
  product: z.enum(loanProducts).default('standard').describe('茶园抵押借款按章程茶园贷款上限'),
});

export const loanBody = z.strictObject({
  ...terms,
  memberId,
  disbursedOn: bookingDate.optional().describe('放款日期，默认今天'),
  approvedOn: bookingDate.describe('理事会批准日期'),
  boardMinute: requiredText(40, '请填写理事会决议编号'),
  guarantorIds: z.array(memberId).max(10).default([]),
  purpose: requiredText(100, '请填写借款用途'),
  product: z.enum(loanProducts).default('standard'),
  channel: z.enum(['cash', 'bank']).default('cash'),
  certificateIds: z
    .array(z.string().regex(/^t\d{4,6}$/, '茶园证编号格式不正确，例如 t0001'))
    .max(5)
    .default([])
    .describe('茶园抵押借款：放款时同一事务中抵押的茶园资产评估证'),
});

export const repaymentBody = z.strictObject({
  amount: positiveAmountText,
  on: bookingDate.optional(),
  channel: z.enum(['cash', 'bank']).default('cash'),
});

export const writeOffBody = z.strictObject({
  on: bookingDate.optional(),
  reason: requiredText(200, '请写明核销原因', 2),
});

export const recoveryBody = z.strictObject({
  payerId: memberId.describe('付款户：借款人或被追偿的担保人'),
  amount: positiveAmountText,
  on: bookingDate.optional(),
  channel: z.enum(['cash', 'bank']).default('cash'),
});

export const loanQuery = z.strictObject({ asOf: businessDate.optional() });

export const loanListQuery = z.strictObject({
  status: z.enum(['open', 'paid-off', 'written-off']).default('open'),
  dueBefore: businessDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(2000).optional(),
});

const amounts = z.object({
  principal: z.string(),
  fee: z.string(),
  penalty: z.string(),
  total: z.string(),
});

export const loanView = z.object({
  id: z.string(),
  associationId: z.string(),
  memberId: z.string(),
  principal: z.string(),
  rate: z.object({
    annualPercent: z.string(),
    monthlyPermille: z.string(),
    wording: z.record(z.string(), z.string()),
  }),
  method: z.string(),
  frequency: z.string(),
  installments: z.int(),
  dayCount: z.string(),
  product: z.string(),
  purpose: z.string(),
  approvedOn: z.string(),
  boardMinute: z.string(),
  disbursedOn: z.string(),
  guarantorIds: z.array(z.string()),
  asOf: z.string(),
  status: z.enum(['current', 'overdue', 'paid-off', 'written-off']),
  principalOutstanding: z.string(),
  dueNow: amounts,
  payoff: amounts,
  paid: amounts,
  accruedFee: z.string(),
  overdue: z.object({
    days: z.int(),
    since: z.string().optional(),
    principal: z.string(),
    installments: z.int(),
  }),
  penaltyOutstanding: z.string(),
  par30: z.boolean(),
  creditGradeEffect: z.string(),
  nextDue: z.object({ dueOn: z.string(), amount: z.string() }).optional(),
  schedule: z.array(
    z.object({
      number: z.int(),
      dueOn: z.string(),
      principal: z.string(),
      fee: z.string(),
      total: z.string(),
      balanceAfter: z.string(),
      principalPaid: z.string(),
      feePaid: z.string(),
      state: z.string(),
      daysOverdue: z.int(),
      paidOn: z.string().optional(),
    }),
  ),
  repayments: z.array(
    z.object({
      id: z.string(),
      entryId: z.string(),
      on: z.string(),
      amount: z.string(),
      principal: z.string(),
      fee: z.string(),
      penaltyFee: z.string(),
      reversed: z.boolean(),
    }),
  ),
  paidOffOn: z.string().optional(),
  writtenOff: z.object({ on: z.string(), principal: z.string(), entryId: z.string() }).optional(),
  /** 账销案存: what the written-off loan still owes, the guarantors' calls, the recoveries. */
  debt: z
    .object({
      writtenOff: amounts,
      remaining: amounts,
      liability: z.enum(['joint', 'pro-rata']),
      calls: z.array(z.object({ guarantorId: z.string(), amount: z.string() })),
      recoveries: z.array(
        z.object({
          id: z.string(),
          on: z.string(),
          fromId: z.string(),
          source: z.string(),
          amount: z.string(),
          entryId: z.string(),
        }),
      ),
    })
    .optional(),
});

export const loanBookingView = z.object({ entry: entryView, loan: loanView });

export const linkBody = z.strictObject({
  revokeEarlier: z.boolean().default(false).describe('先作废此前发出的全部链接'),
});

export const linkView = z.object({
  path: z.string().describe('/s/<token>, under the API base URL'),
  revokedEarlier: z.boolean(),
});
