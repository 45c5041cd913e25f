/**
 * Which association a page shows: the treasurer's own, or, for the federation's users, the one
 * chosen on the page (`#/<route>?association=<aid>`; the federation's first unless chosen).
 */
import type { Ctx } from './context.ts';
import { dashboard } from './data.ts';
import { h } from './dom.ts';
import { field, select } from './ui.ts';

export async function associationChoice(
  ctx: Ctx,
  route: string,
): Promise<{ aid: string; picker: HTMLElement | null }> {
  const own = ctx.session.user.associationId;
  if (own) return { aid: own, picker: null };
  const view = await dashboard(ctx);
  const options = view.associations.map((a) => [a.associationId, a.name] as [string, string]);
  const aid = ctx.query.get('association') ?? options[0]?.[0] ?? '';
  const choice = select('association', options, aid);
  choice.addEventListener('change', () => ctx.navigate(`#/${route}?association=${choice.value}`));
  return {
    aid,
    picker: h('form', { class: 'form inline' }, field(ctx.t('dashboard.association'), choice)),
  };
}
