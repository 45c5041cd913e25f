/** The outbox, visible: what waits to be sent, how often it was tried, the last error. */
import type { Page } from '../context.ts';
import { h } from '../dom.ts';
import { heading, notice, table } from '../ui.ts';

export const queuePage: Page = async (ctx) => {
  const { t } = ctx;
  const items = ctx.outbox.items();
  const discard = (key: string, button: HTMLButtonElement) => {
    if (button.dataset.confirm !== 'yes') {
      button.dataset.confirm = 'yes';
      button.textContent = t('queue.discardConfirm');
      return;
    }
    ctx.outbox.discard(key);
    ctx.rerender();
  };
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
          [t('queue.what'), t('queue.when'), t('queue.attempts'), t('queue.lastError'), ''],
          items.map((item) => {
            const button = h('button', { type: 'button', class: 'small' }, t('queue.discard'));
            button.addEventListener('click', () => discard(item.key, button));
            return [
              item.user === ctx.session.user.username
                ? item.label
                : `${item.label}（${item.user}）`,
              item.queuedAt.slice(0, 16).replace('T', ' '),
              String(item.attempts),
              item.lastError ?? '—',
              button,
            ];
          }),
        ),
  );
};
