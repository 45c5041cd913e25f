/**
 * Wire formats shared by the domain rules and the HTTP API: amounts, rates, dates, ids.
 * Each carries a zh-CN message, because treasurers read the errors.
 */
import { z } from 'zod';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { isBusinessDate } from './dates.ts';
import { Decimal } from './money.ts';

// Validation messages in zh-CN: treasurers read them.
z.config(zhCN());

/** A JSON amount: a string with at most two decimals. Numbers are refused on purpose. */
export const amountText = z
  .string({ error: '金额必须是字符串，例如 "1234.50"' })
  .regex(/^\d{1,13}(\.\d{1,2})?$/, '金额必须是不超过两位小数的非负数，例如 "1234.50"');

/** An amount that moves money: strictly positive. */
export const positiveAmountText = amountText.refine((text) => /[1-9]/.test(text), '金额必须大于零');

/** A rate as a decimal string (percent or per-mille), never a JSON number. */
export const rateText = z
  .string({ error: '费率必须是字符串，例如 "6" 或 "7.2"' })
  .regex(/^\d{1,3}(\.\d{1,6})?$/, '费率必须是非负的数字字符串，例如 "6" 或 "7.2"');

export const percentText = rateText.refine(
  (text) => new Decimal(text).lte(100),
  '百分比不能超过 100',
);

export const rateWording = z.union([
  z.strictObject({ annualPercent: rateText }),
  z.strictObject({ monthlyPermille: rateText }),
]);

export const businessDate = z
  .string({ error: '日期必须是 YYYY-MM-DD 格式的字符串' })
  .refine(isBusinessDate, '日期必须是有效的 YYYY-MM-DD 日期');

/** Ids in paths: lower-case letters, digits and dashes. */
export const slugId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, '编号格式不正确（只能包含小写字母、数字和连字符）');
