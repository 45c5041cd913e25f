/**
 * The shared wire formats every schema takes its text and money from (issue 15): required text
 * must show something, no text takes control characters, money settings that must be positive
 * refuse 0.
 */
import { describe, expect, it } from 'vitest';
import { charterSchema } from '#domain/charter.ts';
import { optionalText, requiredText } from '#domain/formats.ts';
import { subsidyPolicySchema } from '#domain/subsidy/charter-policies.ts';
import { teaGardenSettings } from '#domain/tea-gardens/settings.ts';

const name = requiredText(20, '请填写户主姓名');
const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message);

describe('required text', () => {
  it('is trimmed of anything invisible at either end, and keeps what is inside', () => {
    expect(name.parse('  雷大山\u3000')).toBe('雷大山');
    expect(name.parse('\u200b雷\u200d大山\ufeff')).toBe('雷\u200d大山');
  });

  it.each([
    ['empty', ''],
    ['blanks', '   '],
    ['an ideographic space', '\u3000'],
    ['two zero-width spaces', '\u200b\u200b'],
    ['a byte-order mark and a word joiner', '\ufeff\u2060'],
    ['a Hangul filler', '\u3164'],
    ['a braille blank', '\u2800'],
  ])('must show a character: %s is missing', (_, value) => {
    expect(messages(name.safeParse(value))).toEqual(['请填写户主姓名']);
  });

  it.each([
    ['a line break', '雷\n大山'],
    ['a tab', '雷\t大山'],
    ['NUL', '雷\u0000'],
    ['a C1 control', '雷\u0085大山'],
    ['a right-to-left override', '雷\u202e山大'],
    ['a line separator', '雷\u2028大山'],
  ])('refuses control characters: %s', (_, value) => {
    expect(messages(name.safeParse(value))).toEqual(['不能包含换行、制表符等控制字符']);
  });

  it('names its limit, counts after trimming, and takes strings only', () => {
    expect(messages(name.safeParse('大'.repeat(21)))).toEqual(['不能超过 20 个字']);
    expect(name.parse(` ${'大'.repeat(20)} `)).toBe('大'.repeat(20));
    expect(messages(name.safeParse(5))).toEqual(['必须是文字（字符串）']);
    expect(messages(requiredText(200, '请写明原因', 2).safeParse(' 错 '))).toEqual(['请写明原因']);
  });
});

describe('optional text (memos)', () => {
  it('may be empty but takes no control characters either', () => {
    expect(optionalText(100).parse('  ')).toBe('');
    expect(messages(optionalText(100).safeParse('备注\r\n'))).toEqual([
      '不能包含换行、制表符等控制字符',
    ]);
  });
});

describe('money settings that must be positive', () => {
  it.each([
    ['the share price', { sharePrice: '0.00' }],
    ['the first-loan cap', { loans: { firstLoanCap: '0' } }],
    ['the loan cap', { loans: { maxLoan: '0.00' } }],
  ])('refuse 0 in the charter: %s', (_, charter) => {
    expect(messages(charterSchema.safeParse(charter))).toEqual(['金额必须大于零']);
  });

  it('refuse 0 for the tea-garden caps and the 贴息 principal cap', () => {
    expect(teaGardenSettings.safeParse({ maxLoan: '0.00' }).success).toBe(false);
    expect(teaGardenSettings.safeParse({ tiers: [{ minAreaMu: '2', maxLoan: '0' }] }).success).toBe(
      false,
    );
    const policy = {
      policy: { kind: 'fixed-rate', annualPercent: '2.4' },
      termCapMonths: 12,
      dayBasis: 360,
      settlement: 'quarterly',
      yearStartsOn: '01-01',
    };
    expect(subsidyPolicySchema.safeParse({ ...policy, principalCap: '0.00' }).success).toBe(false);
    expect(subsidyPolicySchema.safeParse({ ...policy, principalCap: '50000.00' }).success).toBe(
      true,
    );
    expect(charterSchema.parse({ sharePrice: '0.01' }).sharePrice).toBe('0.01');
  });
});

describe('rates and amounts that are not numbers', () => {
  it('are a field error, never an exception from the checks after the format (a 500)', () => {
    for (const penaltyMarkupPercent of ['abc', '1e2', '-5', '雷\u0000']) {
      const result = charterSchema.safeParse({ fees: { penaltyMarkupPercent } });
      expect(messages(result)).toEqual(['费率必须是非负的数字字符串，例如 "6" 或 "7.2"']);
    }
    expect(messages(charterSchema.safeParse({ fees: { penaltyMarkupPercent: '100.5' } }))).toEqual([
      '百分比不能超过 100',
    ]);
  });
});
