/**
 * The port every SMS provider sits behind. `messageId` is the outbox message's id: an adapter
 * whose provider takes an idempotency key passes it, so that a repeated send after a crash is
 * dropped by the provider; SNS and End User Messaging SMS take none, so there the notifier's
 * guarantee applies (see deliver.ts).
 */
export interface Sms {
  /** Mainland mobile number, 11 digits. */
  to: string;
  text: string;
  messageId: string;
}

export interface SmsSender {
  send(sms: Sms): Promise<{ providerMessageId?: string }>;
}

/** The provider refused the message for good (a malformed number): retrying cannot help. */
export class PermanentSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentSendError';
  }
}
