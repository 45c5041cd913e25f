/**
 * The words of every SMS, once: each kind's text with ${variable} placeholders and the values
 * of its variables. `renderMessage` (templates.ts) fills them for previews, the local gateway
 * and SNS; `templateFor` (registered-templates.ts) sends them as a registered template with
 * parameters to a domestic provider. Pure.
 */
import type { BusinessDate } from '../dates.ts';
import type { MessageContent } from './templates.ts';

/** 2026-05-20 → 2026年5月20日 */
export function chineseDate(date: BusinessDate): string {
  const [year, month, day] = date.split('-');
  return `${year}年${Number(month)}月${Number(day)}日`;
}

/** 2026-05-20 → 5月20日, for the next installment of a receipt: always the coming one. */
export function shortChineseDate(date: BusinessDate): string {
  const [, month, day] = date.split('-');
  return `${Number(month)}月${Number(day)}日`;
}

export const templateKinds = [
  'disbursement',
  'repayment',
  'repayment-with-next',
  'repayment-paid-off',
  'due-reminder',
  'overdue',
] as const;
export type TemplateKind = (typeof templateKinds)[number];

export interface TemplateBody {
  kind: TemplateKind;
  /** The text with ${variable} placeholders (Aliyun's form; Tencent numbers them in order). */
  text: string;
  params: Record<string, string>;
}

function repaymentBody(content: Extract<MessageContent, { template: 'repayment' }>): TemplateBody {
  const paid = { paidOn: chineseDate(content.paidOn), amount: content.amount.format() };
  const received = '已收到您${paidOn}还款${amount}，';
  if (content.principalOutstanding.isZero()) {
    return { kind: 'repayment-paid-off', text: `${received}借款已全部还清，谢谢！`, params: paid };
  }
  const outstanding = { ...paid, outstanding: content.principalOutstanding.format() };
  if (!content.nextDue) {
    return { kind: 'repayment', text: `${received}剩余本金\${outstanding}。`, params: outstanding };
  }
  return {
    kind: 'repayment-with-next',
    text: `${received}剩余本金\${outstanding}，下期\${nextDueOn}应还\${nextAmount}。`,
    params: {
      ...outstanding,
      nextDueOn: shortChineseDate(content.nextDue.dueOn),
      nextAmount: content.nextDue.amount.format(),
    },
  };
}

/** What the message says after the name, as a template and its values. */
export function templateBody(content: MessageContent, treasurerPhone: string): TemplateBody {
  switch (content.template) {
    case 'disbursement':
      return {
        kind: 'disbursement',
        text: '您的借款${amount}已于${disbursedOn}发放，首期${firstDueOn}应还${firstAmount}。',
        params: {
          amount: content.amount.format(),
          disbursedOn: chineseDate(content.disbursedOn),
          firstDueOn: chineseDate(content.firstDue.dueOn),
          firstAmount: content.firstDue.amount.format(),
        },
      };
    case 'repayment':
      return repaymentBody(content);
    case 'due-reminder':
      return {
        kind: 'due-reminder',
        text: '您的借款${dueOn}应还${amount}，请按时还款。',
        params: { dueOn: chineseDate(content.due.dueOn), amount: content.due.amount.format() },
      };
    case 'overdue':
      return {
        kind: 'overdue',
        text: '您的借款${dueOn}到期未还清，逾期${amount}，请尽快还款或联系出纳${phone}。',
        params: {
          dueOn: chineseDate(content.due.dueOn),
          amount: content.due.amount.format(),
          phone: treasurerPhone,
        },
      };
  }
}

/** Replaces each ${name} with its value. */
export function fillPlaceholders(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{(\w+)\}/g, (_, name: string) => values.get(name) ?? '');
}
