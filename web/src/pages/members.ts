/** Members: find by name or phone, enrol a household. */
import { isValidIdNumber, isValidMobile } from '#domain/members/household.ts';
import type { MemberView } from '../api-types.ts';
import { associationId, type Ctx, type Page } from '../context.ts';
import { forgetBooks, members } from '../data.ts';
import { h, replaceChildren } from '../dom.ts';
import { todayInShanghai } from '../format.ts';
import {
  dateInput,
  field,
  formValues,
  heading,
  link,
  notice,
  select,
  table,
  textInput,
} from '../ui.ts';
import { refillForResend, submitWrite } from '../submit-write.ts';

export const membersPage: Page = async (ctx) => {
  const { t } = ctx;
  const all = await members(ctx);
  const search = h('input', {
    type: 'search',
    name: 'q',
    placeholder: t('members.search'),
    'aria-label': t('members.search'),
    value: ctx.query.get('q') ?? '',
  });
  const results = h('div');
  const show = () => {
    const q = search.value.trim();
    const found = q
      ? all.filter((m) => m.name.includes(q) || m.mobile.includes(q) || m.id === q)
      : all;
    results.replaceChildren(
      h('p', { class: 'muted' }, t('members.count', { count: found.length })),
      table(
        [
          t('member.id'),
          t('member.name'),
          t('member.mobile'),
          t('member.shares'),
          t('member.grade'),
        ],
        found
          .slice(0, 200)
          .map((m) => [
            link(`#/members/${m.id}`, m.id),
            link(`#/members/${m.id}`, m.name),
            m.mobile,
            `${m.shares.total}`,
            m.status === 'exited' ? t('member.exited') : m.creditGrade,
          ]),
        [3],
      ),
    );
  };
  search.addEventListener('input', show);
  show();
  return h(
    'section',
    null,
    heading(t('nav.members'), link('#/members/new', t('nav.enrol'), { class: 'button' })),
    search,
    results,
  );
};

/**
 * The ID number (check digit, birth date) and the mobile, checked by the domain's own rules
 * before anything is queued: offline, a typo would otherwise wait for the network only to be
 * refused, with nobody there to retype it.
 */
function checkHousehold(ctx: Ctx, form: HTMLFormElement, status: HTMLElement): boolean {
  const checks = [
    ['idNumber', (v: string) => isValidIdNumber(v.toUpperCase()), ctx.t('error.idNumber')],
    ['mobile', isValidMobile, ctx.t('error.mobile')],
  ] as const;
  for (const [name, valid, message] of checks) {
    const input = form.elements.namedItem(name) as HTMLInputElement;
    if (!valid(input.value.trim())) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      replaceChildren(status, notice('error', message));
      return false;
    }
    input.removeAttribute('aria-invalid');
  }
  return true;
}

const lowIncome = ['none', 'dibao', 'wubao', 'tuopin-monitor'] as const;

export const enrolPage: Page = async (ctx) => {
  const { t } = ctx;
  const aid = associationId(ctx);
  const groups = [...new Set((await members(ctx)).map((m) => m.group).filter(Boolean))] as string[];
  const status = h('div');
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    field(t('member.name'), textInput('name', { required: true, maxlength: '20' })),
    field(
      t('member.idNumber'),
      textInput('idNumber', { required: true, maxlength: '18', inputmode: 'text' }),
    ),
    field(
      t('member.mobile'),
      textInput('mobile', { required: true, maxlength: '11', inputmode: 'tel' }),
    ),
    field(
      t('member.lowIncome'),
      select(
        'lowIncome',
        lowIncome.map((v) => [v, t(`lowIncome.${v}`)]),
      ),
    ),
    field(t('member.group'), textInput('group', { list: 'groups' })),
    h(
      'datalist',
      { id: 'groups' },
      groups.map((g) => h('option', { value: g })),
    ),
    field(t('member.joinedOn'), dateInput('joinedOn')),
    h('button', { type: 'submit', class: 'primary' }, t('nav.enrol')),
    status,
  );
  refillForResend(ctx, form, status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!checkHousehold(ctx, form, status)) return;
    const v = formValues(form);
    const body = {
      name: v.name,
      idNumber: (v.idNumber ?? '').toUpperCase(),
      mobile: v.mobile,
      lowIncome: v.lowIncome,
      ...(v.group ? { group: v.group } : {}),
      joinedOn: v.joinedOn || todayInShanghai(),
    };
    void submitWrite(
      ctx,
      form,
      status,
      {
        path: `/associations/${aid}/members`,
        body,
        label: t('label.enrol', { name: body.name ?? '' }),
        confirm: {},
      },
      (member) => {
        forgetBooks(ctx);
        ctx.navigate(`#/members/${(member as MemberView).id}`);
      },
    );
  });
  return h('section', null, heading(t('nav.enrol')), form);
};
