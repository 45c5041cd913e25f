/**
 * The repayment receipt (还款收据), printed for the farmer: the amount in figures and in
 * Chinese capitals (大写), how it was allocated, what is left. Rebuilt from the loan as the
 * API keeps it, so a receipt can be printed again any day, also for a repayment sent from
 * the offline queue.
 */
import { Money } from '#domain/money.ts';
import type { LoanView, MemberView } from '../api-types.ts';
import { associationId, type Page } from '../context.ts';
import { association } from '../data.ts';
import { h } from '../dom.ts';
import { amount, date, heading, keyValues, link } from '../ui.ts';

/** 大写 for a receipt, from the domain's own Money (decimal.js: no float on the way). */
export function amountInCapitals(text: string): string {
  return Money.of(text).toChineseCapital();
}

export const receiptPage: Page = async (ctx) => {
  const { t } = ctx;
  const aid = associationId(ctx);
  const { lid = '', rid = '' } = ctx.params;
  const first = await ctx.api.get<LoanView>(`/associations/${aid}/loans/${lid}`);
  const repayment = first.repayments.find((r) => r.id === rid);
  if (!repayment) throw new Error(t('receipt.notFound'));
  // The loan as of the repayment's date: what was left right after it.
  const [loan, member, assoc] = await Promise.all([
    ctx.api.get<LoanView>(`/associations/${aid}/loans/${lid}?asOf=${repayment.on}`),
    ctx.api.get<MemberView>(`/associations/${aid}/members/${first.memberId}`),
    association(ctx),
  ]);
  return h(
    'section',
    null,
    h(
      'div',
      { class: 'no-print' },
      heading(
        t('receipt.title'),
        h(
          'button',
          { type: 'button', class: 'primary', onclick: () => window.print() },
          t('receipt.print'),
        ),
        link(`#/loans/${lid}`, t('receipt.back'), { class: 'button' }),
      ),
    ),
    h(
      'article',
      { class: 'receipt', 'data-testid': 'receipt' },
      h('h2', null, assoc.name),
      h('h3', null, t('receipt.heading')),
      keyValues([
        [t('receipt.number'), repayment.entryId],
        [t('repay.on'), date(ctx, repayment.on)],
        [t('loan.member'), `${member.name}（${member.id}）`],
        [t('loan.id'), lid],
        [t('receipt.figures'), h('strong', { 'data-field': 'figures' }, amount(repayment.amount))],
        [
          t('receipt.capitals'),
          h('strong', { 'data-field': 'capitals' }, amountInCapitals(repayment.amount)),
        ],
        [t('receipt.principal'), amount(repayment.principal)],
        [t('receipt.fee'), amount(repayment.fee)],
        [t('receipt.penalty'), amount(repayment.penaltyFee)],
        [t('receipt.outstanding'), amount(loan.principalOutstanding)],
        ...(loan.nextDue
          ? ([
              [
                t('loan.nextDue'),
                [date(ctx, loan.nextDue.dueOn), ' ', amount(loan.nextDue.amount)],
              ],
            ] as [string, (string | Node)[]][])
          : []),
        [t('receipt.treasurer'), ctx.session.user.displayName],
      ]),
      h(
        'p',
        { class: 'signatures' },
        h('span', null, `${t('receipt.payer')}：`),
        h('span', null, `${t('receipt.receiver')}：`),
      ),
    ),
    repayment.reversed ? h('p', { class: 'notice error' }, t('repay.reversed')) : null,
  );
};
