/** What every page receives: who is signed in, the API, the outbox, the language, the route. */
import type { Api } from './api.ts';
import type { ConsoleConfig } from './config.ts';
import type { Language, Translate } from './i18n.ts';
import type { Outbox } from './outbox.ts';
import type { Session } from './session.ts';

export interface Ctx {
  config: ConsoleConfig;
  session: Session;
  api: Api;
  outbox: Outbox;
  t: Translate;
  language: Language;
  params: Record<string, string>;
  query: URLSearchParams;
  navigate(hash: string): void;
  /** Renders the current route again (after a write changed what it shows). */
  rerender(): void;
  /** Reads kept for the session (the association, its members); dropped after writes. */
  cached<T>(key: string, load: () => Promise<T>): Promise<T>;
  forget(prefix: string): void;
  isOnline(): boolean;
}

export type Page = (ctx: Ctx) => Promise<Node>;

/** The signed-in treasurer's association (every treasurer route is scoped to it). */
export function associationId(ctx: Ctx): string {
  const aid = ctx.session.user.associationId;
  if (!aid) throw new Error('this user has no association');
  return aid;
}

export function federationId(ctx: Ctx): string {
  const fid = ctx.session.user.federationId;
  if (!fid) throw new Error('this user has no federation');
  return fid;
}
