/**
 * The console's frame: the header (who, the queue badge, the language), the navigation of the
 * user's role, hash routes, toasts for writes the outbox finished in the background.
 */
import { createApi, type Api } from './api.ts';
import type { LoanBooking } from './api-types.ts';
import { signOut } from './auth.ts';
import type { ConsoleConfig } from './config.ts';
import type { Ctx, Page } from './context.ts';
import { forgetBooks } from './data.ts';
import { h, replaceChildren } from './dom.ts';
import {
  loadDictionary,
  saveLanguage,
  translator,
  type Dictionary,
  type Language,
  type MessageKey,
  type Translate,
} from './i18n.ts';
import { keyValueOutboxStorage, newIdempotencyKey, Outbox, type OutboxEvent } from './outbox.ts';
import { booksPage } from './pages/books.ts';
import { dashboardPage } from './pages/dashboard.ts';
import { homePage } from './pages/home.ts';
import { journalPage } from './pages/journal.ts';
import { loanPage, loansPage, receiptPath } from './pages/loans.ts';
import { memberPage } from './pages/member.ts';
import { enrolPage, membersPage } from './pages/members.ts';
import { overduePage } from './pages/overdue.ts';
import { queuePage } from './pages/queue.ts';
import { reportsPage } from './pages/reports.ts';
import { signInPage } from './pages/sign-in.ts';
import { smsPage } from './pages/sms.ts';
import { subsidyPage } from './pages/subsidy.ts';
import { matchPath, splitHash } from './router.ts';
import { loadSession, saveSession, type Role, type Session } from './session.ts';
import { errorView, problemView } from './ui.ts';
import { answeredInPlace } from './submit-write.ts';

interface Route {
  path: string;
  page: Page;
  roles: Role[];
  /** In the navigation, under this label. */
  nav?: MessageKey;
  localOnly?: boolean;
}

/**
 * Pages not needed to open the console load on demand, each its own chunk: the first load is
 * held to 35 KB on the wire.
 */
const newLoanPage: Page = async (ctx) => (await import('./pages/new-loan.ts')).newLoanPage(ctx);
const liquidityPage: Page = async (ctx) =>
  (await import('./pages/liquidity.ts')).liquidityPage(ctx);
const planPage: Page = async (ctx) => (await import('./pages/liquidity.ts')).planPage(ctx);
const riskFundPage: Page = async (ctx) => (await import('./pages/risk-fund.ts')).riskFundPage(ctx);
const statementsPage: Page = async (ctx) =>
  (await import('./pages/statements.ts')).statementsPage(ctx);
const memberStatementPage: Page = async (ctx) =>
  (await import('./pages/statements.ts')).memberStatementPage(ctx);

const treasurer: Role[] = ['treasurer'];
const federation: Role[] = ['supervisor', 'auditor'];

const routes: Route[] = [
  { path: '/', page: homePage, roles: treasurer, nav: 'nav.home' },
  { path: '/members', page: membersPage, roles: treasurer, nav: 'nav.members' },
  { path: '/members/new', page: enrolPage, roles: treasurer },
  { path: '/members/:mid', page: memberPage, roles: treasurer },
  { path: '/loans', page: loansPage, roles: treasurer, nav: 'nav.loans' },
  { path: '/loans/new', page: newLoanPage, roles: treasurer, nav: 'nav.newLoan' },
  { path: '/loans/:lid', page: loanPage, roles: treasurer },
  // The receipt brings decimal.js (大写): loaded when a receipt is printed, not before.
  {
    path: '/loans/:lid/receipts/:rid',
    page: async (ctx) => (await import('./pages/receipt.ts')).receiptPage(ctx),
    roles: treasurer,
  },
  { path: '/books', page: booksPage, roles: treasurer, nav: 'nav.books' },
  { path: '/journal', page: journalPage, roles: treasurer, nav: 'nav.journal' },
  { path: '/statements', page: statementsPage, roles: treasurer, nav: 'nav.statements' },
  { path: '/members/:mid/statement', page: memberStatementPage, roles: treasurer },
  { path: '/reports', page: reportsPage, roles: treasurer, nav: 'nav.reports' },
  { path: '/subsidy', page: subsidyPage, roles: treasurer, nav: 'nav.subsidy' },
  { path: '/sms', page: smsPage, roles: treasurer, nav: 'nav.sms', localOnly: true },
  { path: '/', page: dashboardPage, roles: federation },
  { path: '/dashboard', page: dashboardPage, roles: federation, nav: 'nav.dashboard' },
  { path: '/liquidity', page: liquidityPage, roles: federation, nav: 'nav.liquidity' },
  { path: '/liquidity/:pid', page: planPage, roles: federation },
  { path: '/risk-fund', page: riskFundPage, roles: federation, nav: 'nav.riskFund' },
  // The same pages: the federation reads any association's books (a supervisor may 反结账)
  // and 贴息, without the treasurer's forms.
  { path: '/books', page: booksPage, roles: federation, nav: 'nav.books' },
  { path: '/journal', page: journalPage, roles: federation },
  { path: '/overdue', page: overduePage, roles: federation },
  { path: '/statements', page: statementsPage, roles: federation },
  { path: '/subsidy', page: subsidyPage, roles: federation, nav: 'nav.subsidy' },
  { path: '/queue', page: queuePage, roles: ['treasurer', 'supervisor', 'auditor'] },
];

