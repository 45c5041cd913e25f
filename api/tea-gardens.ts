/** Request and response shapes of the tea-garden routes (茶园资产评估证 and 抵押). */
import * as z from 'zod';
import { businessDate, positiveAmountText, requiredText, slugId } from '#domain/formats.ts';
import { areaMuText } from '#domain/tea-gardens/settings.ts';
import { bookingDate } from './today.ts';
import { loanId } from './loans.ts';
import { memberId } from './members.ts';

export const teaGardenId = z.string().regex(/^t\d{4,6}$/, '茶园证编号格式不正确，例如 t0001');

export const associationPath = z.strictObject({ aid: slugId });
export const teaGardenPath = z.strictObject({ aid: slugId, cid: teaGardenId });
export const pledgePath = z.strictObject({ aid: slugId, lid: loanId });

/**
 * The county's certificate number, as printed. Full-width and half-width forms are one
 * number (（２０１３）→ (2013)), so that two treasurers typing it differently still collide.
 */
export const certificateNumber = requiredText(40, '请填写茶园证证号')
  .transform((text) => text.normalize('NFKC').toUpperCase())
  .refine((text) => /^[^#\s\p{Cf}]+$/u.test(text), '证号不能包含空格、# 或不可见字符');

const appraisal = {
  appraisedValue: positiveAmountText.describe('评估价值（元）'),
  appraiser: requiredText(60, '请填写评估机构或评估人'),
  validUntil: businessDate.describe('评估有效期至'),
  treeAgeYears: z.int('树龄必须是整数（年）').min(0).max(200).describe('评估日的茶树树龄（整年）'),
};

export const registrationBody = z.strictObject({
  number: certificateNumber,
  holderId: memberId.describe('持证人：本会会员'),
  location: requiredText(100, '请填写茶园坐落位置'),
  boundaries: z
    .strictObject({
      east: requiredText(60, '请填写东至'),
      south: requiredText(60, '请填写南至'),
      west: requiredText(60, '请填写西至'),
      north: requiredText(60, '请填写北至'),
    })
    .describe('四至'),
  areaMu: areaMuText.describe('面积（亩）'),
  variety: requiredText(40, '请填写茶树品种'),
  ...appraisal,
  appraisedOn: bookingDate.describe('评估日期'),
});

export const appraisalBody = z.strictObject({
  ...appraisal,
  appraisedOn: bookingDate.optional().describe('重新评估日期，默认今天'),
});

export const pledgeBody = z.strictObject({
  certificateId: teaGardenId,
  on: bookingDate.optional().describe('抵押日期，默认今天'),
});

export const listQuery = z.strictObject({
  holderId: memberId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2000).optional(),
});

export const certificateQuery = z.strictObject({ asOf: businessDate.optional() });

const appraisalView = z.object({
  id: z.string(),
  appraisedValue: z.string(),
  appraiser: z.string(),
  appraisedOn: z.string(),
  validUntil: z.string(),
  treeAgeYears: z.int(),
  inForce: z.boolean(),
  recordedBy: z.string().optional(),
});

export const pledgeView = z.object({
  loanId: z.string(),
  pledgedOn: z.string(),
  principal: z.string(),
  appraisalId: z.string(),
  tierCap: z.string(),
  loanToValueCap: z.string(),
  state: z.enum(['active', 'released', 'enforced']),
  releasedOn: z.string().optional(),
  enforcedOn: z.string().optional(),
  recordedBy: z.string().optional(),
});

export const certificateView = z.object({
  id: z.string(),
  associationId: z.string(),
  county: z.string(),
  number: z.string(),
  holderId: z.string(),
  location: z.string(),
  boundaries: z.object({
    east: z.string(),
    south: z.string(),
    west: z.string(),
    north: z.string(),
  }),
  areaMu: z.string(),
  variety: z.string(),
  status: z.enum(['free', 'pledged', 'enforced']),
  pledgedLoanId: z.string().optional(),
  /** As of `asOf`: the appraisal in force and what the garden may secure under the charter. */
  asOf: z.string(),
  appraisal: appraisalView.extend({ expired: z.boolean(), treeAgeYearsNow: z.int() }).optional(),
  limits: z
    .object({
      tierCap: z.string().optional(),
      loanToValueCap: z.string(),
      maxLoan: z.string(),
    })
    .optional(),
  appraisals: z.array(appraisalView),
  pledges: z.array(pledgeView),
});

export const pledgeBookingView = z.object({
  pledge: pledgeView,
  certificate: certificateView,
});
