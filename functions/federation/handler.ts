/**
 * The federation Lambda: settings, 资金余缺调剂 (plans, approval, transfers, repayments) and
 * the risk fund. Every money-moving operation writes both sets of books in one transaction.
 */
import {
  riskFundContribution,
  riskFundRelief,
  type TwoBooks,
} from '#domain/federation/risk-fund.ts';
import {
  approvePlan,
  positionOf,
  proposePlan,
  repayTransfer,
} from '#domain/federation/transfers.ts';
import { accounts } from '#domain/ledger/chart.ts';
import { Money } from '#domain/money.ts';
import { Refusal } from '#domain/refusal.ts';
import { viewEntry } from '../books/views.ts';
import { areaHandler, implement } from '../http/area-handler.ts';
import type { Identity } from '../http/identity.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { canReachFederation, requireFederationScope } from '../http/scope.ts';
import { operationDate, todayInShanghai } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import { listAssociations } from '../store/associations.ts';
import type { Store } from '../store/client.ts';
import {
  approvedPlanWrite,
  federationEntryWrites,
  listFederationEntries,
  listTransfers,
  loadFederationBalances,
  loadFederationItem,
  loadPlan,
  loadTransfer,
  newPlanId,
  newPlanWrite,
  planItem,
  requireApprovable,
  saveSettings,
  settingsFromItem,
  snapshotGuardedEntryWrites,
  transferWrite,
} from '../store/federation.ts';
import { entryWrites, loadBalances, newEntryId } from '../store/journal.ts';
import { at, type ReadSet } from '../store/read-set.ts';
import { federationDashboardRoute } from './dashboard.ts';
import {
  viewBookEntry,
  viewPlan,
  viewRepayment,
  viewRiskFund,
  viewSettings,
  viewTransfer,
} from './views.ts';

const federationNotFound = () =>
  new HttpProblem(problems.notFound('FEDERATION_NOT_FOUND', '联合会不存在'));

/** The federation's settings from a batch read, or 404. */
function requireReadFederation(read: ReadSet, fid: string) {
  const settings = read.federation(fid);
  if (!settings) throw federationNotFound();
  return settings;
}

async function loadSettingsOr404(store: Store, fid: string) {
  const item = await loadFederationItem(store, fid);
  if (!item) throw federationNotFound();
  return settingsFromItem(item);
}

/** The association named in a body, which must belong to this federation. */
function requireMemberAssociation(read: ReadSet, aid: string, fid: string) {
  if (read.association(aid)?.association.federationId !== fid) {
    throw new Refusal('ASSOCIATION_NOT_IN_FEDERATION', `互助会 ${aid} 不属于本联合会`, 'refused', {
      field: 'associationId',
    });
  }
}

const stamp = (identity: Identity) => ({ by: identity.username, at: new Date().toISOString() });
const recorded = (identity: Identity) => ({
  recordedBy: identity.username,
  recordedAt: new Date().toISOString(),
});

/** Both books of a risk-fund operation, written together. */
function twoBooksWrites(
  tableName: string,
  fid: string,
  associationId: string,
  amount: Money,
  books: TwoBooks,
  identity: Identity,
) {
  const associationEntry = { ...books.association, ...recorded(identity) };
  const federationEntry = { ...books.federation, ...recorded(identity), associationId };
  return {
    writes: [
      ...entryWrites(tableName, associationId, associationEntry),
      ...federationEntryWrites(tableName, fid, federationEntry),
    ],
    response: {
      status: 201,
      body: {
        associationId,
        amount: amount.toString(),
        associationEntry: viewEntry(associationEntry),
        federationEntry: viewEntry(federationEntry),
      },
    },
  };
}

