/**
 * 结账 and 反结账 through the API (domain/ledger/period-close.ts): the treasurer closes a month
 * once it has ended and its books are sound; a supervisor of the federation may reopen.
 */
import { balancesFromEntries } from '#domain/ledger/trial-balance.ts';
import { closePeriod, reopenPeriod, type PeriodClose } from '#domain/ledger/period-close.ts';
import { implement, type HttpRequest, type Reply } from '../http/area-handler.ts';
import { idempotencyOf } from '../http/idempotency.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { replyFrom, requireAssociationScope, requireReadAssociation } from '../http/scope.ts';
import { todayInShanghai } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import { loadAssociation } from '../store/associations.ts';
import { store } from '../store/client.ts';
import { entriesUpTo } from '../store/journal.ts';
import { periodCloseFromItem, periodCloseWrite } from '../store/period-close.ts';
import { keyString, keys } from '../store/table-definition.ts';
import { readItems, writeOnce } from '../store/write-once.ts';

const view = (aid: string, close: PeriodClose) => ({
  associationId: aid,
  ...(close.closedThrough ? { closedThrough: close.closedThrough } : {}),
  history: close.history,
});

/** A close or a reopening: one exactly-once write of the close item, guarded by its version. */
async function changePeriodClose(
  request: HttpRequest<{ aid: string }, unknown, unknown>,
  change: (current: PeriodClose) => PeriodClose | Promise<PeriodClose>,
): Promise<Reply> {
  const { params, identity } = request;
  const closeKey = keys.periodClose(params.aid);
  const result = await writeOnce(store(), {
    idempotency: idempotencyOf(request, { association: params.aid }),
    reads: [keys.association(params.aid), closeKey],
    async decide(read) {
      requireReadAssociation(read, params.aid, identity);
      const current = periodCloseFromItem(read.get(keyString(closeKey)));
      const next = await change(current);
      return {
        writes: [periodCloseWrite(store().tableName, params.aid, next, current.version)],
        response: { status: 201, body: view(params.aid, next) },
      };
    },
  });
  return replyFrom(result);
}

export const periodCloseRoutes = [
  implement(routes.periodClose, async ({ params, identity }) => {
    const association = await loadAssociation(store(), params.aid);
    if (!association)
      throw new HttpProblem(problems.notFound('ASSOCIATION_NOT_FOUND', '互助会不存在'));
    requireAssociationScope(identity, association);
    const read = await readItems(store(), [keys.periodClose(params.aid)]);
    const close = periodCloseFromItem(read.get(keyString(keys.periodClose(params.aid))));
    return { body: view(params.aid, close) };
  }),

  implement(routes.closePeriod, async (request) => {
    const { params, body, identity } = request;
    return changePeriodClose(request, async (current) => {
      const entries = await entriesUpTo(store(), params.aid, body.through);
      return closePeriod(current, {
        through: body.through,
        today: todayInShanghai(),
        balancesThrough: balancesFromEntries(entries),
        by: identity.username,
        at: new Date().toISOString(),
      });
    });
  }),

  implement(routes.reopenPeriod, async (request) => {
    const { body, identity } = request;
    return changePeriodClose(request, (current) =>
      reopenPeriod(current, {
        through: body.through,
        reason: body.reason,
        by: identity.username,
        at: new Date().toISOString(),
      }),
    );
  }),
];
