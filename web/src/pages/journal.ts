/**
 * The journal (日记账): the entries of a period, each with its lines, and 冲正 for a mistaken
 * one: a reason, a confirmation with the amount, then a reversing entry (never an edit). The
 * federation's users read any association's journal, without the 冲正 control.
 */
import type { EntryView } from '../api-types.ts';
import { associationChoice } from '../association-choice.ts';
import type { Ctx, Page } from '../context.ts';
import { h } from '../dom.ts';
import { isZeroAmount, monthOf, todayInShanghai } from '../format.ts';
import { sendsWrite } from '../submit-write.ts';
import { amount, date, field, heading, notice, periodPicker, table, textInput } from '../ui.ts';

/** 冲正 of one entry: the reason first, then the confirmation with the entry's amount. */
function reversalForm(ctx: Ctx, aid: string, entry: EntryView): HTMLElement {
  const { t } = ctx;
  const status = h('div');
  // The first debit line is the money that moved (cash or bank for a repayment, a purchase).
  const moved = entry.lines.find((line) => !isZeroAmount(line.debit))?.debit;
  const form = h(
    'form',
    { class: 'form', 'data-form': 'reversal', hidden: true },
    field(
      t('journal.reason'),
      textInput('reason', { required: true, minlength: '2', maxlength: '200' }),
    ),
    h('button', { type: 'submit', class: 'primary' }, t('journal.reverse')),
    status,
  );
  const open = h('button', { type: 'button', class: 'small' }, t('journal.reverse'));
  open.addEventListener('click', () => {
    open.hidden = true;
    form.hidden = false;
    form.querySelector('input')?.focus();
  });
  sendsWrite(ctx, form, status, (v) => ({
    path: `/associations/${aid}/journal/${entry.id}/reversal`,
    body: { reason: v.reason },
    label: t('label.reversal', { entry: entry.id, memo: entry.memo }),
    confirm: { amount: moved },
  }));
  return h('div', null, open, form);
}

function entryState(ctx: Ctx, aid: string, entry: EntryView): HTMLElement | string {
  const { t } = ctx;
  if (entry.reversedBy) return t('journal.reversedBy', { entry: entry.reversedBy });
  if (entry.reverses) return t('journal.reverses', { entry: entry.reverses });
  return ctx.session.user.role === 'treasurer' ? reversalForm(ctx, aid, entry) : '—';
}

function entryLines(ctx: Ctx, entry: EntryView): HTMLElement {
  return h(
    'ul',
    { class: 'lines' },
    entry.lines.map((line) =>
      h(
        'li',
        null,
        ctx.t(isZeroAmount(line.debit) ? 'journal.credit' : 'journal.debit'),
        ' ',
        line.accountName,
        ' ',
        amount(isZeroAmount(line.debit) ? line.credit : line.debit),
      ),
    ),
  );
}

export const journalPage: Page = async (ctx) => {
  const { t } = ctx;
  const { aid, picker } = await associationChoice(ctx, 'journal');
  const today = todayInShanghai();
  const from = ctx.query.get('from') ?? `${monthOf(today)}-01`;
  const to = ctx.query.get('to') ?? today;
  const page = await ctx.api.get<{ entries: EntryView[]; cursor?: string }>(
    `/associations/${aid}/journal?${new URLSearchParams({ from, to, limit: '500' })}`,
  );
  return h(
    'section',
    null,
    heading(t('nav.journal')),
    picker,
    periodPicker(ctx, 'journal', from, to),
    page.entries.length === 0
      ? h('p', { class: 'muted' }, t('journal.none'))
      : table(
          [
            t('journal.date'),
            t('journal.entry'),
            t('journal.memo'),
            t('journal.lines'),
            t('journal.state'),
          ],
          page.entries.map((entry) => [
            date(ctx, entry.date),
            entry.id,
            entry.memo,
            entryLines(ctx, entry),
            entryState(ctx, aid, entry),
          ]),
        ),
    page.cursor ? notice('info', t('journal.more')) : null,
  );
};