/** What outlives one route: who is signed in, in which language, the frame's elements. */
interface Shell {
  config: ConsoleConfig;
  t: Translate;
  language: Language;
  session: Session | undefined;
  cache: Map<string, Promise<unknown>>;
  api: Api;
  outbox: Outbox;
  header: HTMLElement;
  nav: HTMLElement;
  main: HTMLElement;
  toasts: HTMLElement;
  /** Only the latest render draws: a slow page must not replace a newer one. */
  renderCount: number;
}

const isOnline = () => navigator.onLine;

export function startConsole(
  root: HTMLElement,
  config: ConsoleConfig,
  language: Language,
  dictionary: Dictionary,
): void {
  // The API and the outbox call back into the shell only after it exists.
  const api: Api = createApi(
    config,
    () => shell.session?.token,
    () => signedOut(shell),
  );
  const shell: Shell = {
    config,
    t: translator(dictionary),
    language,
    session: loadSession(sessionStorage, Date.now() / 1000),
    cache: new Map(),
    api,
    outbox: createOutbox(api, () => shell.session?.user.username),
    header: h('header', { class: 'bar' }),
    nav: h('nav', { class: 'tabs' }),
    main: h('main', { id: 'main', tabindex: '-1' }),
    toasts: h('div', { class: 'toasts', 'aria-live': 'polite' }),
    renderCount: 0,
  };
  root.replaceChildren(shell.header, shell.nav, shell.main, shell.toasts);
  shell.outbox.on((event) => onOutboxEvent(shell, event));
  window.addEventListener('hashchange', () => void render(shell));
  window.addEventListener('online', () => {
    drawHeader(shell);
    void shell.outbox.flush();
  });
  window.addEventListener('offline', () => drawHeader(shell));
  // Another tab changed the queue.
  window.addEventListener('storage', (event) => {
    if (event.key === 'huzhu.outbox.v1') drawHeader(shell);
  });
  void render(shell);
  void shell.outbox.flush();
}

function createOutbox(api: Api, user: () => string | undefined): Outbox {
  return new Outbox({
    storage: keyValueOutboxStorage(localStorage),
    send: (write) => api.send(write),
    isOnline,
    user,
    newKey: () => newIdempotencyKey((bytes) => crypto.getRandomValues(bytes)),
    now: () => new Date(),
    later: (run, ms) => {
      const timer = setTimeout(run, ms);
      return () => clearTimeout(timer);
    },
  });
}

function signedOut(shell: Shell): void {
  shell.session = undefined;
  saveSession(sessionStorage, undefined);
  void render(shell);
}

function forgetCached(shell: Shell, prefix: string): void {
  for (const key of [...shell.cache.keys()]) if (key.startsWith(prefix)) shell.cache.delete(key);
}

function toast(shell: Shell, kind: 'ok' | 'error' | 'info', ...content: (string | Node)[]): void {
  const item = h('div', { class: `toast ${kind}`, onclick: () => item.remove() }, content);
  shell.toasts.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 15_000 : 6_000);
}

function badge({ t, outbox, session }: Shell): HTMLElement {
  const count = outbox.items().filter((i) => i.user === session?.user.username).length;
  return h(
    'a',
    {
      href: '#/queue',
      class: `queue-badge${count ? ' waiting' : ''}${isOnline() ? '' : ' offline'}`,
      'data-testid': 'queue-badge',
    },
    isOnline() ? t('queue.online') : t('queue.offlineShort'),
    ' · ',
    t('queue.badge'),
    ' ',
    h('span', { 'data-testid': 'queue-count' }, String(count)),
  );
}

function languageButton(shell: Shell): HTMLElement {
  const other: Language = shell.language === 'zh-CN' ? 'en' : 'zh-CN';
  return h(
    'button',
    {
      type: 'button',
      class: 'small',
      lang: other,
      onclick: async () => {
        shell.t = translator(await loadDictionary(other));
        shell.language = other;
        saveLanguage(localStorage, shell.language);
        document.documentElement.lang = shell.language;
        void render(shell);
      },
    },
    other === 'en' ? 'English' : '中文',
  );
}

