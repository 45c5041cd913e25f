/**
 * A loan in three steps, as the board works: 1 试算 (the quote and its schedule, the household
 * checked against the charter), 2 登记 (the board's approval: date, minute, purpose,
 * guarantors), 3 放款 (the disbursement, one confirmation). The API records and disburses in
 * one transaction, so step 3 is the one write.
 */
import type { LoanBooking, LoanQuote, MemberView } from '../api-types.ts';
import { channelField } from '../channel-field.ts';
import { associationId, type Ctx, type Page } from '../context.ts';
import { forgetBooks, members } from '../data.ts';
import { h, replaceChildren } from '../dom.ts';
import { amountForApi, formatAmount, todayInShanghai } from '../format.ts';
import {
  amount,
  amountInput,
  checkAmounts,
  date,
  dateInput,
  errorView,
  field,
  formValues,
  heading,
  integerInput,
  keyValues,
  notice,
  select,
  table,
  textInput,
} from '../ui.ts';
import { submitWrite } from '../submit-write.ts';

interface Draft {
  memberId: string;
  principal: string;
  installments: number;
  frequency: string;
  method: string;
  rate?: { monthlyPermille: string };
  disbursedOn: string;
  guarantorIds: string[];
  quote?: LoanQuote;
  approvedOn?: string;
  boardMinute?: string;
  purpose?: string;
}

const methods = [
  'equal-installment',
  'equal-principal',
  'interest-only',
  'bullet',
  'flat',
] as const;

function steps(ctx: Ctx, current: 1 | 2 | 3): HTMLElement {
  const names = [ctx.t('newLoan.step1'), ctx.t('newLoan.step2'), ctx.t('newLoan.step3')];
  return h(
    'ol',
    { class: 'steps' },
    names.map((name, i) =>
      h('li', { class: i + 1 === current ? 'current' : i + 1 < current ? 'done' : '' }, name),
    ),
  );
}

function scheduleTable(ctx: Ctx, quote: LoanQuote): HTMLElement {
  const { t } = ctx;
  return h(
    'div',
    { 'data-testid': 'schedule' },
    table(
      [
        '#',
        t('schedule.dueOn'),
        t('loan.principal'),
        t('repay.fee'),
        t('schedule.total'),
        t('schedule.balance'),
      ],
      quote.schedule.installments.map((row) => [
        String(row.number),
        date(ctx, row.dueOn),
        amount(row.principal),
        amount(row.fee),
        amount(row.total),
        amount(row.balanceAfter),
      ]),
      [2, 3, 4, 5],
    ),
    keyValues([
      [t('schedule.totalFee'), amount(quote.schedule.totalFee)],
      [t('schedule.totalDue'), amount(quote.schedule.totalDue)],
      [
        t('loan.rate'),
        t('loan.rateText', {
          permille: quote.rate.monthlyPermille,
          percent: quote.rate.annualPercent,
        }),
      ],
    ]),
  );
}

/** What the three steps share: each step redraws `root` from the draft and moves on. */
interface Wizard {
  ctx: Ctx;
  aid: string;
  everyone: MemberView[];
  byId: Map<string, MemberView>;
  root: HTMLElement;
  draft: Draft;
  nameOf: (mid: string) => string;
}

export const newLoanPage: Page = async (ctx) => {
  const aid = associationId(ctx);
  const everyone = (await members(ctx)).filter((m) => m.status === 'active');
  const byId = new Map(everyone.map((m) => [m.id, m]));
  const wizard: Wizard = {
    ctx,
    aid,
    everyone,
    byId,
    root: h('section'),
    draft: {
      memberId: ctx.query.get('member') ?? '',
      principal: '',
      installments: 6,
      frequency: 'monthly',
      method: 'equal-principal',
      disbursedOn: todayInShanghai(),
      guarantorIds: [],
    },
    nameOf: (mid: string) => byId.get(mid)?.name ?? mid,
  };
  stepOne(wizard);
  return wizard.root;
};

