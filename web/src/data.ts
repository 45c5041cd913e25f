/** Reads more than one page uses, kept for the session and dropped after a write. */
import type { AssociationView, DashboardView, LoanView, MemberView } from './api-types.ts';
import { associationId, federationId, type Ctx } from './context.ts';
import { todayInShanghai } from './format.ts';

export function association(ctx: Ctx): Promise<AssociationView> {
  const aid = associationId(ctx);
  return ctx.cached(`association:${aid}`, () =>
    ctx.api.get<AssociationView>(`/associations/${aid}`),
  );
}

/** Every member of the association (about 90 in a village): found by name or phone locally. */
export function members(ctx: Ctx, aid = associationId(ctx)): Promise<MemberView[]> {
  return ctx.cached(`members:${aid}`, async () => {
    const all: MemberView[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '500', ...(cursor ? { cursor } : {}) });
      const page = await ctx.api.get<{ members: MemberView[]; cursor?: string }>(
        `/associations/${aid}/members?${query}`,
      );
      all.push(...page.members);
      cursor = page.cursor;
    } while (cursor);
    return all;
  });
}

export async function memberNames(ctx: Ctx): Promise<Map<string, string>> {
  return new Map((await members(ctx)).map((m) => [m.id, m.name]));
}

export function loans(
  ctx: Ctx,
  status: 'open' | 'paid-off' | 'written-off' = 'open',
  aid = associationId(ctx),
): Promise<LoanView[]> {
  return ctx.cached(`loans:${aid}:${status}`, async () => {
    const all: LoanView[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ status, limit: '500', ...(cursor ? { cursor } : {}) });
      const page = await ctx.api.get<{ loans: LoanView[]; cursor?: string }>(
        `/associations/${aid}/loans?${query}`,
      );
      all.push(...page.loans);
      cursor = page.cursor;
    } while (cursor);
    return all;
  });
}

export function dashboard(ctx: Ctx, asOf = todayInShanghai()): Promise<DashboardView> {
  const fid = federationId(ctx);
  return ctx.cached(`dashboard:${fid}:${asOf}`, () =>
    ctx.api.get<DashboardView>(`/federations/${fid}/dashboard?asOf=${asOf}`),
  );
}

/** After a write: what it may have changed is read again. */
export function forgetBooks(ctx: Pick<Ctx, 'forget'>): void {
  for (const prefix of ['association:', 'members:', 'loans:', 'dashboard:']) ctx.forget(prefix);
}

/** After a write has landed: what it changed is read afresh and the page drawn again. */
export const redrawAfterWrite = (ctx: Pick<Ctx, 'forget' | 'rerender'>) => () => {
  forgetBooks(ctx);
  ctx.rerender();
};
