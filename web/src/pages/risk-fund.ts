/** The federation's risk fund: its balance and entries; contributions in, relief out. */
import type { RiskFundView } from '../api-types.ts';
import { federationId, type Ctx, type Page } from '../context.ts';
import { dashboard } from '../data.ts';
import { h } from '../dom.ts';
import { amountForApi, formatAmount } from '../format.ts';
import {
  amount,
  amountInput,
  checkAmounts,
  date,
  dateInput,
  field,
  heading,
  keyValues,
  select,
  table,
} from '../ui.ts';
import { sendsWrite } from '../submit-write.ts';

function bookingForm(
  ctx: Ctx,
  kind: 'contributions' | 'relief',
  associations: [string, string][],
): HTMLElement {
  const { t } = ctx;
  const fid = federationId(ctx);
  const status = h('div');
  const form = h(
    'form',
    { class: 'form', 'data-form': `risk-${kind}` },
    field(t('dashboard.association'), select('associationId', associations)),
    field(t('liquidity.amount'), amountInput('amount')),
    field(t('liquidity.on'), dateInput('on')),
    h(
      'button',
      { type: 'submit', class: 'primary' },
      t(kind === 'relief' ? 'risk.relief' : 'risk.contribute'),
    ),
    status,
  );
  return sendsWrite(ctx, form, status, (v) => {
    if (!checkAmounts(ctx, form, ['amount'], status)) return undefined;
    const body = { associationId: v.associationId, amount: amountForApi(v.amount ?? ''), on: v.on };
    const name = associations.find(([id]) => id === v.associationId)?.[1] ?? '';
    return {
      path: `/federations/${fid}/risk-fund/${kind}`,
      body,
      label: t(kind === 'relief' ? 'label.relief' : 'label.contribution', {
        name,
        amount: formatAmount(body.amount),
      }),
    };
  });
}

export const riskFundPage: Page = async (ctx) => {
  const { t } = ctx;
  const fid = federationId(ctx);
  const [fund, view] = await Promise.all([
    ctx.api.get<RiskFundView>(`/federations/${fid}/risk-fund`),
    dashboard(ctx),
  ]);
  const associations = view.associations.map((a) => [a.associationId, a.name] as [string, string]);
  const supervisor = ctx.session.user.role !== 'auditor';
  return h(
    'section',
    null,
    heading(t('nav.riskFund')),
    keyValues([
      [t('risk.balance'), h('span', { 'data-field': 'risk-balance' }, amount(fund.balance))],
      [t('risk.contributed'), amount(fund.contributed)],
      [t('risk.relieved'), amount(fund.relieved)],
      [t('risk.percent'), `${fund.contributionPercent}%`],
    ]),
    supervisor
      ? h(
          'div',
          { class: 'two' },
          h(
            'div',
            null,
            h('h2', null, t('risk.contribute')),
            bookingForm(ctx, 'contributions', associations),
          ),
          h('div', null, h('h2', null, t('risk.relief')), bookingForm(ctx, 'relief', associations)),
        )
      : null,
    h('h2', null, t('risk.entries')),
    fund.entries.length === 0
      ? h('p', { class: 'muted' }, t('risk.none'))
      : table(
          [
            t('repay.on'),
            t('risk.memo'),
            t('dashboard.association'),
            t('books.debit'),
            t('books.credit'),
          ],
          fund.entries.map((e) => {
            const line = e.lines.find((l) => l.account === '3401');
            return [
              date(ctx, e.date),
              e.memo,
              e.associationId ?? '—',
              amount(line?.debit ?? '0.00'),
              amount(line?.credit ?? '0.00'),
            ];
          }),
          [3, 4],
        ),
  );
};
