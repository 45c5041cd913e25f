/** The associations Lambda: an association, its charter and its balances. */
import { areaHandler, implement } from '../http/area-handler.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { requireAssociationScope } from '../http/scope.ts';
import { routes } from '#api/routes.ts';
import { loadAccountBalances, loadAssociation, saveCharter } from '../store/associations.ts';

export const handler = areaHandler('associations', [
  implement(routes.getAssociation, async ({ params, identity, store }) => {
    // Both reads at once; the balances are only sent after the scope check passes.
    const [association, balances] = await Promise.all([
      loadAssociation(store, params.aid),
      loadAccountBalances(store, params.aid),
    ]);
    if (!association) {
      throw new HttpProblem(problems.notFound('ASSOCIATION_NOT_FOUND', '互助会不存在'));
    }
    requireAssociationScope(identity, association);
    return { body: { ...association, balances } };
  }),

  implement(routes.putCharter, async (request) => {
    const { params, body, store } = request;
    const association = await request.association();
    await saveCharter(store, params.aid, body);
    const balances = await loadAccountBalances(store, params.aid);
    return { body: { ...association, charter: body, balances } };
  }),
]);
