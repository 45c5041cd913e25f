/** How money moves in a form (cash or bank): one row for every form that books a payment. */
import type { Translate } from './i18n.ts';
import { field, select } from './ui.ts';

export function channelField(t: Translate): HTMLElement {
  return field(
    t('channel'),
    select('channel', [
      ['cash', t('channel.cash')],
      ['bank', t('channel.bank')],
    ]),
  );
}