export const handler = areaHandler('federation', [
  federationDashboardRoute,

  implement(routes.getFederationSettings, async ({ params, identity, store }) => {
    requireFederationScope(identity, params.fid);
    return { body: viewSettings(params.fid, await loadSettingsOr404(store, params.fid)) };
  }),

  implement(routes.putFederationSettings, async ({ params, body, identity, store }) => {
    requireFederationScope(identity, params.fid);
    await loadSettingsOr404(store, params.fid);
    await saveSettings(store, params.fid, body);
    return { body: viewSettings(params.fid, body) };
  }),

  implement(routes.proposeLiquidityPlan, async (request) => {
    const { params, body, identity, store } = request;
    requireFederationScope(identity, params.fid);
    return request.writeOnce({
      reads: [at.federation(params.fid)],
      async decide(read) {
        const settings = requireReadFederation(read, params.fid);
        const associations = await listAssociations(store, params.fid);
        const known = new Set(associations.map((a) => a.id));
        const unknown = Object.keys(body.demand).find((aid) => !known.has(aid));
        if (unknown) {
          throw new Refusal(
            'DEMAND_UNKNOWN_ASSOCIATION',
            `互助会 ${unknown} 不属于本联合会`,
            'refused',
            {
              field: `demand.${unknown}`,
            },
          );
        }
        // Live balances: the approval re-checks cash and bank, so a read here may be stale.
        const positions = await Promise.all(
          associations.map(async (a) =>
            positionOf(
              a.id,
              await loadBalances(store, a.id),
              Money.of(body.demand[a.id] ?? '0'),
              settings,
            ),
          ),
        );
        const plan = proposePlan({
          id: newPlanId(body.on),
          federationId: params.fid,
          on: body.on,
          positions,
          settings,
        });
        requireApprovable(plan.transfers);
        const created = stamp(identity);
        return {
          writes: [newPlanWrite(store.tableName, planItem(plan, created))],
          response: {
            status: 201,
            body: viewPlan({ ...plan, createdBy: created.by, createdAt: created.at }),
          },
        };
      },
    });
  }),

  implement(routes.getLiquidityPlan, async ({ params, identity, store }) => {
    requireFederationScope(identity, params.fid);
    const plan = await loadPlan(store, params.fid, params.pid);
    if (!plan) throw new HttpProblem(problems.notFound('PLAN_NOT_FOUND', '调剂方案不存在'));
    return { body: viewPlan(plan) };
  }),

  implement(routes.approveLiquidityPlan, async (request) => {
    const { params, body, identity, store } = request;
    requireFederationScope(identity, params.fid);
    // The plan names the associations whose cash and bank the approval must read.
    const planned = await loadPlan(store, params.fid, params.pid);
    if (!planned) throw new HttpProblem(problems.notFound('PLAN_NOT_FOUND', '调剂方案不存在'));
    const involved = [...new Set(planned.transfers.flatMap((t) => [t.from, t.to]))];
    return request.writeOnce({
      reads: [
        at.plan(params.fid, params.pid),
        ...involved.flatMap((aid) => [
          at.account(aid, accounts.cash.code),
          at.account(aid, accounts.bank.code),
        ]),
      ],
      decide(read) {
        const plan = read.plan(params.fid, params.pid);
        if (!plan) throw new HttpProblem(problems.notFound('PLAN_NOT_FOUND', '调剂方案不存在'));
        const on = body?.on ?? todayInShanghai();
        const approved = approvePlan(plan, {
          on,
          current: new Map(
            involved.map((aid) => [
              aid,
              {
                cashOnHand: read.balance(aid, accounts.cash.code),
                bank: read.balance(aid, accounts.bank.code),
              },
            ]),
          ),
          entryIds: new Map(involved.map((aid) => [aid, newEntryId(on)])),
        });
        const tableName = store.tableName;
        const entries = [...approved.entries].map(([aid, entry]) => ({
          ...entry,
          ...recorded(identity),
          associationId: aid,
        }));
        const approvedBy = stamp(identity);
        const storedPlan = {
          ...approved.plan,
          createdBy: plan.createdBy,
          createdAt: plan.createdAt,
          approvedBy: approvedBy.by,
          approvedAt: approvedBy.at,
        };
        const snapshots = new Map(plan.positions.map((p) => [p.associationId, p]));
        return {
          writes: [
            approvedPlanWrite(
              tableName,
              planItem(approved.plan, { by: plan.createdBy, at: plan.createdAt }, approvedBy),
            ),
            ...approved.transfers.map((t) => transferWrite(tableName, t)),
            ...entries.flatMap((entry) =>
              snapshotGuardedEntryWrites(
                tableName,
                entry.associationId,
                entry,
                snapshots.get(entry.associationId)!,
              ),
            ),
          ],
          response: {
            status: 201,
            body: {
              plan: viewPlan(storedPlan),
              transfers: approved.transfers.map((t) => viewTransfer(t)),
              entries: entries.map(viewBookEntry),
            },
          },
        };
      },
    });
  }),

  implement(routes.listTransfers, async ({ params, identity, store }) => {
    requireFederationScope(identity, params.fid);
    const transfers = await listTransfers(store, params.fid);
    return { body: { transfers: transfers.map((t) => viewTransfer(t)) } };
  }),

  implement(routes.getTransfer, async ({ params, query, identity, store }) => {
    requireFederationScope(identity, params.fid);
    const transfer = await loadTransfer(store, params.fid, params.tid);
    if (!transfer) throw new HttpProblem(problems.notFound('TRANSFER_NOT_FOUND', '调剂划拨不存在'));
    return { body: viewTransfer(transfer, query.asOf) };
  }),

  implement(routes.repayTransfer, async (request) => {
    const { params, body, identity, store } = request;
    operationDate(body.on);
    // The federation's supervisor, or the treasurer of the association that borrowed.
    const asFederation =
      identity.roles.some((role) => role === 'supervisor' || role === 'admin') &&
      canReachFederation(identity, params.fid);
    const asTreasurer = identity.roles.includes('treasurer') && !!identity.associationId;
    const authorize = () => {
      if (!asFederation && !asTreasurer) throw new HttpProblem(problems.forbiddenScope());
    };
    authorize();
    return request.writeOnce(
      {
        reads: [at.transfer(params.fid, params.tid)],
        decide(read) {
          const transfer = read.transfer(params.fid, params.tid);
          if (!transfer)
            throw new HttpProblem(problems.notFound('TRANSFER_NOT_FOUND', '调剂划拨不存在'));
          if (!asFederation && transfer.to !== identity.associationId) {
            throw new HttpProblem(problems.forbiddenScope());
          }
          const repaid = repayTransfer(transfer, {
            amount: Money.of(body.amount),
            on: body.on,
            borrowerEntryId: newEntryId(body.on),
            lenderEntryId: newEntryId(body.on),
          });
          const tableName = store.tableName;
          const borrowerEntry = { ...repaid.borrowerEntry, ...recorded(identity) };
          const lenderEntry = { ...repaid.lenderEntry, ...recorded(identity) };
          return {
            writes: [
              transferWrite(tableName, repaid.transfer, transfer.version),
              ...entryWrites(tableName, transfer.to, borrowerEntry),
              ...entryWrites(tableName, transfer.from, lenderEntry),
            ],
            response: {
              status: 201,
              body: {
                transfer: viewTransfer(repaid.transfer),
                repayment: viewRepayment(repaid.repayment),
                borrowerEntry: viewEntry(borrowerEntry),
                lenderEntry: viewEntry(lenderEntry),
              },
            },
          };
        },
      },
      { federation: params.fid, authorize },
    );
  }),

  implement(routes.contributeToRiskFund, async (request) => {
    const { params, body, identity, store } = request;
    operationDate(body.on);
    requireFederationScope(identity, params.fid);
    return request.writeOnce({
      reads: [at.federation(params.fid), at.association(body.associationId)],
      decide(read) {
        requireReadFederation(read, params.fid);
        requireMemberAssociation(read, body.associationId, params.fid);
        const books = riskFundContribution({
          ...body,
          amount: Money.of(body.amount),
          associationEntryId: newEntryId(body.on),
          federationEntryId: newEntryId(body.on),
        });
        return twoBooksWrites(
          store.tableName,
          params.fid,
          body.associationId,
          Money.of(body.amount),
          books,
          identity,
        );
      },
    });
  }),

  implement(routes.payRiskFundRelief, async (request) => {
    const { params, body, identity, store } = request;
    operationDate(body.on);
    requireFederationScope(identity, params.fid);
    return request.writeOnce({
      reads: [
        at.federation(params.fid),
        at.association(body.associationId),
        at.federationAccount(params.fid, accounts.riskFund.code),
        at.federationAccount(params.fid, accounts.bank.code),
      ],
      decide(read) {
        requireReadFederation(read, params.fid);
        requireMemberAssociation(read, body.associationId, params.fid);
        const balance = (code: typeof accounts.bank.code | typeof accounts.riskFund.code) =>
          read.federationBalance(params.fid, code) ?? Money.zero;
        const books = riskFundRelief({
          ...body,
          amount: Money.of(body.amount),
          associationEntryId: newEntryId(body.on),
          federationEntryId: newEntryId(body.on),
          riskFund: balance(accounts.riskFund.code).negated(),
          federationBank: balance(accounts.bank.code),
        });
        return twoBooksWrites(
          store.tableName,
          params.fid,
          body.associationId,
          Money.of(body.amount),
          books,
          identity,
        );
      },
    });
  }),

  implement(routes.getRiskFund, async ({ params, identity, store }) => {
    requireFederationScope(identity, params.fid);
    const settings = await loadSettingsOr404(store, params.fid);
    const [balances, entries] = await Promise.all([
      loadFederationBalances(store, params.fid),
      listFederationEntries(store, params.fid),
    ]);
    return { body: viewRiskFund(params.fid, balances, entries, settings) };
  }),
]);
