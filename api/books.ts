/** Request and response shapes of the books: capital, trial balance, journal, reversals. */
import * as z from 'zod';
import {
  businessDate,
  optionalText,
  positiveAmountText,
  requiredText,
  slugId,
} from '#domain/formats.ts';
import { bookingDate } from './today.ts';

export const entryIdText = z.string().regex(/^je-\d{8}-[0-9a-z]{10}$/, '凭证编号格式不正确');

export const associationPath = z.strictObject({ aid: slugId });
export const entryPath = z.strictObject({ aid: slugId, eid: entryIdText });

export const capitalBody = z.strictObject({
  kind: z.enum(['fiscal', 'special-support', 'donation']).describe('财政资金、特扶资金、捐赠'),
  amount: positiveAmountText,
  on: bookingDate.optional(),
  channel: z.enum(['cash', 'bank']).default('bank'),
  memo: optionalText(100).optional(),
});

const voucherBody = z
  .strictObject({
    number: requiredText(40, '请填写原始凭证编号'),
    counterparty: optionalText(60).optional().describe('收款人或付款人'),
    attachments: z.number().int().min(0).max(99).default(0).describe('附件张数'),
  })
  .describe('原始凭证');

const operatingCommon = {
  amount: positiveAmountText,
  on: bookingDate.optional(),
  channel: z.enum(['cash', 'bank']).default('cash'),
  voucher: voucherBody,
  memo: optionalText(100).optional(),
};

/** Running costs, other income, share-return payouts, 公益金 spending, collateral proceeds. */
export const operatingEntryBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('running-cost').describe('管理费用'),
    category: z.enum(['stipend', 'stationery', 'bank-charges', 'other']),
    ...operatingCommon,
  }),
  z.strictObject({
    kind: z.literal('other-income').describe('其他收入（银行利息等）'),
    category: z.enum(['bank-interest', 'other']),
    ...operatingCommon,
  }),
  z.strictObject({
    kind: z.literal('share-return-payout').describe('支付应付股金分红'),
    memberId: z
      .string()
      .regex(/^m\d{4,6}$/, '会员编号格式不正确，例如 m0001')
      .optional(),
    ...operatingCommon,
  }),
  z.strictObject({
    kind: z.literal('welfare-spending').describe('公益金支出'),
    ...operatingCommon,
  }),
  z.strictObject({
    kind: z.literal('collateral-proceeds').describe('处置抵押茶园收回已核销借款'),
    loanId: z.string().regex(/^l\d{4,6}$/, '借款编号格式不正确，例如 l0001'),
    certificateNumber: optionalText(40).optional(),
    ...operatingCommon,
  }),
]);

export const reversalBody = z.strictObject({
  reason: requiredText(200, '请写明冲正原因', 2),
  on: bookingDate.optional(),
});

export const trialBalanceQuery = z.strictObject({ asOf: businessDate.optional() });

export const journalQuery = z
  .strictObject({
    from: businessDate.optional(),
    to: businessDate.optional(),
    cursor: z.string().max(2000).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: '开始日期不能晚于结束日期',
    path: ['from'],
  });

export const entryView = z.object({
  id: z.string(),
  date: z.string(),
  kind: z.string(),
  memo: z.string(),
  memberId: z.string().optional(),
  reverses: z.string().optional(),
  reversedBy: z.string().optional(),
  voucher: z
    .object({
      number: z.string(),
      counterparty: z.string().optional(),
      attachments: z.number(),
    })
    .optional(),
  lines: z.array(
    z.object({
      account: z.string(),
      accountName: z.string(),
      debit: z.string(),
      credit: z.string(),
    }),
  ),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const trialBalanceView = z.object({
  associationId: z.string(),
  asOf: z.string().optional(),
  accounts: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      type: z.string(),
      debit: z.string(),
      credit: z.string(),
    }),
  ),
  totals: z.object({ debit: z.string(), credit: z.string() }),
  balanced: z.boolean(),
});

export const closeBody = z.strictObject({
  through: businessDate.describe('the last day of the month to close'),
});

export const reopenBody = z.strictObject({
  through: businessDate
    .optional()
    .describe('the month end to keep closed; every month reopens when left out'),
  reason: requiredText(200, '请写明反结账的原因', 2),
});

export const periodCloseView = z.object({
  associationId: z.string(),
  closedThrough: z.string().optional(),
  history: z.array(
    z.object({
      action: z.enum(['close', 'reopen']),
      closedThrough: z.string().optional(),
      by: z.string(),
      at: z.string(),
      reason: z.string().optional(),
    }),
  ),
});

export const provisionBody = z.strictObject({
  on: bookingDate.optional().describe('计提日期，通常为月末或年末'),
});

export const provisionView = z.object({
  associationId: z.string(),
  on: z.string(),
  tiers: z.array(
    z.object({
      tier: z.string(),
      name: z.string(),
      loans: z.int(),
      principal: z.string(),
      percent: z.string(),
      required: z.string(),
    }),
  ),
  required: z.string(),
  heldBefore: z.string(),
  entry: entryView.optional(),
});