/** Guarantors come from the borrower's group (联保小组), so the list follows the borrower field. */
function guarantorPicker(w: Wizard, borrower: HTMLInputElement): HTMLElement {
  const { t } = w.ctx;
  const guarantors = h('fieldset', { class: 'guarantors' });
  const showGroup = () => {
    const member: MemberView | undefined = w.byId.get(borrower.value.trim());
    const mates = member?.group
      ? w.everyone.filter((m) => m.group === member.group && m.id !== member.id)
      : [];
    replaceChildren(
      guarantors,
      h(
        'legend',
        null,
        member?.group
          ? t('newLoan.guarantorsOf', { group: member.group })
          : t('newLoan.guarantors'),
      ),
      mates.length === 0
        ? h('p', { class: 'muted' }, t('newLoan.noGroup'))
        : mates.map((m) =>
            h(
              'label',
              { class: 'check' },
              h('input', {
                type: 'checkbox',
                name: 'guarantor',
                value: m.id,
                checked: w.draft.guarantorIds.includes(m.id),
              }),
              `${m.name}（${m.id}）`,
            ),
          ),
    );
  };
  borrower.addEventListener('change', showGroup);
  showGroup();
  return guarantors;
}

function quoteForm(w: Wizard, status: HTMLElement): HTMLFormElement {
  const { t } = w.ctx;
  const { draft } = w;
  const borrower = h('input', {
    name: 'memberId',
    list: 'borrowers',
    value: draft.memberId,
    required: true,
    autocomplete: 'off',
    placeholder: 'm0001',
  });
  return h(
    'form',
    { class: 'form', 'data-form': 'quote' },
    field(t('loan.member'), borrower),
    h(
      'datalist',
      { id: 'borrowers' },
      w.everyone.map((m) => h('option', { value: m.id }, `${m.name} ${m.mobile}`)),
    ),
    field(t('loan.principal'), amountInput('principal', draft.principal)),
    field(
      t('newLoan.installments'),
      integerInput('installments', String(draft.installments), 1, 120),
    ),
    field(
      t('newLoan.frequency'),
      select(
        'frequency',
        [
          ['monthly', t('frequency.monthly')],
          ['quarterly', t('frequency.quarterly')],
        ],
        draft.frequency,
      ),
    ),
    field(
      t('loan.method'),
      select(
        'method',
        methods.map((m) => [m, t(`method.${m}`)]),
        draft.method,
      ),
    ),
    field(
      t('newLoan.rate'),
      textInput('rate', {
        inputmode: 'decimal',
        placeholder: t('newLoan.ratePlaceholder'),
        value: draft.rate?.monthlyPermille,
      }),
    ),
    field(t('loan.disbursedOn'), dateInput('disbursedOn', draft.disbursedOn)),
    guarantorPicker(w, borrower),
    h('button', { type: 'submit', class: 'primary' }, t('newLoan.quote')),
    status,
  );
}

function readQuoteForm(w: Wizard, form: HTMLFormElement): void {
  const v = formValues(form);
  Object.assign(w.draft, {
    memberId: v.memberId ?? '',
    principal: amountForApi(v.principal ?? ''),
    installments: Number(v.installments),
    frequency: v.frequency ?? 'monthly',
    method: v.method ?? 'equal-principal',
    rate: v.rate ? { monthlyPermille: v.rate } : undefined,
    disbursedOn: v.disbursedOn || todayInShanghai(),
    guarantorIds: [...form.querySelectorAll<HTMLInputElement>('input[name=guarantor]:checked')].map(
      (i) => i.value,
    ),
  });
}

/** The schedule, the charter's verdict, and "next" only when the household is eligible. */
function showQuote(w: Wizard, result: HTMLElement, quote: LoanQuote): void {
  const { t } = w.ctx;
  const eligibility = quote.eligibility;
  replaceChildren(
    result,
    h('h2', null, t('newLoan.schedule')),
    scheduleTable(w.ctx, quote),
    eligibility?.eligible
      ? notice('ok', t('newLoan.eligible', { limit: formatAmount(eligibility.limit) }))
      : notice(
          'error',
          h('strong', null, t('newLoan.notEligible')),
          h(
            'ul',
            null,
            (eligibility?.refusals ?? []).map((r) => h('li', null, r.title)),
          ),
        ),
    h(
      'button',
      {
        type: 'button',
        class: 'primary',
        disabled: !eligibility?.eligible,
        onclick: () => stepTwo(w),
      },
      t('newLoan.next'),
    ),
  );
}

