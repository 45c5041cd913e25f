/** A member's page: the household, its shares (buy, grant, withdraw), loans and guarantees. */
import type { LoanView, MemberView } from '../api-types.ts';
import { channelField } from '../channel-field.ts';
import { associationId, type Page } from '../context.ts';
import { forgetBooks, loans } from '../data.ts';
import { h } from '../dom.ts';
import {
  amount,
  date,
  dateInput,
  field,
  formValues,
  heading,
  integerInput,
  keyValues,
  link,
  select,
  table,
} from '../ui.ts';
import { refillForResend, submitWrite } from '../submit-write.ts';

export const memberPage: Page = async (ctx) => {
  const { t } = ctx;
  const aid = associationId(ctx);
  const mid = ctx.params.mid ?? '';
  const [member, own, open] = await Promise.all([
    ctx.api.get<MemberView>(`/associations/${aid}/members/${mid}`),
    ctx.api.get<{ loans: LoanView[] }>(`/associations/${aid}/members/${mid}/loans`),
    loans(ctx),
  ]);
  const guaranteed = open.filter((loan) => loan.guarantorIds.includes(mid));

  const status = h('div');
  const action = select('action', [
    ['purchase', t('shares.purchase')],
    ['fiscal-grant', t('shares.grant')],
    ['redemption', t('shares.redeem')],
  ]);
  const form = h(
    'form',
    { class: 'form inline', 'data-form': 'shares' },
    field(t('shares.action'), action),
    field(t('shares.count'), integerInput('shares', '1')),
    field(t('shares.on'), dateInput('on')),
    channelField(t),
    h('button', { type: 'submit', class: 'primary' }, t('shares.submit')),
    status,
  );
  const refused = refillForResend(ctx, form, status, { kind: 'action' });
  if (refused?.path.endsWith('/share-redemptions')) action.value = 'redemption';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const v = formValues(form);
    const shares = Number(v.shares);
    const redemption = v.action === 'redemption';
    const body = {
      shares,
      on: v.on,
      channel: v.channel,
      ...(redemption ? {} : { kind: v.action }),
    };
    const label = t(
      redemption ? 'label.redeem' : v.action === 'fiscal-grant' ? 'label.grant' : 'label.purchase',
      {
        name: member.name,
        shares,
      },
    );
    void submitWrite(
      ctx,
      form,
      status,
      {
        path: `/associations/${aid}/members/${mid}/${redemption ? 'share-redemptions' : 'shares'}`,
        body,
        label,
        confirm: {},
      },
      () => {
        forgetBooks(ctx);
        ctx.rerender();
      },
    );
  });

  const loanRows = (list: LoanView[], who: boolean) =>
    list.map((loan) => [
      link(`#/loans/${loan.id}`, loan.id),
      who ? loan.memberId : date(ctx, loan.disbursedOn),
      amount(loan.principal),
      amount(loan.principalOutstanding),
      t(`loanStatus.${loan.status}`),
    ]);

  return h(
    'section',
    null,
    heading(
      `${member.name}（${member.id}）`,
      member.status === 'active'
        ? link(`#/loans/new?member=${mid}`, t('nav.newLoan'), { class: 'button' })
        : null,
      link(`#/members/${mid}/statement`, t('statements.open'), { class: 'button' }),
    ),
    keyValues([
      [t('member.idNumber'), member.idNumber],
      [t('member.mobile'), member.mobile],
      [t('member.lowIncome'), t(`lowIncome.${member.lowIncome}`)],
      [t('member.group'), member.group ?? '—'],
      [t('member.grade'), member.creditGrade],
      [t('member.joinedOn'), date(ctx, member.joinedOn)],
      [t('member.status'), member.status === 'active' ? t('member.active') : t('member.exited')],
    ]),
    h('h2', null, t('member.shares')),
    keyValues([
      [
        t('shares.own'),
        h(
          'span',
          { 'data-field': 'own-shares' },
          `${member.shares.own}`,
          ' · ',
          amount(member.shares.ownAmount),
        ),
      ],
      [
        t('shares.fiscal'),
        h('span', null, `${member.shares.fiscal}`, ' · ', amount(member.shares.fiscalAmount)),
      ],
    ]),
    member.status === 'active' ? form : null,
    h('h2', null, t('member.loans')),
    own.loans.length === 0
      ? h('p', { class: 'muted' }, t('member.noLoans'))
      : table(
          [
            t('loan.id'),
            t('loan.disbursedOn'),
            t('loan.principal'),
            t('loan.outstanding'),
            t('loan.status'),
          ],
          loanRows(own.loans, false),
          [2, 3],
        ),
    h('h2', null, t('member.guarantees')),
    guaranteed.length === 0
      ? h('p', { class: 'muted' }, t('member.noGuarantees'))
      : table(
          [
            t('loan.id'),
            t('loan.member'),
            t('loan.principal'),
            t('loan.outstanding'),
            t('loan.status'),
          ],
          loanRows(guaranteed, true),
          [2, 3],
        ),
  );
};
