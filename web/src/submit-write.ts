/**
 * A form's write, from the tap to the answer: one Idempotency-Key per submission (a second tap
 * resends the same write, never a second one), the same write already waiting is flagged
 * rather than queued, a write queued offline turns the form into a "queued · withdraw" card,
 * and a refusal keeps the form's data: in the form, or in the queue with "fix and resend".
 */
import type { Ctx } from './context.ts';
import { redrawAfterWrite } from './data.ts';
import { h, replaceChildren } from './dom.ts';
import type { Outcome, QueuedWrite, WriteMethod } from './outbox.ts';
import { formatAmount } from './format.ts';
import { capitalsOf, formValues, link, notice, problemView } from './ui.ts';

/** Writes whose answer the form that sent them shows itself (no toast needed), by key. */
export const answeredInPlace = new Map<string, HTMLElement>();

/**
 * A write as a page describes it. `confirm`: the user confirms it before it goes, with the
 * amount (if it moves one) in figures and 大写.
 */
export type WriteRequest = {
  method?: WriteMethod;
  path: string;
  body?: unknown;
  label: string;
  confirm?: { amount?: string };
};

/**
 * Sends a write through the outbox and tells the user where it stands: sent, refused (the
 * API's zh-CN reason), or kept in the queue while the network is away. `onSent` runs only
 * when the answer arrives while this page is still shown.
 */
export async function submitWrite(
  ctx: Ctx,
  form: HTMLFormElement,
  status: HTMLElement,
  request: WriteRequest,
  onSent?: (body: unknown) => void,
): Promise<Outcome | undefined> {
  // The key belongs to this submission until it is answered or withdrawn; another tap on
  // it while it waits changes nothing (it is queued, and on screen as queued).
  const current = form.dataset.key;
  if (current && ctx.outbox.items().some((item) => item.key === current)) return undefined;
  if (form.dataset.confirming) return undefined;
  const { confirm, ...write } = request;
  const full = { ...write, method: request.method ?? 'POST' };
  const same = ctx.outbox.findSame(full);
  if (same) {
    replaceChildren(status, sameWaiting(ctx, same));
    return undefined;
  }
  if (confirm && !(await confirmed(ctx, form, status, request.label, confirm.amount)))
    return undefined;
  const key = (form.dataset.key = ctx.outbox.newKey());
  // "Fix and resend": the corrected write takes the refused one's place in the queue.
  if (form.dataset.replaces) ctx.outbox.discard(form.dataset.replaces);
  delete form.dataset.replaces;
  const { write: queued, done } = ctx.outbox.submit({ ...full, key });
  if (!ctx.isOnline()) {
    showQueued(ctx, form, status, queued);
    return undefined;
  }
  return waitInPlace(ctx, form, status, queued, done, onSent);
}

/**
 * Asks before money moves: what, and the amount in figures and in 大写 (read aloud from the
 * paper slip, a wrong digit is a different word). The form's own button waits meanwhile.
 */
async function confirmed(
  ctx: Ctx,
  form: HTMLFormElement,
  status: HTMLElement,
  label: string,
  amount?: string,
): Promise<boolean> {
  const { t } = ctx;
  form.dataset.confirming = 'yes';
  const capitals = amount ? await capitalsOf(amount) : '';
  const submit = form.querySelector<HTMLButtonElement>('button[type=submit]');
  return new Promise((resolve) => {
    const answer = (yes: boolean) => {
      delete form.dataset.confirming;
      if (submit) submit.hidden = false;
      replaceChildren(status);
      if (!yes) submit?.focus();
      resolve(yes);
    };
    const yes = h('button', { type: 'button', class: 'primary' }, t('confirm.yes'));
    const no = h('button', { type: 'button' }, t('confirm.back'));
    yes.addEventListener('click', () => answer(true));
    no.addEventListener('click', () => answer(false));
    if (submit) submit.hidden = true;
    replaceChildren(
      status,
      h(
        'div',
        {
          class: 'confirm',
          role: 'group',
          'aria-label': t('confirm.title'),
          'data-testid': 'confirm',
        },
        h('p', null, h('strong', null, t('confirm.title')), ' ', label),
        amount
          ? h(
              'p',
              { class: 'confirm-amount', 'data-field': 'confirm-figures' },
              formatAmount(amount),
            )
          : null,
        capitals ? h('p', { 'data-field': 'confirm-capitals' }, capitals) : null,
        h('div', { class: 'actions' }, yes, no),
      ),
    );
    yes.focus();
  });
}

function sameWaiting(ctx: Ctx, same: QueuedWrite): HTMLElement {
  return h(
    'div',
    { class: 'notice error', role: 'alert', 'data-testid': 'same-waiting' },
    ctx.t('queue.same', { label: same.label }),
    ' ',
    link('#/queue', ctx.t('queue.view')),
  );
}

