/**
 * The port every SMS provider sits behind. `messageId` is the outbox message's id: an adapter
 * whose provider takes an idempotency key passes it, so that a repeated send after a crash is
 * dropped by the provider; SNS and End User Messaging SMS take none, so there the notifier's
 * guarantee applies (see deliver.ts). Domestic providers (阿里云短信, 腾讯云短信) send
 * `template` (a registered template and its parameters) and ignore `text`, which is what the
 * person reads and what SNS and the local gateway send.
 */
import type { TemplateMessage } from '#domain/messages/registered-templates.ts';

export interface Sms {
  /** Mainland mobile number, 11 digits. */
  to: string;
  text: string;
  messageId: string;
  template?: TemplateMessage;
}

/** A message the provider accepted, as the outbox kept it: what a receipt is asked for. */
export interface SentSms {
  messageId: string;
  to: string;
  sentAt: string;
  providerMessageId?: string;
}

/** The carrier's delivery receipt (回执): delivered, or failed with the carrier's code. */
export interface SmsReceipt {
  messageId: string;
  delivered: boolean;
  code: string;
  at: string;
}

export interface SmsSender {
  send(sms: Sms): Promise<{ providerMessageId?: string }>;
  /** Receipts for messages sent earlier, where the provider reports them. */
  receipts?(sent: SentSms[]): Promise<SmsReceipt[]>;
}

/** The provider refused the message for good (a malformed number): retrying cannot help. */
export class PermanentSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentSendError';
  }
}

/** The provider said no for now (throttling, a passing fault): the notifier tries again. */
export class RetryableSendError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'RetryableSendError';
  }
}
