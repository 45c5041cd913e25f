/**
 * 资金余缺调剂: the supervisor enters what each association needs, the API proposes transfers
 * from the associations with spare cash, and one confirmation executes them all.
 */
import type { ApprovalView, DashboardView, PlanView, TransferView } from '../api-types.ts';
import { federationId, type Ctx, type Page } from '../context.ts';
import { dashboard, forgetBooks } from '../data.ts';
import { h, replaceChildren } from '../dom.ts';
import { amountForApi, formatAmount, isAmountInput, todayInShanghai } from '../format.ts';
import {
  amount,
  amountInput,
  date,
  dateInput,
  field,
  formValues,
  heading,
  keyValues,
  link,
  notice,
  table,
} from '../ui.ts';
import { submitWrite } from '../submit-write.ts';

async function names(ctx: Ctx): Promise<Map<string, string>> {
  const view = await dashboard(ctx);
  return new Map(view.associations.map((a) => [a.associationId, a.name]));
}

function transferList(
  ctx: Ctx,
  transfers: PlanView['transfers'],
  nameOf: (id: string) => string,
): HTMLElement {
  return h(
    'ol',
    { class: 'transfers', 'data-testid': 'transfers' },
    transfers.map((tr) =>
      h(
        'li',
        null,
        h('span', { class: 'from' }, nameOf(tr.from)),
        h('span', { class: 'arrow', 'aria-label': ctx.t('liquidity.to') }, '→'),
        h('span', { class: 'to' }, nameOf(tr.to)),
        h('strong', null, amount(tr.amount)),
      ),
    ),
  );
}

/** One amount field per association, each labelled with its cash so the need reads against it. */
function demandForm(ctx: Ctx, view: DashboardView, status: HTMLElement): HTMLFormElement {
  const { t } = ctx;
  return h(
    'form',
    { class: 'form', 'data-form': 'plan' },
    field(t('liquidity.on'), dateInput('on')),
    h('p', { class: 'muted' }, t('liquidity.demandHelp')),
    h(
      'div',
      { class: 'demands' },
      view.associations.map((a) =>
        field(
          `${a.name}（${t('dashboard.cash')} ${formatAmount(a.cashOnHand)}）`,
          amountInput(`demand:${a.associationId}`, '', false),
        ),
      ),
    ),
    h('button', { type: 'submit', class: 'primary' }, t('liquidity.propose')),
    status,
  );
}

/** The filled demand fields by association id, or undefined when one is not an amount. */
function readDemand(values: Record<string, string>): Record<string, string> | undefined {
  const demand: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (!name.startsWith('demand:') || value === '') continue;
    if (!isAmountInput(value)) return undefined;
    demand[name.slice('demand:'.length)] = amountForApi(value);
  }
  return demand;
}

function transferHistory(
  ctx: Ctx,
  transfers: TransferView[],
  nameOf: (id: string) => string,
): HTMLElement {
  const { t } = ctx;
  if (transfers.length === 0) return h('p', { class: 'muted' }, t('liquidity.noTransfers'));
  return table(
    [
      t('liquidity.from'),
      t('liquidity.toColumn'),
      t('liquidity.amount'),
      t('liquidity.outstanding'),
      t('liquidity.dueOn'),
      t('loan.status'),
    ],
    transfers.map((tr) => [
      nameOf(tr.from),
      nameOf(tr.to),
      amount(tr.amount),
      amount(tr.outstanding),
      date(ctx, tr.dueOn),
      t(`transfer.${tr.status}`),
    ]),
    [2, 3],
  );
}

export const liquidityPage: Page = async (ctx) => {
  const { t } = ctx;
  const fid = federationId(ctx);
  const [view, { transfers }] = await Promise.all([
    dashboard(ctx),
    ctx.api.get<{ transfers: TransferView[] }>(`/federations/${fid}/transfers`),
  ]);
  const nameOf = (id: string) => view.associations.find((a) => a.associationId === id)?.name ?? id;
  const status = h('div');
  const form = demandForm(ctx, view, status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const v = formValues(form);
    const demand = readDemand(v);
    if (!demand) {
      replaceChildren(status, notice('error', t('error.amount')));
      return;
    }
    void submitWrite(
      ctx,
      form,
      status,
      {
        path: `/federations/${fid}/liquidity-plans`,
        body: { on: v.on, demand },
        label: t('label.plan', { date: date(ctx, v.on) }),
      },
      (plan) => ctx.navigate(`#/liquidity/${(plan as PlanView).id}`),
    );
  });
  return h(
    'section',
    null,
    heading(t('nav.liquidity')),
    form,
    h('h2', null, t('liquidity.history')),
    transferHistory(ctx, transfers, nameOf),
  );
};