/** Online: the form waits for the answer and shows it (a lost line says "queued"). */
async function waitInPlace(
  ctx: Ctx,
  form: HTMLFormElement,
  status: HTMLElement,
  write: QueuedWrite,
  done: Promise<Outcome>,
  onSent?: (body: unknown) => void,
): Promise<Outcome> {
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
  if (button) button.disabled = true;
  replaceChildren(status, notice('info', ctx.t('queue.sending')));
  answeredInPlace.set(write.key, form);
  const stop = ctx.outbox.on((event) => {
    if (event.type === 'change' && event.items.some((i) => i.key === write.key && i.attempts > 0))
      replaceChildren(status, savedNotice(ctx));
  });
  const outcome = await done;
  answeredInPlace.delete(write.key);
  stop();
  delete form.dataset.key;
  if (button) button.disabled = false;
  if (!form.isConnected) return outcome;
  if (outcome.type === 'refused') {
    // The form still holds the data and shows why: nothing needs to wait in the queue.
    ctx.outbox.discard(write.key);
    replaceChildren(status, problemView(ctx.t, outcome.problem));
    return outcome;
  }
  replaceChildren(status, notice('ok', ctx.t('queue.sent')));
  onSent?.(outcome.body);
  return outcome;
}

const savedNotice = (ctx: Ctx) =>
  notice('info', ctx.t('queue.saved'), ' ', link('#/queue', ctx.t('queue.view')));

/**
 * Offline: the form gives way to a card saying the write is queued, with "withdraw". The card
 * follows the write: sent, or refused with the reason and the form back, filled in.
 */
function showQueued(ctx: Ctx, form: HTMLFormElement, status: HTMLElement, write: QueuedWrite) {
  const { t } = ctx;
  const reopen = () => {
    card.remove();
    form.hidden = false;
  };
  const withdraw = h('button', { type: 'button', class: 'small' }, t('queue.withdraw'));
  withdraw.addEventListener('click', () => {
    ctx.outbox.discard(write.key);
    delete form.dataset.key;
    reopen();
    replaceChildren(status, notice('info', t('queue.withdrawn')));
  });
  const card = h(
    'div',
    { class: 'queued-card', 'data-testid': 'queued-card' },
    h('p', null, h('strong', null, t('queue.queuedTitle')), ' · ', write.label),
    savedNotice(ctx),
    withdraw,
  );
  replaceChildren(status);
  form.hidden = true;
  form.before(card);
  void ctx.outbox.outcomeOf(write.key).then((outcome) => {
    delete form.dataset.key;
    if (!card.isConnected) return;
    if (outcome.type === 'sent') {
      replaceChildren(card, notice('ok', t('queue.done', { label: write.label })));
      return;
    }
    const resend = h('button', { type: 'button', class: 'primary' }, t('queue.resend'));
    resend.addEventListener('click', () => {
      reopen();
      form.dataset.replaces = write.key;
      replaceChildren(status, problemView(t, outcome.problem));
    });
    replaceChildren(
      card,
      problemView(t, outcome.problem),
      notice('info', t('queue.refusedKept')),
      resend,
    );
  });
}

/**
 * Sends the form's write through the outbox when it is submitted: `build` turns its values
 * into the request, or gives nothing when the form itself refuses (a mistyped amount). Once
 * the write has landed, what it changed is read afresh and the page drawn again.
 */
export function sendsWrite(
  ctx: Ctx,
  form: HTMLFormElement,
  status: HTMLElement,
  build: (values: Record<string, string>) => WriteRequest | undefined,
): HTMLFormElement {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const request = build(formValues(form));
    if (request) void submitWrite(ctx, form, status, request, redrawAfterWrite(ctx));
  });
  return form;
}

const resendRoutes: [RegExp, (match: RegExpExecArray) => string][] = [
  [/^\/associations\/[^/]+\/members$/, () => '#/members/new'],
  [
    /^\/associations\/[^/]+\/members\/([^/]+)\/(shares|share-redemptions)$/,
    (m) => `#/members/${m[1]}`,
  ],
  [/^\/associations\/[^/]+\/loans\/([^/]+)\/repayments$/, (m) => `#/loans/${m[1]}`],
];

/** The page whose form sent a write, opened to fix and resend it; none for other writes. */
export function resendHash(write: QueuedWrite): string | undefined {
  for (const [pattern, hash] of resendRoutes) {
    const match = pattern.exec(write.path);
    if (match) return `${hash(match)}?resend=${encodeURIComponent(write.key)}`;
  }
  return undefined;
}

/**
 * On a page opened by "fix and resend": the refused write's values in the form (fields are
 * named as the body's keys), its refusal above, and the form marked to replace it.
 */
export function refillForResend(
  ctx: Ctx,
  form: HTMLFormElement,
  status: HTMLElement,
  rename: Record<string, string> = {},
): QueuedWrite | undefined {
  const key = ctx.query.get('resend');
  const write = key ? ctx.outbox.items().find((item) => item.key === key) : undefined;
  if (!write?.refused || !write.body || typeof write.body !== 'object') return undefined;
  for (const [name, value] of Object.entries(write.body as Record<string, unknown>)) {
    const control = form.elements.namedItem(rename[name] ?? name);
    if (control && 'value' in control && typeof value !== 'object') {
      (control as { value: string }).value = String(value);
      if (control instanceof HTMLElement) control.dispatchEvent(new Event('change'));
    }
  }
  form.dataset.replaces = write.key;
  replaceChildren(status, problemView(ctx.t, write.refused));
  return write;
}
