/**
 * 贴息: what the county finance bureau paid on each claim period (贴息到账), shared out over
 * the claim's loans, and its payout to the households (贴息发放). The treasurer records both;
 * the federation reads any of its associations.
 */
import type { SubsidyReceiptView } from '../api-types.ts';
import { associationChoice } from '../association-choice.ts';
import { channelField } from '../channel-field.ts';
import type { Ctx, Page } from '../context.ts';
import { h } from '../dom.ts';
import { amountForApi, formatAmount, isZeroAmount } from '../format.ts';
import {
  amount,
  amountInput,
  checkAmounts,
  date,
  dateInput,
  field,
  heading,
  keyValues,
  table,
  textInput,
} from '../ui.ts';
import { sendsWrite } from '../submit-write.ts';

function receiptForm(ctx: Ctx, aid: string): HTMLElement {
  const { t } = ctx;
  const status = h('div');
  const form = h(
    'form',
    { class: 'form', 'data-form': 'subsidy-receipt' },
    field(
      t('subsidy.period'),
      textInput('period', { placeholder: '2026Q3', required: true }),
      t('subsidy.periodHint'),
    ),
    field(t('subsidy.amount'), amountInput('amount')),
    field(t('subsidy.receivedOn'), dateInput('on')),
    // The finance bureau pays by transfer.
    channelField(t, 'bank'),
    h('button', { type: 'submit', class: 'primary' }, t('subsidy.record')),
    status,
  );
  return sendsWrite(ctx, form, status, (v) => {
    if (!checkAmounts(ctx, form, ['amount'], status)) return undefined;
    const body = {
      period: v.period,
      amount: amountForApi(v.amount ?? ''),
      on: v.on,
      channel: v.channel,
    };
    return {
      path: `/associations/${aid}/subsidy-receipts`,
      body,
      label: t('label.subsidyReceipt', {
        period: body.period ?? '',
        amount: formatAmount(body.amount),
      }),
    };
  });
}

/** Pays every household not paid yet (the API's default when no loans are named). */
function payoutForm(ctx: Ctx, aid: string, receipt: SubsidyReceiptView): HTMLElement {
  const { t } = ctx;
  const status = h('div');
  const on = dateInput('on');
  // Not before the money arrived.
  on.min = receipt.receivedOn;
  const unpaid = receipt.rows.filter((row) => !row.paidOut).length;
  const form = h(
    'form',
    { class: 'form', 'data-form': 'subsidy-payout' },
    h(
      'p',
      { class: 'muted' },
      t('subsidy.payoutHelp', { count: unpaid, amount: formatAmount(receipt.held) }),
    ),
    field(t('subsidy.payoutOn'), on),
    channelField(t),
    h('button', { type: 'submit', class: 'primary' }, t('subsidy.payout')),
    status,
  );
  return sendsWrite(ctx, form, status, (v) => ({
    path: `/associations/${aid}/subsidy-receipts/${receipt.period}/payouts`,
    body: { on: v.on, channel: v.channel },
    label: t('label.subsidyPayout', {
      period: receipt.period,
      amount: formatAmount(receipt.held),
    }),
  }));
}

function receiptView(
  ctx: Ctx,
  aid: string,
  receipt: SubsidyReceiptView,
  treasurer: boolean,
): HTMLElement {
  const { t } = ctx;
  return h(
    'article',
    { 'data-period': receipt.period },
    h(
      'h2',
      null,
      t('subsidy.periodTitle', {
        period: receipt.period,
        from: date(ctx, receipt.from),
        to: date(ctx, receipt.to),
      }),
    ),
    keyValues([
      [t('subsidy.receivedOn'), date(ctx, receipt.receivedOn)],
      [t('subsidy.received'), h('span', { 'data-field': 'received' }, amount(receipt.amount))],
      [t('subsidy.claimed'), amount(receipt.claimed)],
      [t('subsidy.paidOut'), h('span', { 'data-field': 'paid-out' }, amount(receipt.paidOut))],
      [t('subsidy.held'), h('span', { 'data-field': 'held' }, amount(receipt.held))],
      [t('subsidy.entry'), receipt.entryId],
    ]),
    table(
      [
        t('subsidy.loan'),
        t('subsidy.household'),
        t('subsidy.rowClaimed'),
        t('subsidy.rowReceived'),
        t('subsidy.status'),
      ],
      receipt.rows.map((row) => [
        row.loanId,
        h('span', null, row.borrower, h('br'), h('small', null, row.memberId)),
        amount(row.claimed),
        amount(row.received),
        row.paidOut
          ? h(
              'span',
              null,
              t('subsidy.paid'),
              h('br'),
              h(
                'small',
                null,
                `${date(ctx, row.paidOut.on)} · ${t(`channel.${row.paidOut.channel}`)}`,
              ),
            )
          : t('subsidy.unpaid'),
      ]),
      [2, 3],
    ),
    treasurer && !isZeroAmount(receipt.held)
      ? [h('h3', null, t('subsidy.payout')), payoutForm(ctx, aid, receipt)]
      : null,
  );
}

export const subsidyPage: Page = async (ctx) => {
  const { t } = ctx;
  const { aid, picker } = await associationChoice(ctx, 'subsidy');
  const { receipts } = await ctx.api.get<{ receipts: SubsidyReceiptView[] }>(
    `/associations/${aid}/subsidy-receipts`,
  );
  const treasurer = ctx.session.user.role === 'treasurer';
  return h(
    'section',
    null,
    heading(t('nav.subsidy')),
    picker,
    h('p', { class: 'muted' }, t('subsidy.help')),
    treasurer ? [h('h2', null, t('subsidy.record')), receiptForm(ctx, aid)] : null,
    receipts.length === 0
      ? h('p', { class: 'muted' }, t('subsidy.none'))
      : // The latest period first: that is the one still being paid out.
        [...receipts].reverse().map((receipt) => receiptView(ctx, aid, receipt, treasurer)),
  );
};