/** Approving moves money: one button, then a confirmation that names the count and total. */
function approvalForm(ctx: Ctx, plan: PlanView): HTMLFormElement {
  const { t } = ctx;
  const fid = federationId(ctx);
  const pid = ctx.params.pid ?? '';
  const status = h('div');
  const approval = h('form', { class: 'form', 'data-form': 'approval' });
  const approveButton = h(
    'button',
    { type: 'button', class: 'primary', onclick: () => confirm() },
    t('liquidity.approve'),
  );
  const confirm = () =>
    replaceChildren(
      approval,
      notice(
        'info',
        t('liquidity.confirm', {
          count: plan.transfers.length,
          total: formatAmount(plan.totalTransferred),
        }),
      ),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'submit', class: 'primary' }, t('liquidity.confirmButton')),
        h(
          'button',
          { type: 'button', onclick: () => approval.replaceChildren(approveButton) },
          t('common.cancel'),
        ),
      ),
      status,
    );
  approval.append(approveButton);
  approval.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitWrite(
      ctx,
      approval,
      status,
      {
        path: `/federations/${fid}/liquidity-plans/${pid}/approval`,
        body: { on: plan.on <= todayInShanghai() ? plan.on : undefined },
        label: t('label.approval', { total: formatAmount(plan.totalTransferred) }),
      },
      (result) => {
        forgetBooks(ctx);
        replaceChildren(
          approval,
          notice(
            'ok',
            t('liquidity.approved', { count: (result as ApprovalView).transfers.length }),
          ),
        );
        ctx.rerender();
      },
    );
  });
  return approval;
}

function planTerms(ctx: Ctx, plan: PlanView): HTMLElement {
  const { t } = ctx;
  return keyValues([
    [t('liquidity.on'), date(ctx, plan.on)],
    [t('liquidity.status'), h('span', { 'data-field': 'plan-status' }, t(`plan.${plan.status}`))],
    [
      t('liquidity.fee'),
      t('loan.rateText', {
        permille: plan.feeRate.monthlyPermille,
        percent: plan.feeRate.annualPercent,
      }),
    ],
    [t('liquidity.term'), t('liquidity.months', { months: plan.termMonths })],
    [t('liquidity.total'), amount(plan.totalTransferred)],
  ]);
}

function shortfallNotice(
  ctx: Ctx,
  plan: PlanView,
  nameOf: (id: string) => string,
): HTMLElement | null {
  if (!plan.shortfalls.length) return null;
  return notice(
    'error',
    ctx.t('liquidity.shortfalls'),
    h(
      'ul',
      null,
      plan.shortfalls.map((s) =>
        h('li', null, `${nameOf(s.associationId)} ${formatAmount(s.amount)}`),
      ),
    ),
  );
}

function positionsTable(ctx: Ctx, plan: PlanView, nameOf: (id: string) => string): HTMLElement {
  const { t } = ctx;
  return table(
    [
      t('dashboard.association'),
      t('liquidity.cash'),
      t('liquidity.reserveFloor'),
      t('liquidity.demand'),
      t('liquidity.placementCap'),
    ],
    plan.positions.map((p) => [
      nameOf(p.associationId),
      amount(p.cash),
      amount(p.reserveFloor),
      amount(p.demand),
      amount(p.placementCap),
    ]),
    [1, 2, 3, 4],
  );
}

export const planPage: Page = async (ctx) => {
  const { t } = ctx;
  const fid = federationId(ctx);
  const pid = ctx.params.pid ?? '';
  const [plan, known] = await Promise.all([
    ctx.api.get<PlanView>(`/federations/${fid}/liquidity-plans/${pid}`),
    names(ctx),
  ]);
  const nameOf = (id: string) => known.get(id) ?? id;
  const canApprove =
    plan.status === 'proposed' && plan.transfers.length > 0 && ctx.session.user.role !== 'auditor';
  return h(
    'section',
    null,
    heading(t('liquidity.plan'), link('#/liquidity', t('nav.liquidity'), { class: 'button' })),
    planTerms(ctx, plan),
    h('h2', null, t('liquidity.transfers')),
    plan.transfers.length === 0
      ? h('p', { class: 'muted' }, t('liquidity.noPlanTransfers'))
      : transferList(ctx, plan.transfers, nameOf),
    shortfallNotice(ctx, plan, nameOf),
    canApprove ? approvalForm(ctx, plan) : null,
    h('h2', null, t('liquidity.positions')),
    positionsTable(ctx, plan, nameOf),
  );
};
