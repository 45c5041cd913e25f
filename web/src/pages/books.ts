/**
 * The trial balance (试算平衡表) on any date: debits equal credits. Below it, 结账: how far the
 * books are closed and every close and reopening; the treasurer closes a month, a supervisor
 * of the federation may reopen (反结账) with a reason, the auditor reads.
 */
import type { PeriodCloseView, TrialBalanceView } from '../api-types.ts';
import { associationChoice } from '../association-choice.ts';
import type { Ctx, Page } from '../context.ts';
import { h } from '../dom.ts';
import { formatInstant, previousMonthEnd, todayInShanghai } from '../format.ts';
import {
  amount,
  asOfPicker,
  date,
  dateInput,
  field,
  heading,
  notice,
  table,
  textInput,
} from '../ui.ts';
import { sendsWrite } from '../submit-write.ts';

function closeForm(ctx: Ctx, aid: string): HTMLElement {
  const { t } = ctx;
  const status = h('div');
  // Only a month that has ended can be closed: the latest is last month.
  const latest = previousMonthEnd(todayInShanghai());
  const through = dateInput('through', latest);
  through.max = latest;
  const form = h(
    'form',
    { class: 'form', 'data-form': 'period-close' },
    field(t('periodClose.through'), through, t('periodClose.throughHint')),
    h('button', { type: 'submit', class: 'primary' }, t('periodClose.submit')),
    status,
  );
  return sendsWrite(ctx, form, status, (v) => ({
    path: `/associations/${aid}/period-close`,
    body: { through: v.through },
    label: t('label.periodClose', { date: date(ctx, v.through) }),
    // Closing a month locks its books: asked once more, as 反结账 needs a supervisor.
    confirm: {},
  }));
}

function reopenForm(ctx: Ctx, aid: string, closedThrough: string): HTMLElement {
  const { t } = ctx;
  const status = h('div');
  // Optional: what stays closed must be a month end before the current one.
  const through = dateInput('through', '', false);
  through.max = previousMonthEnd(closedThrough);
  const form = h(
    'form',
    { class: 'form', 'data-form': 'period-reopen' },
    field(t('periodClose.keepThrough'), through, t('periodClose.keepThroughHint')),
    field(
      t('periodClose.reason'),
      textInput('reason', { required: true, minlength: '2', maxlength: '200' }),
    ),
    h('button', { type: 'submit', class: 'primary' }, t('periodClose.reopen')),
    status,
  );
  return sendsWrite(ctx, form, status, (v) => ({
    path: `/associations/${aid}/period-close/reopening`,
    body: { ...(v.through ? { through: v.through } : {}), reason: v.reason },
    label: t('label.periodReopen', { reason: v.reason ?? '' }),
  }));
}

function periodCloseView(ctx: Ctx, aid: string, close: PeriodCloseView): HTMLElement {
  const { t } = ctx;
  const role = ctx.session.user.role;
  return h(
    'div',
    { 'data-testid': 'period-close' },
    h('h2', null, t('periodClose.title')),
    h(
      'p',
      { 'data-field': 'closed-through' },
      h(
        'strong',
        null,
        close.closedThrough
          ? t('periodClose.closedThrough', { date: date(ctx, close.closedThrough) })
          : t('periodClose.open'),
      ),
    ),
    h('p', { class: 'muted' }, t('periodClose.help')),
    role === 'treasurer' ? closeForm(ctx, aid) : null,
    role === 'supervisor' && close.closedThrough
      ? [h('h3', null, t('periodClose.reopen')), reopenForm(ctx, aid, close.closedThrough)]
      : null,
    h('h3', null, t('periodClose.history')),
    close.history.length === 0
      ? h('p', { class: 'muted' }, t('periodClose.none'))
      : table(
          [
            t('periodClose.action'),
            t('periodClose.closedThroughColumn'),
            t('periodClose.by'),
            t('periodClose.at'),
            t('periodClose.reasonColumn'),
          ],
          // The latest first: that is the one in force.
          [...close.history]
            .reverse()
            .map((e) => [
              t(`periodClose.${e.action}`),
              e.closedThrough ? date(ctx, e.closedThrough) : '—',
              e.by,
              formatInstant(e.at, ctx.language),
              e.reason ?? '—',
            ]),
        ),
  );
}

export const booksPage: Page = async (ctx) => {
  const { t } = ctx;
  const { aid, picker } = await associationChoice(ctx, 'books');
  const asOf = ctx.query.get('asOf') ?? todayInShanghai();
  const [balance, close] = await Promise.all([
    ctx.api.get<TrialBalanceView>(`/associations/${aid}/trial-balance?asOf=${asOf}`),
    ctx.api.get<PeriodCloseView>(`/associations/${aid}/period-close`),
  ]);
  const rows = balance.accounts.filter((a) => /[1-9]/.test(a.debit + a.credit));
  return h(
    'section',
    null,
    heading(t('nav.books')),
    picker,
    asOfPicker(ctx, 'books', asOf),
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
    periodCloseView(ctx, aid, close),
  );
};
