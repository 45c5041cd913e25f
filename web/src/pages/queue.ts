/**
 * The outbox, visible: what waits to be sent, how often it was tried, the last error; and what
 * the API refused, kept with its reason until it is fixed and resent or discarded.
 */
import type { Ctx, Page } from '../context.ts';
import { h } from '../dom.ts';
import type { QueuedWrite } from '../outbox.ts';
import { resendHash } from '../submit-write.ts';
import { heading, link, notice, problemView, table } from '../ui.ts';

function actions(ctx: Ctx, item: QueuedWrite): HTMLElement {
  const { t } = ctx;
  const discard = h('button', { type: 'button', class: 'small' }, t('queue.discard'));
  discard.addEventListener('click', () => {
    if (discard.dataset.confirm !== 'yes') {
      discard.dataset.confirm = 'yes';
      discard.textContent = t('queue.discardConfirm');
      return;
    }
    ctx.outbox.discard(item.key);
    ctx.rerender();
  });
  const resend = item.refused ? resendHash(item) : undefined;
  return h(
    'div',
    { class: 'actions' },
    resend ? link(resend, t('queue.resend'), { class: 'button' }) : null,
    discard,
  );
}

function state(ctx: Ctx, item: QueuedWrite): HTMLElement | string {
  if (item.refused)
    return h(
      'div',
      null,
      h('strong', null, ctx.t('queue.refused')),
      problemView(ctx.t, item.refused),
    );
  return `${ctx.t('queue.attempts')} ${item.attempts} · ${item.lastError ?? '—'}`;
}

export const queuePage: Page = async (ctx) => {
  const { t } = ctx;
  const items = ctx.outbox.items();
  return h(
    'section',
    null,
    heading(
      t('nav.queue'),
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          onclick: () => void ctx.outbox.flush().then(() => ctx.rerender()),
        },
        t('queue.retry'),
      ),
    ),
    ctx.isOnline() ? null : notice('info', t('queue.offline')),
    h('p', { class: 'muted' }, t('queue.explain')),
    items.length === 0
      ? h('p', { 'data-testid': 'queue-empty' }, t('queue.empty'))
      : table(
          [t('queue.what'), t('queue.when'), t('queue.lastError'), t('queue.actions')],
          items.map((item) => [
            item.user === ctx.session.user.username ? item.label : `${item.label}（${item.user}）`,
            item.queuedAt.slice(0, 16).replace('T', ' '),
            state(ctx, item),
            actions(ctx, item),
          ]),
        ),
  );
};
