/**
 * GET /federations/{fid}/dashboard?asOf=: every association's indicators, read from its books
 * and loans for the date asked and computed by domain/federation/dashboard.ts; nothing is
 * stored, so nothing can drift from the books.
 *
 * Balances: for today (or no date, or a later date) the balance items, which equal the journal
 * because no entry may be dated after today (api/today.ts); for a past date the
 * journal up to that date, summed. Loans: the open ones and those paid off or written off
 * after the date, which were open on it (store/loans-on-date.ts); loanIndicators works out
 * where each stood. Each association's figures are worked out as soon as its loans are read,
 * and its loans dropped: a federation of 100 associations × 1,000 loans never holds more than
 * a few associations' loans at once.
 */
import type { Association } from '#domain/association.ts';
import {
  associationFigures,
  federationDashboard,
  type AssociationFigures,
} from '#domain/federation/dashboard.ts';
import { balancesFromEntries } from '#domain/ledger/trial-balance.ts';
import { activeMembersNow, activeMembersOn } from '#domain/members/active-members.ts';
import { implement } from '../http/area-handler.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { requireFederationScope } from '../http/scope.ts';
import { todayInShanghai } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import { listAssociations } from '../store/associations.ts';
import type { Store } from '../store/client.ts';
import { loadFederationItem, settingsFromItem } from '../store/federation.ts';
import { entriesUpTo, loadBalances } from '../store/journal.ts';
import { loansOpenOn } from '../store/loans-on-date.ts';
import { allMembers } from '../store/reports.ts';

/** Associations read at once: enough to overlap round trips, few enough not to throttle. */
const parallelAssociations = 8;

async function figuresOf(
  store: Store,
  association: Association,
  asOf: string,
  fromJournal: boolean,
): Promise<AssociationFigures> {
  const aid = association.id;
  const [members, loans, books] = await Promise.all([
    allMembers(store, aid),
    loansOpenOn(store, aid, asOf),
    fromJournal
      ? entriesUpTo(store, aid, asOf).then((entries) => ({
          balances: balancesFromEntries(entries),
          entries,
        }))
      : loadBalances(store, aid).then((balances) => ({ balances, entries: undefined })),
  ]);
  return associationFigures(
    {
      associationId: aid,
      name: association.name,
      balances: books.balances,
      members: books.entries
        ? activeMembersOn(members, books.entries, asOf)
        : activeMembersNow(members, asOf),
      loans,
    },
    asOf,
  );
}

/** `task` over `items`, at most `limit` at a time, answers in the items' order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const federationDashboardRoute = implement(
  routes.federationDashboard,
  async ({ params, query, identity, store }) => {
    requireFederationScope(identity, params.fid);
    const federation = await loadFederationItem(store, params.fid);
    if (!federation) {
      throw new HttpProblem(problems.notFound('FEDERATION_NOT_FOUND', '联合会不存在'));
    }
    const settings = settingsFromItem(federation);
    const today = todayInShanghai();
    const asOf = query.asOf ?? today;
    const fromJournal = asOf < today;
    const associations = await listAssociations(store, params.fid);
    const figures = await mapLimited(associations, parallelAssociations, (association) =>
      figuresOf(store, association, asOf, fromJournal),
    );
    const dashboard = federationDashboard({ asOf, associations: figures, settings });
    return {
      body: {
        federationId: params.fid,
        asOf,
        balancesFrom: fromJournal ? 'journal' : 'ledger-balances',
        thresholds: settings.ratingThresholds,
        associations: dashboard.associations,
        totals: dashboard.totals,
      },
    };
  },
);
