/**
 * GET /local/outbox (local mode only): the messages the local notifier "sent" and those still
 * waiting, oldest first, optionally of one association (?associationId=). A message sent twice
 * (a crash between the send and the mark) appears once per send.
 */
import { smsSegments } from '#domain/messages/templates.ts';
import type { Store } from '../functions/store/client.ts';
import { listLocalSms } from '../functions/store/local-sms.ts';
import { listOutbox } from '../functions/store/outbox.ts';

export interface OutboxEntry {
  id: string;
  to: string | null;
  text: string | null;
  segments: number | null;
  status: string;
  sentAt: string | null;
  template: string;
  loanId: string | null;
  associationId: string;
}

export async function localOutbox(
  store: Store,
  associationId?: string,
): Promise<{ messages: OutboxEntry[] }> {
  const [messages, sends] = await Promise.all([
    listOutbox(store, { associationId }),
    listLocalSms(store),
  ]);
  const sendsOf = new Map<string, typeof sends>();
  for (const sms of sends) sendsOf.set(sms.messageId, [...(sendsOf.get(sms.messageId) ?? []), sms]);
  const entries: OutboxEntry[] = messages.flatMap((message) => {
    const base = {
      id: message.id,
      status: message.status,
      template: message.content.template,
      loanId: message.loanId ?? null,
      associationId: message.associationId,
    };
    const sent = sendsOf.get(message.id) ?? [];
    if (sent.length === 0) {
      return [
        {
          ...base,
          to: message.to ?? null,
          text: message.text ?? null,
          segments: message.text ? smsSegments(message.text) : null,
          sentAt: message.sentAt ?? null,
        },
      ];
    }
    return sent.map((sms) => ({
      ...base,
      to: sms.to,
      text: sms.text,
      segments: sms.segments,
      sentAt: sms.sentAt,
    }));
  });
  return { messages: entries };
}
