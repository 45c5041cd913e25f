/** The treasurer's start: the association's cash and the usual tasks, one tap away. */
import type { Page } from '../context.ts';
import { association, loans } from '../data.ts';
import { h } from '../dom.ts';
import { isZeroAmount } from '../format.ts';
import { amount, date, heading, keyValues, link, table } from '../ui.ts';

export const homePage: Page = async (ctx) => {
  const { t } = ctx;
  const [assoc, open] = await Promise.all([association(ctx), loans(ctx)]);
  const balance = (code: string) =>
    assoc.balances.find((b) => b.account === code)?.balance ?? '0.00';
  const due = open
    .filter((loan) => !isZeroAmount(loan.dueNow.total))
    .sort((a, b) => (a.nextDue?.dueOn ?? '').localeCompare(b.nextDue?.dueOn ?? ''));
  return h(
    'section',
    null,
    heading(assoc.name),
    keyValues([
      [t('home.cash'), amount(balance('1001'))],
      [t('home.bank'), amount(balance('1002'))],
      [t('home.loansOut'), amount(balance('1101'))],
      [t('home.openLoans'), String(open.length)],
    ]),
    h(
      'div',
      { class: 'tiles' },
      link('#/loans', t('home.repay'), { class: 'tile' }),
      link('#/members/new', t('nav.enrol'), { class: 'tile' }),
      link('#/loans/new', t('nav.newLoan'), { class: 'tile' }),
      link('#/members', t('nav.members'), { class: 'tile' }),
    ),
    h('h2', null, t('home.dueNow')),
    due.length === 0
      ? h('p', { class: 'muted' }, t('home.nothingDue'))
      : table(
          [t('loan.id'), t('loan.member'), t('loan.dueNow'), t('loan.status')],
          due.map((loan) => [
            link(`#/loans/${loan.id}`, loan.id),
            loan.memberId,
            amount(loan.dueNow.total),
            loan.overdue.days > 0
              ? t('loan.overdueDays', { days: loan.overdue.days })
              : date(ctx, loan.nextDue?.dueOn),
          ]),
          [2],
        ),
  );
};
