/**
 * The statements the API computes from the journal: the balance sheet on a date, the income
 * statement of a period, and a member's statement; each printable on A4. The console only
 * lays out what the API worked out.
 */
import type { BalanceSheetView, IncomeStatementView, MemberStatementView } from '../api-types.ts';
import { associationChoice } from '../association-choice.ts';
import { associationId, type Ctx, type Page } from '../context.ts';
import { h } from '../dom.ts';
import { todayInShanghai } from '../format.ts';
import { amount, date, heading, keyValues, notice, periodPicker, table } from '../ui.ts';

const printButton = (ctx: Ctx) =>
  h('button', { type: 'button', onclick: () => window.print() }, ctx.t('overdue.print'));

/** from..to (default: this year to today), kept in the route's query. */
function periodOf(ctx: Ctx): { from: string; to: string } {
  const to = ctx.query.get('to') ?? todayInShanghai();
  return { from: ctx.query.get('from') ?? `${to.slice(0, 4)}-01-01`, to };
}

const rows = (list: { code: string; name: string; amount: string }[]) =>
  list.map((r) => [r.code, r.name, amount(r.amount)]);

function balanceSheet(ctx: Ctx, view: BalanceSheetView): HTMLElement {
  const { t } = ctx;
  const total = (label: string, value: string) => ['', h('strong', null, label), amount(value)];
  return h(
    'div',
    { 'data-testid': 'balance-sheet' },
    h('h2', null, t('statements.balanceSheet', { date: date(ctx, view.asOf) })),
    table(
      [t('books.code'), t('books.account'), t('statements.amount')],
      [
        ...rows(view.assets),
        total(t('statements.assets'), view.totals.assets),
        ...rows(view.liabilities),
        total(t('statements.liabilities'), view.totals.liabilities),
        ...rows(view.equity),
        ['', t('statements.result'), amount(view.result.total)],
        total(t('statements.equity'), view.totals.equity),
        total(t('statements.liabilitiesAndEquity'), view.totals.liabilitiesAndEquity),
      ],
      [2],
    ),
    view.balanced ? notice('ok', t('books.balanced')) : notice('error', t('books.unbalanced')),
  );
}

function incomeStatement(ctx: Ctx, view: IncomeStatementView): HTMLElement {
  const { t } = ctx;
  return h(
    'div',
    { 'data-testid': 'income-statement' },
    h('h2', null, t('statements.income', { from: date(ctx, view.from), to: date(ctx, view.to) })),
    table(
      [t('books.code'), t('books.account'), t('statements.amount')],
      [
        ...rows(view.income),
        ['', h('strong', null, t('statements.incomeTotal')), amount(view.totals.income)],
        ...rows(view.expenses),
        ['', h('strong', null, t('statements.expensesTotal')), amount(view.totals.expenses)],
        ['', h('strong', null, t('statements.result')), amount(view.result)],
      ],
      [2],
    ),
  );
}

export const statementsPage: Page = async (ctx) => {
  const { aid, picker } = await associationChoice(ctx, 'statements');
  const { from, to } = periodOf(ctx);
  const [sheet, income] = await Promise.all([
    ctx.api.get<BalanceSheetView>(`/associations/${aid}/balance-sheet?asOf=${to}`),
    ctx.api.get<IncomeStatementView>(`/associations/${aid}/income-statement?from=${from}&to=${to}`),
  ]);
  return h(
    'section',
    null,
    heading(ctx.t('nav.statements'), printButton(ctx)),
    picker,
    periodPicker(ctx, 'statements', from, to),
    balanceSheet(ctx, sheet),
    incomeStatement(ctx, income),
  );
};

export const memberStatementPage: Page = async (ctx) => {
  const { t } = ctx;
  const aid = associationId(ctx);
  const mid = ctx.params.mid ?? '';
  const { from, to } = periodOf(ctx);
  const view = await ctx.api.get<MemberStatementView>(
    `/associations/${aid}/members/${mid}/statement?from=${from}&to=${to}`,
  );
  return h(
    'section',
    { 'data-testid': 'member-statement' },
    heading(t('statements.member', { name: view.member.name }), printButton(ctx)),
    periodPicker(ctx, `members/${mid}/statement`, from, to),
    keyValues([
      [t('member.idNumber'), view.member.idNumber],
      [t('shares.own'), [`${view.shares.closing.own} · `, amount(view.shares.closing.ownAmount)]],
      [t('statements.repaid'), h('span', { 'data-field': 'repaid' }, amount(view.totals.repaid))],
      [t('statements.feesPaid'), amount(view.totals.feesPaid)],
      [t('statements.distributions'), amount(view.totals.distributions)],
    ]),
    h('h2', null, t('member.loans')),
    table(
      [t('loan.id'), t('loan.disbursedOn'), t('loan.principal'), t('loan.outstanding')],
      view.loans.map((l) => [
        l.loanId,
        date(ctx, l.disbursedOn),
        amount(l.principal),
        amount(l.principalOutstanding),
      ]),
      [2, 3],
    ),
    h('h2', null, t('loan.repayments')),
    table(
      [t('repay.on'), t('loan.id'), t('repay.amount'), t('loan.principal'), t('repay.fee')],
      view.repayments.map((r) => [
        date(ctx, r.on),
        r.loanId,
        amount(r.amount),
        amount(r.principal),
        amount(r.fee),
      ]),
      [2, 3, 4],
    ),
  );
};
