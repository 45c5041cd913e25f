import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  chineseDate,
  isReminder,
  renderMessage,
  smsSegments,
  smsSignature,
  type MessageContent,
  type MessageContext,
} from '#domain/messages/templates.ts';
import { Money } from '#domain/money.ts';

const signature = smsSignature({ name: '竹垟畲族乡竹垟村资金互助会', village: '竹垟村' });
const context: MessageContext = {
  signature,
  householdName: '雷大山',
  treasurerPhone: '13857801000',
};
/** A 24-character base URL and a 22-character token: 46 characters. */
const link = 'https://hz.example.cn/s/AbCdEfGhIjKlMnOpQrStUv';
const withLink = { ...context, link };

const disbursement: MessageContent = {
  template: 'disbursement',
  amount: Money.of('12000.00'),
  disbursedOn: '2024-01-31',
  firstDue: { dueOn: '2024-02-29', amount: Money.of('3305.47') },
};
const receipt: MessageContent = {
  template: 'repayment',
  amount: Money.of('3305.47'),
  paidOn: '2024-02-29',
  principalOutstanding: Money.of('9000.00'),
  nextDue: { dueOn: '2024-03-31', amount: Money.of('3305.47') },
};
const payoffReceipt: MessageContent = {
  template: 'repayment',
  amount: Money.of('3305.47'),
  paidOn: '2024-05-31',
  principalOutstanding: Money.zero,
};
const reminder: MessageContent = {
  template: 'due-reminder',
  due: { dueOn: '2024-03-31', amount: Money.of('3305.47') },
};
const overdue: MessageContent = {
  template: 'overdue',
  due: { dueOn: '2024-03-31', amount: Money.of('3305.47') },
};

describe('SMS templates', () => {
  it('signs with the short name of the association: carriers register short signatures', () => {
    expect(signature).toBe('竹垟村资金互助会');
    expect(smsSignature({ name: '黄南村资金互助会' })).toBe('黄南村资金互助会');
    expect([...smsSignature({ name: '一二三四五六七八九十一二三四' })].length).toBe(12);
  });

  it('writes the disbursement: amount, date, first installment, the link', () => {
    expect(renderMessage(disbursement, withLink)).toEqual({
      text:
        '【竹垟村资金互助会】雷*山：您的借款¥12,000.00已于2024年1月31日发放，' +
        '首期2024年2月29日应还¥3,305.47。详情：https://hz.example.cn/s/AbCdEfGhIjKlMnOpQrStUv',
      segments: 2,
    });
    expect(renderMessage(disbursement, context)).toEqual({
      text: '【竹垟村资金互助会】雷*山：您的借款¥12,000.00已于2024年1月31日发放，首期2024年2月29日应还¥3,305.47。',
      segments: 1,
    });
  });

  it('writes the receipt: what came in, the principal left, the next installment', () => {
    expect(renderMessage(receipt, withLink)).toEqual({
      text:
        '【竹垟村资金互助会】雷*山：已收到您2024年2月29日还款¥3,305.47，剩余本金¥9,000.00，' +
        '下期3月31日应还¥3,305.47。详情：https://hz.example.cn/s/AbCdEfGhIjKlMnOpQrStUv',
      segments: 2,
    });
    // The one template that needs two parts even without the link: 73 characters.
    expect(renderMessage(receipt, context).text).toHaveLength(73);
    expect(renderMessage(receipt, context).segments).toBe(2);
  });

  it('says thank you when a repayment pays the loan off', () => {
    expect(renderMessage(payoffReceipt, context)).toEqual({
      text: '【竹垟村资金互助会】雷*山：已收到您2024年5月31日还款¥3,305.47，借款已全部还清，谢谢！',
      segments: 1,
    });
  });

  it('reminds of an installment coming due', () => {
    expect(renderMessage(reminder, withLink)).toEqual({
      text:
        '【竹垟村资金互助会】雷*山：您的借款2024年3月31日应还¥3,305.47，请按时还款。' +
        '详情：https://hz.example.cn/s/AbCdEfGhIjKlMnOpQrStUv',
      segments: 2,
    });
    expect(renderMessage(reminder, context)).toEqual({
      text: '【竹垟村资金互助会】雷*山：您的借款2024年3月31日应还¥3,305.47，请按时还款。',
      segments: 1,
    });
  });

  it("tells an overdue household whom to call: the treasurer's phone", () => {
    expect(renderMessage(overdue, withLink)).toEqual({
      text:
        '【竹垟村资金互助会】雷*山：您的借款2024年3月31日到期未还清，逾期¥3,305.47，' +
        '请尽快还款或联系出纳13857801000。详情：https://hz.example.cn/s/AbCdEfGhIjKlMnOpQrStUv',
      segments: 2,
    });
    expect(renderMessage(overdue, context).segments).toBe(1);
  });

  it('counts SMS parts: 70 characters in one, then parts of 67', () => {
    expect(smsSegments('字'.repeat(70))).toBe(1);
    expect(smsSegments('字'.repeat(71))).toBe(2);
    expect(smsSegments('字'.repeat(134))).toBe(2);
    expect(smsSegments('字'.repeat(135))).toBe(3);
    expect(chineseDate('2026-05-09')).toBe('2026年5月9日');
  });

  it('knows which messages are reminders (a household may opt out of those only)', () => {
    expect(isReminder('due-reminder')).toBe(true);
    expect(isReminder('overdue')).toBe(true);
    expect(isReminder('disbursement')).toBe(false);
    expect(isReminder('repayment')).toBe(false);
  });

  it('never shows the full name or an ID number, and fits any amount in two parts with a link', () => {
    const amount = fc
      .bigInt({ min: 1n, max: 99_999_999n })
      .map((cents) => Money.of(`${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`));
    const date = fc
      .date({ min: new Date('2020-01-01'), max: new Date('2039-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const due = fc.record({ dueOn: date, amount });
    const content: fc.Arbitrary<MessageContent> = fc.oneof(
      fc.record({
        template: fc.constant('disbursement' as const),
        amount,
        disbursedOn: date,
        firstDue: due,
      }),
      fc.record({
        template: fc.constant('repayment' as const),
        amount,
        paidOn: date,
        principalOutstanding: amount,
        nextDue: fc.option(due, { nil: undefined }),
      }),
      fc.record({ template: fc.constant('due-reminder' as const), due }),
      fc.record({ template: fc.constant('overdue' as const), due }),
    );
    const name = fc.constantFrom('雷大山', '蓝小红', '钟国平', '欧阳春花', '李明');
    fc.assert(
      fc.property(content, name, (message, householdName) => {
        const { text, segments } = renderMessage(message, { ...withLink, householdName });
        expect(segments).toBeLessThanOrEqual(2);
        expect(text).not.toContain(householdName);
        expect(text).toContain(`${householdName.charAt(0)}*`);
        expect(text).not.toMatch(/\d{17}[\dX]/);
        expect(text.startsWith('【竹垟村资金互助会】')).toBe(true);
        expect(text.endsWith(link)).toBe(true);
      }),
    );
  });
});
