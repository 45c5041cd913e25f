/** The trial balance (试算平衡表) on any date: debits equal credits. */
import type { TrialBalanceView } from '../api-types.ts';
import { associationId, type Page } from '../context.ts';
import { h } from '../dom.ts';
import { todayInShanghai } from '../format.ts';
import { amount, asOfPicker, date, heading, notice, table } from '../ui.ts';

export const booksPage: Page = async (ctx) => {
  const { t } = ctx;
  const aid = associationId(ctx);
  const asOf = ctx.query.get('asOf') ?? todayInShanghai();
  const balance = await ctx.api.get<TrialBalanceView>(
    `/associations/${aid}/trial-balance?asOf=${asOf}`,
  );
  const picker = asOfPicker(ctx, 'books', asOf);
  const rows = balance.accounts.filter((a) => /[1-9]/.test(a.debit + a.credit));
  return h(
    'section',
    null,
    heading(t('nav.books')),
    picker,
    h('p', null, t('books.on', { date: date(ctx, asOf) })),
    table(
      [t('books.code'), t('books.account'), t('books.debit'), t('books.credit')],
      [
        ...rows.map((a) => [a.code, a.name, amount(a.debit), amount(a.credit)]),
        [
          h('strong', null, t('books.total')),
          '',
          h('strong', null, amount(balance.totals.debit)),
          h('strong', null, amount(balance.totals.credit)),
        ],
      ],
      [2, 3],
    ),
    balance.balanced ? notice('ok', t('books.balanced')) : notice('error', t('books.unbalanced')),
  );
};
