/** Loans: the open ones (what is due first), a loan's page with its repayment form. */
import type { LoanBooking, LoanView } from '../api-types.ts';
import { channelField } from '../channel-field.ts';
import { associationId, type Ctx, type Page } from '../context.ts';
import { forgetBooks, loans, memberNames } from '../data.ts';
import { h, replaceChildren } from '../dom.ts';
import { amountForApi, formatAmount, isZeroAmount } from '../format.ts';
import {
  amount,
  amountInput,
  checkAmounts,
  date,
  dateInput,
  field,
  formValues,
  heading,
  keyValues,
  link,
  table,
} from '../ui.ts';
import { refillForResend, submitWrite } from '../submit-write.ts';

export const loansPage: Page = async (ctx) => {
  const { t } = ctx;
  const [open, names] = await Promise.all([loans(ctx), memberNames(ctx)]);
  const sorted = [...open].sort((a, b) =>
    (a.nextDue?.dueOn ?? '9').localeCompare(b.nextDue?.dueOn ?? '9'),
  );
  return h(
    'section',
    null,
    heading(t('nav.loans'), link('#/loans/new', t('nav.newLoan'), { class: 'button' })),
    sorted.length === 0
      ? h('p', { class: 'muted' }, t('loans.none'))
      : table(
          [
            t('loan.id'),
            t('loan.member'),
            t('loan.outstanding'),
            t('loan.nextDue'),
            t('loan.status'),
          ],
          sorted.map((loan) => [
            link(`#/loans/${loan.id}`, loan.id),
            names.get(loan.memberId) ?? loan.memberId,
            amount(loan.principalOutstanding),
            loan.nextDue ? [date(ctx, loan.nextDue.dueOn), ' ', amount(loan.nextDue.amount)] : '—',
            t(`loanStatus.${loan.status}`),
          ]),
          [2],
        ),
  );
};

/**
 * What a treasurer collects on the date: what is due, or nothing. Prefilling the next
 * installment when nothing is due (on the disbursement day) invited a payment nobody owed;
 * the next installment and the payoff stay one tap away as chips.
 */
export function amountToCollect(loan: LoanView): string {
  return isZeroAmount(loan.dueNow.total) ? '' : loan.dueNow.total;
}

/** The receipt of a repayment the API just booked: the repayment whose entry it returned. */
export function receiptPath(booking: LoanBooking): string | undefined {
  const repayment = booking.loan.repayments.find((r) => r.entryId === booking.entry.id);
  return repayment ? `#/loans/${booking.loan.id}/receipts/${repayment.id}` : undefined;
}

/**
 * The repayment in a few taps: the amount owed on the chosen date is already filled in (and
 * follows the date), what is due, the next installment and the payoff one tap away.
 */
function repaymentForm(ctx: Ctx, loan: LoanView, name: string): HTMLElement {
  const { t } = ctx;
  const aid = associationId(ctx);
  const status = h('div');
  const input = amountInput('amount', amountToCollect(loan));
  let chosen = false;
  input.addEventListener('input', () => (chosen = true));
  const chips = h('div', { class: 'chips' });
  const chip = (label: string, value: string | undefined) =>
    !value || isZeroAmount(value)
      ? null
      : h(
          'button',
          {
            type: 'button',
            class: 'chip',
            onclick: () => {
              input.value = value;
              input.dispatchEvent(new Event('change'));
              chosen = true;
            },
          },
          `${label} ${formatAmount(value)}`,
        );
  const showChips = (position: LoanView) =>
    replaceChildren(
      chips,
      chip(t('loan.dueNow'), position.dueNow.total),
      chip(t('loan.nextDue'), position.nextDue?.amount),
      chip(t('loan.payoff'), position.payoff.total),
    );
  showChips(loan);
  const on = dateInput('on');
  on.addEventListener('change', () => {
    if (!on.value) return;
    ctx.api
      .get<LoanView>(`/associations/${aid}/loans/${loan.id}?asOf=${on.value}`)
      .then((position) => {
        if (!chosen) input.value = amountToCollect(position);
        input.dispatchEvent(new Event('change'));
        showChips(position);
      })
      // Offline: the amount stays as it was; the treasurer can still type it.
      .catch(() => undefined);
  });
  const form = h(
    'form',
    { class: 'form', 'data-form': 'repayment' },
    field(t('repay.on'), on),
    field(t('repay.amount'), input),
    chips,
    channelField(t),
    h('button', { type: 'submit', class: 'primary' }, t('repay.submit')),
    status,
  );
  chosen = refillForResend(ctx, form, status) !== undefined;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!checkAmounts(ctx, form, ['amount'], status)) return;
    const v = formValues(form);
    const body = { amount: amountForApi(v.amount ?? ''), on: v.on, channel: v.channel };
    chosen = false;
    void submitWrite(
      ctx,
      form,
      status,
      {
        path: `/associations/${aid}/loans/${loan.id}/repayments`,
        body,
        label: t('label.repay', { amount: formatAmount(body.amount), name, loan: loan.id }),
        confirm: { amount: body.amount },
      },
      (booking) => {
        forgetBooks(ctx);
        ctx.navigate(receiptPath(booking as LoanBooking) ?? `#/loans/${loan.id}`);
      },
    );
  });
  return form;
}