function drawHeader(shell: Shell): void {
  const { t, session } = shell;
  replaceChildren(
    shell.header,
    h('a', { href: '#/', class: 'brand' }, t('app.name')),
    session ? h('span', { class: 'who' }, session.user.displayName) : null,
    session ? badge(shell) : null,
    languageButton(shell),
    session
      ? h(
          'button',
          { type: 'button', class: 'small', onclick: () => void signOut(shell.config) },
          t('nav.signOut'),
        )
      : null,
  );
}

function drawNav({ session, config, nav, t }: Shell, path: string): void {
  if (!session) return nav.replaceChildren();
  const role = session.user.role;
  const items = routes.filter(
    (r) => r.nav && r.roles.includes(role) && !(r.localOnly && config.auth.kind !== 'local'),
  );
  replaceChildren(
    nav,
    items.map((r) =>
      h('a', { href: `#${r.path}`, class: path === r.path ? 'active' : undefined }, t(r.nav!)),
    ),
    h('a', { href: '#/queue', class: path === '/queue' ? 'active' : undefined }, t('nav.queue')),
  );
}

async function drawSignIn(shell: Shell, ticket: number): Promise<void> {
  const { config, t, language } = shell;
  const page = await signInPage(config, t, language, (signedIn) => {
    shell.session = signedIn;
    shell.cache.clear();
    location.hash = '#/';
    void render(shell);
    void shell.outbox.flush();
  }).catch((error: unknown) => errorView(t, error));
  if (ticket === shell.renderCount) replaceChildren(shell.main, page);
}

function pageContext(
  shell: Shell,
  session: Session,
  params: Ctx['params'],
  query: Ctx['query'],
): Ctx {
  const { config, api, outbox, t, language, cache } = shell;
  return {
    config,
    session,
    api,
    outbox,
    t,
    language,
    params,
    query,
    navigate: (hash) => {
      if (location.hash === hash) void render(shell);
      else location.hash = hash;
    },
    rerender: () => void render(shell),
    cached: <T>(key: string, load: () => Promise<T>) => {
      let value = cache.get(key) as Promise<T> | undefined;
      if (!value) {
        value = load();
        cache.set(key, value);
        value.catch(() => cache.delete(key));
      }
      return value;
    },
    forget: (prefix) => forgetCached(shell, prefix),
    isOnline,
  };
}

async function render(shell: Shell): Promise<void> {
  const ticket = ++shell.renderCount;
  const { path, query } = splitHash(location.hash);
  const { main, t, session } = shell;
  drawHeader(shell);
  drawNav(shell, path);
  if (!session) return drawSignIn(shell, ticket);
  const role = session.user.role;
  let params: Record<string, string> | undefined;
  const route = routes.find(
    (r) => r.roles.includes(role) && (params = matchPath(r.path, path)) !== undefined,
  );
  if (!route || !params) {
    replaceChildren(main, h('p', { class: 'notice error' }, t('error.noPage')));
    return;
  }
  delete main.dataset.ready;
  replaceChildren(main, h('p', { class: 'muted loading' }, t('common.loading')));
  const ctx = pageContext(shell, session, params, query);
  const content = await route.page(ctx).catch((error: unknown) => errorView(t, error));
  if (ticket === shell.renderCount) {
    replaceChildren(main, content);
    // For people nothing; for tests and screen readers: this route has finished drawing.
    main.dataset.ready = location.hash || '#/';
    document.title = `${main.querySelector('h1')?.textContent ?? ''} · ${t('app.name')}`;
  }
}

function onOutboxEvent(shell: Shell, event: OutboxEvent): void {
  const { t } = shell;
  if (event.type === 'change') return drawHeader(shell);
  if (event.type === 'auth-required') {
    // The token expired: the writes stay queued and go out after the next sign-in.
    shell.session = undefined;
    saveSession(sessionStorage, undefined);
    toast(shell, 'error', t('queue.signInAgain'));
    return void render(shell);
  }
  forgetBooks({ forget: (prefix) => forgetCached(shell, prefix) });
  // The form that sent it is still on screen and says how it went.
  if (answeredInPlace.get(event.write.key)?.isConnected) return;
  if (event.type === 'refused') {
    // The write stays in the queue with its reason, to be fixed and resent from there.
    toast(
      shell,
      'error',
      `${event.write.label}：`,
      problemView(t, event.problem),
      h('a', { href: '#/queue' }, t('queue.refusedKept')),
    );
    return;
  }
  const receipt = event.write.path.endsWith('/repayments')
    ? receiptPath(event.body as LoanBooking)
    : undefined;
  toast(
    shell,
    'ok',
    t('queue.done', { label: event.write.label }),
    receipt ? h('a', { href: receipt }, ` ${t('repay.print')}`) : '',
  );
}