function stepOne(w: Wizard): void {
  const { ctx, draft } = w;
  const { t } = ctx;
  const status = h('div');
  const result = h('div');
  const form = quoteForm(w, status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!checkAmounts(ctx, form, ['principal'], status)) return;
    readQuoteForm(w, form);
    replaceChildren(status, notice('info', t('queue.sending')));
    const { quote: _quote, approvedOn: _a, boardMinute: _b, purpose: _p, ...terms } = draft;
    ctx.api
      .post<LoanQuote>(`/associations/${w.aid}/loan-quotes`, terms)
      .then((quote) => {
        draft.quote = quote;
        status.replaceChildren();
        showQuote(w, result, quote);
      })
      .catch((error: unknown) => replaceChildren(status, errorView(t, error)));
  });
  replaceChildren(w.root, heading(t('nav.newLoan')), steps(ctx, 1), form, result);
}

function stepTwo(w: Wizard): void {
  const { ctx, draft } = w;
  const { t } = ctx;
  const form = h(
    'form',
    { class: 'form', 'data-form': 'approval' },
    field(t('newLoan.approvedOn'), dateInput('approvedOn', draft.approvedOn ?? draft.disbursedOn)),
    field(
      t('loan.boardMinute'),
      textInput('boardMinute', {
        required: true,
        maxlength: '40',
        placeholder: '理事会〔2026〕1号',
        value: draft.boardMinute,
      }),
    ),
    field(
      t('newLoan.purpose'),
      textInput('purpose', { required: true, maxlength: '100', value: draft.purpose }),
    ),
    keyValues([[t('loan.guarantors'), draft.guarantorIds.map(w.nameOf).join('、') || '—']]),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', onclick: () => stepOne(w) }, t('newLoan.back')),
      h('button', { type: 'submit', class: 'primary' }, t('newLoan.next')),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const v = formValues(form);
    Object.assign(draft, {
      approvedOn: v.approvedOn,
      boardMinute: v.boardMinute,
      purpose: v.purpose,
    });
    stepThree(w);
  });
  replaceChildren(w.root, heading(t('nav.newLoan')), steps(ctx, 2), form);
}

/** Everything the board approved, read back once before the one write. */
function disbursementForm(w: Wizard, status: HTMLElement): HTMLFormElement {
  const { ctx, draft, nameOf } = w;
  const { t } = ctx;
  return h(
    'form',
    { class: 'form', 'data-form': 'disburse' },
    keyValues([
      [t('loan.member'), `${nameOf(draft.memberId)}（${draft.memberId}）`],
      [t('loan.principal'), amount(draft.principal)],
      [
        t('newLoan.installments'),
        `${draft.installments} · ${t(`frequency.${draft.frequency as 'monthly'}`)} · ${t(`method.${draft.method as 'bullet'}`)}`,
      ],
      [t('loan.disbursedOn'), date(ctx, draft.disbursedOn)],
      [t('newLoan.approvedOn'), date(ctx, draft.approvedOn)],
      [t('loan.boardMinute'), draft.boardMinute ?? ''],
      [t('newLoan.purpose'), draft.purpose ?? ''],
      [t('loan.guarantors'), draft.guarantorIds.map(nameOf).join('、') || '—'],
    ]),
    channelField(t),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', onclick: () => stepTwo(w) }, t('newLoan.back')),
      h(
        'button',
        { type: 'submit', class: 'primary' },
        t('newLoan.disburse', { amount: formatAmount(draft.principal) }),
      ),
    ),
    status,
  );
}

function stepThree(w: Wizard): void {
  const { ctx, draft, nameOf } = w;
  const { t } = ctx;
  const status = h('div');
  const form = disbursementForm(w, status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const v = formValues(form);
    const body = {
      memberId: draft.memberId,
      principal: draft.principal,
      ...(draft.rate ? { rate: draft.rate } : {}),
      installments: draft.installments,
      frequency: draft.frequency,
      method: draft.method,
      disbursedOn: draft.disbursedOn,
      approvedOn: draft.approvedOn,
      boardMinute: draft.boardMinute,
      purpose: draft.purpose,
      guarantorIds: draft.guarantorIds,
      channel: v.channel,
    };
    void submitWrite(
      ctx,
      form,
      status,
      {
        path: `/associations/${w.aid}/loans`,
        body,
        label: t('label.loan', {
          amount: formatAmount(draft.principal),
          name: nameOf(draft.memberId),
        }),
      },
      (booking) => {
        forgetBooks(ctx);
        ctx.navigate(`#/loans/${(booking as LoanBooking).loan.id}`);
      },
    );
  });
  replaceChildren(w.root, heading(t('nav.newLoan')), steps(ctx, 3), form);
}