export const loanPage: Page = async (ctx) => {
  const { t } = ctx;
  const aid = associationId(ctx);
  const lid = ctx.params.lid ?? '';
  const [loan, names] = await Promise.all([
    ctx.api.get<LoanView>(`/associations/${aid}/loans/${lid}`),
    memberNames(ctx),
  ]);
  const name = names.get(loan.memberId) ?? loan.memberId;
  const open = loan.status === 'current' || loan.status === 'overdue';
  return h(
    'section',
    null,
    heading(`${t('loan.title')} ${loan.id}`),
    keyValues([
      [t('loan.member'), link(`#/members/${loan.memberId}`, `${name}（${loan.memberId}）`)],
      [t('loan.principal'), amount(loan.principal)],
      [
        t('loan.rate'),
        t('loan.rateText', {
          permille: loan.rate.monthlyPermille,
          percent: loan.rate.annualPercent,
        }),
      ],
      [t('loan.method'), t(`method.${loan.method as 'bullet'}`)],
      [t('loan.disbursedOn'), date(ctx, loan.disbursedOn)],
      [
        t('loan.status'),
        h('span', { 'data-field': 'loan-status' }, t(`loanStatus.${loan.status}`)),
      ],
      [
        t('loan.outstanding'),
        h('span', { 'data-field': 'outstanding' }, amount(loan.principalOutstanding)),
      ],
      [t('loan.dueNow'), amount(loan.dueNow.total)],
      [t('loan.payoff'), amount(loan.payoff.total)],
      ...(loan.overdue.days > 0
        ? ([
            [
              t('loan.overdue'),
              [
                t('loan.overdueDays', { days: loan.overdue.days }),
                ' ',
                amount(loan.overdue.principal),
              ],
            ],
          ] as [string, Node | string | (string | Node)[]][])
        : []),
      [t('loan.guarantors'), loan.guarantorIds.map((g) => names.get(g) ?? g).join('、') || '—'],
      [t('loan.boardMinute'), loan.boardMinute],
    ]),
    open ? [h('h2', null, t('repay.title')), repaymentForm(ctx, loan, name)] : null,
    h('h2', null, t('loan.repayments')),
    loan.repayments.length === 0
      ? h('p', { class: 'muted' }, t('loan.noRepayments'))
      : table(
          [
            t('repay.on'),
            t('repay.amount'),
            t('loan.principal'),
            t('repay.fee'),
            t('repay.receipt'),
          ],
          loan.repayments.map((r) => [
            date(ctx, r.on),
            amount(r.amount),
            amount(r.principal),
            amount(r.fee),
            r.reversed
              ? t('repay.reversed')
              : [
                  link(`#/loans/${loan.id}/receipts/${r.id}`, t('repay.print')),
                  ' ',
                  // 冲正 is done on the journal entry the repayment booked.
                  link(`#/journal?from=${r.on}&to=${r.on}`, t('journal.reverse')),
                ],
          ]),
          [1, 2, 3],
        ),
    h('h2', null, t('loan.schedule')),
    table(
      [
        '#',
        t('schedule.dueOn'),
        t('loan.principal'),
        t('repay.fee'),
        t('schedule.total'),
        t('schedule.state'),
      ],
      loan.schedule.map((row) => [
        String(row.number),
        date(ctx, row.dueOn),
        amount(row.principal),
        amount(row.fee),
        amount(row.total),
        t(`installment.${row.state as 'paid'}`),
      ]),
      [2, 3, 4],
    ),
  );
};
