/** How money moves in a form (cash or bank): one row for every form that books a payment. */
import type { Translate } from './i18n.ts';
import { field, select } from './ui.ts';

/** Cash unless the form says otherwise (the county's money, say, arrives in the bank). */
export function channelField(t: Translate, value: 'cash' | 'bank' = 'cash'): HTMLElement {
  return field(
    t('channel'),
    select(
      'channel',
      [
        ['cash', t('channel.cash')],
        ['bank', t('channel.bank')],
      ],
      value,
    ),
  );
}
