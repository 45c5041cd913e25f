/** The SMS the association's notifier sent (local mode: GET /local/outbox). */
import type { SmsMessage } from '../api-types.ts';
import { associationId, type Page } from '../context.ts';
import { h } from '../dom.ts';
import { heading, table } from '../ui.ts';

export const smsPage: Page = async (ctx) => {
  const { t } = ctx;
  const aid = associationId(ctx);
  const { messages } = await ctx.api.get<{ messages: SmsMessage[] }>(
    `/local/outbox?associationId=${aid}`,
  );
  const newest = [...messages].reverse();
  return h(
    'section',
    null,
    heading(t('nav.sms')),
    newest.length === 0
      ? h('p', { class: 'muted' }, t('sms.none'))
      : table(
          [t('sms.to'), t('sms.text'), t('sms.status'), t('sms.sentAt')],
          newest.map((m) => [
            m.to ?? '—',
            m.text ?? m.template,
            m.status === 'sent' ? t('sms.sent') : t('sms.pending'),
            m.sentAt ? m.sentAt.slice(0, 16).replace('T', ' ') : '—',
          ]),
        ),
  );
};
