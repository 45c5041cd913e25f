/**
 * Wire formats shared by the domain rules and the HTTP API: amounts, rates, dates, ids.
 * Each carries a zh-CN message, because treasurers read the errors.
 */
import * as z from 'zod';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { isBusinessDate } from './dates.ts';
import { Decimal } from './money.ts';

/**
 * zod's own messages (a missing field, a wrong type) in zh-CN, because treasurers read them.
 * A process-wide setting, so it is made once by whoever starts the process (the HTTP pipeline),
 * not as a side effect of importing the formats.
 */
export function useChineseValidationMessages(): void {
  z.config(zhCN());
}

/** A JSON amount: a string with at most two decimals. Numbers are refused on purpose. */
export const amountText = z
  .string({ error: '金额必须是字符串，例如 "1234.50"' })
  // abort: the checks after it (a Decimal built from the text) only see a number.
  .regex(/^\d{1,13}(\.\d{1,2})?$/, {
    message: '金额必须是不超过两位小数的非负数，例如 "1234.50"',
    abort: true,
  });

/** An amount that moves money: strictly positive. */
export const positiveAmountText = amountText.refine((text) => /[1-9]/.test(text), '金额必须大于零');

/** A rate as a decimal string (percent or per-mille), never a JSON number. */
export const rateText = z
  .string({ error: '费率必须是字符串，例如 "6" 或 "7.2"' })
  .regex(/^\d{1,3}(\.\d{1,6})?$/, {
    message: '费率必须是非负的数字字符串，例如 "6" 或 "7.2"',
    abort: true,
  });

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

/**
 * What no text field takes: control characters (C0, C1: line breaks, tabs, NUL), the line and
 * paragraph separators and the bidirectional overrides that make a text read other than it is.
 */
const forbiddenCharacters = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
/** What a reader cannot see: spaces, zero-width and other format characters, fillers. */
const invisible =
  '\\p{White_Space}\\p{Cf}\\p{Cc}\\p{Co}\\p{Cn}\\p{Cs}\\u115F\\u1160\\u3164\\uFFA0\\u2800';
const visibleCharacter = new RegExp(`[^${invisible}]`, 'u');
const invisibleEdges = new RegExp(`^[${invisible}]+|[${invisible}]+$`, 'gu');

/** Text without control characters, trimmed of anything invisible at either end, bounded. */
function text(max: number) {
  return z
    .string({ error: '必须是文字（字符串）' })
    .refine((value) => !forbiddenCharacters.test(value), '不能包含换行、制表符等控制字符')
    .overwrite((value) => value.replace(invisibleEdges, ''))
    .max(max, `不能超过 ${max} 个字`);
}

/**
 * Required text (a name, a reason, a place): it must show something. A name of two zero-width
 * spaces, or only blanks, is missing. Every schema takes its free text from here.
 */
export const requiredText = (max: number, missing: string, min = 1) =>
  text(max).refine((value) => value.length >= min && visibleCharacter.test(value), missing);

/** Optional free text (a memo): may be left empty, but is held to the same characters. */
export const optionalText = (max: number) => text(max);
