/**
 * From a red or yellow rating to the people to call: an association's overdue loans, the most
 * overdue first (or the largest overdue principal), each with the borrower's and guarantors'
 * phones as tap-to-call links. Printable on A4 for the visit to the village.
 */
import type { LoanView, MemberView } from '../api-types.ts';
import { associationChoice } from '../association-choice.ts';
import type { Ctx, Page } from '../context.ts';
import { loans, members } from '../data.ts';
import { h } from '../dom.ts';
import { compareAmounts } from '../format.ts';
import { amount, heading, link, table } from '../ui.ts';

type SortKey = 'days' | 'amount';

function person(ctx: Ctx, who: MemberView | undefined, id: string): HTMLElement {
  if (!who) return h('span', null, id);
  return h(
    'span',
    { class: 'person' },
    who.name,
    ' ',
    link(`tel:${who.mobile}`, who.mobile, {
      class: 'tel',
      'aria-label': ctx.t('overdue.call', { name: who.name, mobile: who.mobile }),
    }),
  );
}

function sortHeader(ctx: Ctx, aid: string, key: SortKey, current: SortKey): HTMLElement {
  const label = ctx.t(key === 'days' ? 'overdue.days' : 'overdue.principal');
  return link(`#/overdue?association=${aid}&sort=${key}`, key === current ? `${label} ▼` : label, {
    'aria-current': key === current ? 'true' : 'false',
  });
}

function sorted(list: LoanView[], key: SortKey): LoanView[] {
  return [...list].sort((a, b) =>
    key === 'days'
      ? b.overdue.days - a.overdue.days
      : compareAmounts(b.overdue.principal, a.overdue.principal),
  );
}

export const overduePage: Page = async (ctx) => {
  const { t } = ctx;
  const { aid, picker } = await associationChoice(ctx, 'overdue');
  const key: SortKey = ctx.query.get('sort') === 'amount' ? 'amount' : 'days';
  const [open, people] = await Promise.all([loans(ctx, 'open', aid), members(ctx, aid)]);
  const byId = new Map(people.map((m) => [m.id, m]));
  const overdue = sorted(
    open.filter((loan) => loan.status === 'overdue'),
    key,
  );
  return h(
    'section',
    { class: 'overdue' },
    heading(
      t('overdue.title'),
      h('button', { type: 'button', onclick: () => window.print() }, t('overdue.print')),
    ),
    picker,
    overdue.length === 0
      ? h('p', { class: 'muted' }, t('overdue.none'))
      : table(
          [
            t('loan.member'),
            sortHeader(ctx, aid, 'days', key),
            sortHeader(ctx, aid, 'amount', key),
            t('loan.outstanding'),
            t('loan.guarantors'),
          ],
          overdue.map((loan) => [
            person(ctx, byId.get(loan.memberId), loan.memberId),
            t('loan.overdueDays', { days: loan.overdue.days }),
            amount(loan.overdue.principal),
            amount(loan.principalOutstanding),
            h(
              'div',
              null,
              loan.guarantorIds.map((g) => h('div', null, person(ctx, byId.get(g), g))),
            ),
          ]),
          [2, 3],
        ),
  );
};
