/**
 * The local stand-in for the SMS provider: every message "sent" is kept in the table (one item
 * per send, so a repeat shows) and listed by GET /local/outbox, for a person or a test to read.
 */
import type { Sms, SmsSender } from '../functions/notifier/sms-sender.ts';
import { smsSegments } from '#domain/messages/templates.ts';
import type { Store } from '../functions/store/client.ts';
import { recordLocalSms } from '../functions/store/local-sms.ts';

export function localSmsGateway(store: Store, now: () => Date = () => new Date()): SmsSender {
  return {
    async send(sms: Sms) {
      const providerMessageId = await recordLocalSms(store, {
        messageId: sms.messageId,
        to: sms.to,
        text: sms.text,
        segments: smsSegments(sms.text),
        sentAt: now().toISOString(),
      });
      return { providerMessageId };
    },
  };
}
