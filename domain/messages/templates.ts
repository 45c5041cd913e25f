/**
 * The SMS a household receives about its loan (shared/DESIGN.md, Messages): on disbursement,
 * a receipt for every repayment, a reminder N days before an installment is due (N is the
 * charter's `reminders.daysBefore`) and a notice when the loan falls overdue. Pure: the
 * notifier resolves the current phone, name and link at send time and calls `renderMessage`.
 *
 * Rules every template keeps:
 * - zh-CN, signed with the association's short name in 【】 at the start (the form carriers
 *   require); amounts as ¥1,234.50 (Money.format); dates as 2026年5月20日.
 * - The household's name is MASKED (张*华), although the SMS goes to the household itself:
 *   mobile numbers are recycled and phones are shared in a family or shown on a lock screen,
 *   and the masked name is still enough for the household to recognise its own loan. The ID
 *   number never appears (no template has a field for it).
 * - The link to the loan page goes last, so that a phone that cuts a long message still shows
 *   the amounts.
 * - Length: one SMS holds 70 characters of Chinese (UCS-2); a longer message is sent as parts
 *   of 67. Without the link, the disbursement, the reminder, the overdue notice and the payoff
 *   receipt fit in one SMS; a receipt that also names the next installment needs two. The
 *   link (a 24-character base URL plus a 22-character token) makes every template two parts,
 *   and two are enough for amounts up to ¥999,999.99 (asserted by a property test).
 */
import type { BusinessDate } from '../dates.ts';
import { maskName } from '../members/household.ts';
import type { Money } from '../money.ts';
import { chineseDate, fillPlaceholders, shortChineseDate, templateBody } from './template-texts.ts';

export const messageTemplates = ['disbursement', 'repayment', 'due-reminder', 'overdue'] as const;
export type MessageTemplate = (typeof messageTemplates)[number];

/**
 * Reminders are what a household may opt out of; receipts (disbursement, repayment) always go,
 * because they are the household's record of money that moved.
 */
export function isReminder(template: MessageTemplate): boolean {
  return template === 'due-reminder' || template === 'overdue';
}

export interface DueAmount {
  dueOn: BusinessDate;
  amount: Money;
}

/** What a message says: the facts of the loan event, fixed when the message is written. */
export type MessageContent =
  | {
      template: 'disbursement';
      amount: Money;
      disbursedOn: BusinessDate;
      firstDue: DueAmount;
    }
  | {
      template: 'repayment';
      amount: Money;
      paidOn: BusinessDate;
      /** Principal still owed after this repayment; zero means the loan is paid off. */
      principalOutstanding: Money;
      /** The next installment still owed, when there is one. */
      nextDue?: DueAmount;
    }
  | { template: 'due-reminder'; due: DueAmount }
  | {
      template: 'overdue';
      /** The oldest installment not paid on time, and what is overdue in all. */
      due: DueAmount;
    };

/** Who the message is from and to, resolved when it is sent. */
export interface MessageContext {
  /** The SMS signature: the association's short name (see `smsSignature`). */
  signature: string;
  /** The household head's full name; the template masks it. */
  householdName: string;
  /** The treasurer's phone, for the overdue notice. */
  treasurerPhone: string;
  /** The loan page; absent when the loan has no live link. */
  link?: string;
}

export interface RenderedMessage {
  text: string;
  /** SMS parts the carrier bills: 1 up to 70 characters, else ceil(length / 67). */
  segments: number;
}

/** UCS-2 SMS: 70 characters in one message, 67 per part once concatenated. */
export function smsSegments(text: string): number {
  // UTF-16 code units, which is what UCS-2 counts (a character beyond the BMP takes two).
  const length = text.length;
  return length <= 70 ? 1 : Math.ceil(length / 67);
}

export { chineseDate, shortChineseDate };

/** Carriers register short signatures: the full name when it is short, else 村名+资金互助会. */
export const maxSignatureLength = 12;

export function smsSignature(association: { name: string; village?: string }): string {
  if ([...association.name].length <= maxSignatureLength) return association.name;
  const short = association.village ? `${association.village}资金互助会` : association.name;
  return [...short].slice(-maxSignatureLength).join('');
}

/** The words after the name: the kind's template, filled (template-texts.ts holds them once). */
function body(content: MessageContent, context: MessageContext): string {
  const { text, params } = templateBody(content, context.treasurerPhone);
  return fillPlaceholders(text, new Map(Object.entries(params)));
}

export function renderMessage(content: MessageContent, context: MessageContext): RenderedMessage {
  const link = context.link ? `详情：${context.link}` : '';
  const text = `【${context.signature}】${maskName(context.householdName)}：${body(content, context)}${link}`;
  return { text, segments: smsSegments(text) };
}
