/** The console's building blocks: fields, tables, amounts, errors, and a write's feedback. */
import { ApiError } from './api.ts';
import type { Ctx } from './context.ts';
import { h, replaceChildren, type Child } from './dom.ts';
import {
  amountForApi,
  formatAmount,
  formatDate,
  isAmountInput,
  todayInShanghai,
} from './format.ts';
import type { Translate } from './i18n.ts';
import type { Problem } from './outbox.ts';

export const amount = (text: string | undefined) =>
  h('span', { class: 'amount' }, formatAmount(text));

export const date = (ctx: Ctx, text: string | undefined) => formatDate(text, ctx.language);

export function heading(title: string, ...actions: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'heading' },
    h('h1', null, title),
    actions.length ? h('div', { class: 'actions' }, actions) : null,
  );
}

export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h(
    'label',
    { class: 'field' },
    h('span', null, label),
    control,
    control instanceof HTMLInputElement && control.dataset.amount ? liveCapitals(control) : null,
    hint ? h('small', null, hint) : null,
  );
}

let capitalsChunk: Promise<typeof import('./capitals.ts')> | undefined;

/** The 大写 of a typed amount ("" while it is not one, or when the chunk cannot load). */
export async function capitalsOf(text: string): Promise<string> {
  if (!isAmountInput(text)) return '';
  capitalsChunk ??= import('./capitals.ts');
  try {
    return (await capitalsChunk).inCapitals(amountForApi(text));
  } catch {
    capitalsChunk = undefined;
    return '';
  }
}

/**
 * The amount in 大写 under its field, as it is typed: a slip of a digit shows as a different
 * word, which a treasurer reading the paper slip notices. A page that sets the value itself
 * sends 'change'.
 */
export function liveCapitals(input: HTMLInputElement): HTMLElement {
  const line = h('small', { class: 'capitals', 'data-field': 'live-capitals' });
  const show = () =>
    void capitalsOf(input.value.trim()).then((text) => {
      line.textContent = text;
    });
  input.addEventListener('input', show);
  input.addEventListener('change', show);
  show();
  return line;
}

export function textInput(
  name: string,
  attributes: Record<string, string | boolean | undefined> = {},
): HTMLInputElement {
  return h('input', { name, type: 'text', autocomplete: 'off', ...attributes });
}

/**
 * Amounts are typed as text and checked as text (checkAmounts, with a message that says what
 * is wrong); the API receives strings.
 */
export function amountInput(name: string, value = '', required = true): HTMLInputElement {
  return h('input', {
    name,
    type: 'text',
    inputmode: 'decimal',
    'data-amount': 'yes',
    autocomplete: 'off',
    placeholder: '0.00',
    value,
    required,
  });
}

export function dateInput(
  name: string,
  value: string = todayInShanghai(),
  required = true,
): HTMLInputElement {
  return h('input', { name, type: 'date', value, max: todayInShanghai(), required });
}

/**
 * "As of" date picker for a page that shows figures on any date: `#/<route>?asOf=<date>`; the
 * rest of the query (the association a supervisor chose) stays.
 */
export function asOfPicker(ctx: Ctx, route: string, asOf: string): HTMLFormElement {
  const picker = h(
    'form',
    { class: 'form inline' },
    field(ctx.t('books.asOf'), dateInput('asOf', asOf)),
    h('button', { type: 'submit' }, ctx.t('books.show')),
  );
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams(ctx.query);
    query.set('asOf', String(new FormData(picker).get('asOf')));
    ctx.navigate(`#/${route}?${query}`);
  });
  return picker;
}

/** from..to picker for a page of a period: `#/<route>?from=&to=`, the rest of the query kept. */
export function periodPicker(ctx: Ctx, route: string, from: string, to: string): HTMLFormElement {
  const picker = h(
    'form',
    { class: 'form inline no-print' },
    field(ctx.t('journal.from'), dateInput('from', from)),
    field(ctx.t('journal.to'), dateInput('to', to)),
    h('button', { type: 'submit' }, ctx.t('books.show')),
  );
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams(ctx.query);
    const values = new FormData(picker);
    query.set('from', String(values.get('from')));
    query.set('to', String(values.get('to')));
    ctx.navigate(`#/${route}?${query}`);
  });
  return picker;
}

export function integerInput(name: string, value: string, min = 1, max = 1000): HTMLInputElement {
  return h('input', {
    name,
    type: 'number',
    inputmode: 'numeric',
    min,
    max,
    step: 1,
    value,
    required: true,
  });
}

export function select(
  name: string,
  options: [string, string][],
  value?: string,
): HTMLSelectElement {
  return h(
    'select',
    { name },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)),
  );
}

export function table(headers: Child[], rows: Child[][], numeric: number[] = []): HTMLElement {
  const cell = (tag: 'th' | 'td', index: number, content: Child) =>
    h(tag, numeric.includes(index) ? { class: 'num' } : null, content);
  // Focusable: a table wider than a phone scrolls inside its frame, by keyboard too.
  return h(
    'div',
    { class: 'table-wrap', tabindex: '0' },
    h(
      'table',
      null,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          headers.map((text, i) => cell('th', i, text)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((row) =>
          h(
            'tr',
            null,
            row.map((content, i) => cell('td', i, content)),
          ),
        ),
      ),
    ),
  );
}

export function keyValues(pairs: [string, Child][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    pairs.map(([key, value]) => [h('dt', null, key), h('dd', null, value)]),
  );
}

/** A problem from the API: its zh-CN title and, for validation errors, each field's message. */
export function problemView(t: Translate, problem: Problem): HTMLElement {
  const title =
    problem.code === 'NETWORK'
      ? t('error.network')
      : (problem.title ?? t('error.http', { status: problem.status }));
  return h(
    'div',
    { class: 'notice error', role: 'alert' },
    h('strong', null, title),
    problem.errors?.length
      ? h(
          'ul',
          null,
          problem.errors.map((e) => h('li', null, `${e.field}: ${e.message}`)),
        )
      : null,
  );
}

export function errorView(t: Translate, error: unknown): HTMLElement {
  if (error instanceof ApiError) return problemView(t, error.problem);
  return h(
    'div',
    { class: 'notice error', role: 'alert' },
    String(error instanceof Error ? error.message : error),
  );
}

export function notice(kind: 'ok' | 'info' | 'error', ...children: Child[]): HTMLElement {
  return h(
    'div',
    { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    children,
  );
}

export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form))
    if (typeof value === 'string') values[name] = value.trim();
  return values;
}

/** Checks typed amounts before anything is queued; marks the wrong field. */
export function checkAmounts(
  ctx: Ctx,
  form: HTMLFormElement,
  names: string[],
  status: HTMLElement,
): boolean {
  for (const name of names) {
    const input = form.elements.namedItem(name) as HTMLInputElement | null;
    if (input && !isAmountInput(input.value.trim())) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      replaceChildren(status, notice('error', ctx.t('error.amount')));
      return false;
    }
    input?.removeAttribute('aria-invalid');
  }
  return true;
}

export function link(
  href: string,
  text: Child,
  attributes: Record<string, string> = {},
): HTMLAnchorElement {
  return h('a', { href, ...attributes }, text);
}

export function ratingBadge(t: Translate, rating: 'green' | 'yellow' | 'red'): HTMLElement {
  return h('span', { class: `rating ${rating}` }, t(`rating.${rating}`));
}
