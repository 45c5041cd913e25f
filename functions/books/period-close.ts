/**
 * 结账 and 反结账 through the API (domain/ledger/period-close.ts): the treasurer closes a month
 * once it has ended and its books are sound; a supervisor of the federation may reopen.
 */
import { balancesFromEntries } from '#domain/ledger/trial-balance.ts';
import { closePeriod, reopenPeriod, type PeriodClose } from '#domain/ledger/period-close.ts';
import { implement, type HttpRequest, type Reply } from '../http/area-handler.ts';
import { requireReadAssociation } from '../http/scope.ts';
import { todayInShanghai } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import { entriesUpTo } from '../store/journal.ts';
import { periodCloseWrite } from '../store/period-close.ts';
import { at } from '../store/read-set.ts';
import { readItems } from '../store/write-once.ts';

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
  const { params, identity, store } = request;
  return request.writeOnce({
    reads: [at.association(params.aid), at.periodClose(params.aid)],
    async decide(read) {
      requireReadAssociation(read, params.aid, identity);
      const current = read.periodClose(params.aid);
      const next = await change(current);
      return {
        writes: [periodCloseWrite(store.tableName, params.aid, next, current.version)],
        response: { status: 201, body: view(params.aid, next) },
      };
    },
  });
}

export const periodCloseRoutes = [
  implement(routes.periodClose, async (request) => {
    const { params, store } = request;
    await request.association();
    const read = await readItems(store, [at.periodClose(params.aid)]);
    return { body: view(params.aid, read.periodClose(params.aid)) };
  }),

  implement(routes.closePeriod, async (request) => {
    const { params, body, identity, store } = request;
    return changePeriodClose(request, async (current) => {
      const entries = await entriesUpTo(store, params.aid, body.through);
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
