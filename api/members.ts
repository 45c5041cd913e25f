/** Request and response shapes of the member and share routes. */
import * as z from 'zod';
import { requiredText, slugId } from '#domain/formats.ts';
import { bookingDate } from './today.ts';
import { isValidIdNumber, isValidMobile } from '#domain/members/household.ts';
import { lowIncomeStatuses } from '#domain/members/member.ts';
import { entryView } from './books.ts';

export const memberId = z.string().regex(/^m\d{4,6}$/, '会员编号格式不正确，例如 m0001');

export const associationPath = z.strictObject({ aid: slugId });
export const memberPath = z.strictObject({ aid: slugId, mid: memberId });

export const enrolmentBody = z.strictObject({
  name: requiredText(20, '请填写户主姓名'),
  idNumber: z
    .string({ error: '身份证号码必须是字符串' })
    .refine(isValidIdNumber, '身份证号码格式或校验位不正确'),
  mobile: z
    .string({ error: '手机号码必须是字符串' })
    .refine(isValidMobile, '手机号码必须是 1 开头的 11 位数字'),
  lowIncome: z.enum(lowIncomeStatuses).default('none'),
  group: requiredText(20, '请填写联保小组').optional().describe('联保小组'),
  joinedOn: bookingDate.optional().describe('入会日期，默认今天'),
});

const shareCount = z.int('股数必须是整数').min(1, '股数至少为 1').max(1000, '股数不能超过 1000');
const channel = z.enum(['cash', 'bank']).default('cash').describe('现金或银行');

export const sharesBody = z.strictObject({
  kind: z
    .enum(['purchase', 'fiscal-grant'])
    .default('purchase')
    .describe('purchase 入股；fiscal-grant 配股'),
  shares: shareCount,
  on: bookingDate.optional(),
  channel,
});

export const redemptionBody = z.strictObject({
  shares: shareCount,
  on: bookingDate.optional(),
  channel,
});

export const listQuery = z.strictObject({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const memberView = z.object({
  id: z.string(),
  associationId: z.string(),
  name: z.string(),
  idNumber: z.string().describe('masked: 332525********0016'),
  mobile: z.string(),
  lowIncome: z.enum(lowIncomeStatuses),
  lowIncomeLabel: z.string(),
  group: z.string().optional(),
  creditGrade: z.enum(['A', 'B', 'C', 'D']),
  joinedOn: z.string(),
  status: z.enum(['active', 'exited']),
  shares: z.object({
    own: z.int(),
    ownAmount: z.string(),
    fiscal: z.int(),
    fiscalAmount: z.string(),
    total: z.int(),
  }),
  openLoans: z.int(),
  guaranteesStanding: z.int(),
  /** 账销案存: still owed on written-off loans; redemption is refused until it is 0.00. */
  debtOnRecord: z.string(),
  /** Called as guarantor and not yet paid: the household's shares are frozen meanwhile. */
  guaranteeCalled: z.string(),
  /** Every change of the credit grade: date, from, to, the loan and the reason. */
  gradeHistory: z.array(
    z.object({
      on: z.string(),
      from: z.enum(['A', 'B', 'C', 'D']),
      to: z.enum(['A', 'B', 'C', 'D']),
      loanId: z.string(),
      reason: z.enum(['late', 'late-installments', 'written-off']),
      worstDaysLate: z.int().optional(),
    }),
  ),
});

export const shareBookingView = z.object({ entry: entryView, member: memberView });

export const contactBody = z
  .strictObject({
    mobile: z
      .string({ error: '手机号码必须是字符串' })
      .refine(isValidMobile, '手机号码必须是 1 开头的 11 位数字')
      .optional(),
    remindersOptOut: z.boolean().optional().describe('不再接收还款提醒（收据照常发送）'),
  })
  .refine((b) => b.mobile !== undefined || b.remindersOptOut !== undefined, {
    message: '请至少修改一项：手机号码或提醒设置',
  });
