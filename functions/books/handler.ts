/** The books Lambda: capital bookings, the trial balance, the journal and reversals. */
import { bookCapital } from '#domain/ledger/capital.ts';
import { reverseEntry } from '#domain/ledger/reversal.ts';
import { balancesFromEntries, trialBalance } from '#domain/ledger/trial-balance.ts';
import { Money } from '#domain/money.ts';
import { areaHandler, implement } from '../http/area-handler.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { requireReadAssociation } from '../http/scope.ts';
import { operationDate } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import type { Store } from '../store/client.ts';
import {
  entriesUpTo,
  entryDateFromId,
  entryWrites,
  listEntries,
  loadBalances,
  loadEntry,
  markReversedWrite,
  newEntryId,
  type StoredEntry,
} from '../store/journal.ts';
import { loanWrite } from '../store/loans.ts';
import { loadMember, memberWrite } from '../store/members.ts';
import { at, type ReadSet } from '../store/read-set.ts';
import { bookOperatingEntry, requireWrittenOff } from '#domain/ledger/operating-entries.ts';
import type { z } from 'zod';
import type { operatingEntryBody } from '#api/books.ts';

type OperatingEntryBody = z.infer<typeof operatingEntryBody>;
import { loansByIds } from '../store/reports.ts';
import { reverseRepayment } from '#domain/loans/repayment.ts';
import { Refusal } from '#domain/refusal.ts';
import { releaseHouseholds } from '../loans/households.ts';
import { pledgeRestoreWrites } from '../tea-gardens/pledge-release.ts';
import { loanMessageWrites } from '../store/loan-messages.ts';
import type { Identity } from '../http/identity.ts';
import { distributionReversalWrites } from '../store/reports.ts';
import { subsidyReversalWrites } from '../store/subsidy-receipts.ts';
import { periodCloseRoutes } from './period-close.ts';
import { provisionRoute } from './provision.ts';
import { viewEntry, viewTrialBalance } from './views.ts';

/** The loan's side of reversing a loan entry: only a mistaken repayment can be undone. */
async function loanSideOfReversal(store: Store, aid: string, original: StoredEntry, on: string) {
  if (!original.kind.startsWith('loan-')) return [];
  if (original.kind !== 'loan-repayment' || !original.loanId) {
    throw new Refusal(
      'LOAN_ENTRY_NOT_REVERSIBLE',
      '放款和核销凭证不能冲正；只有登记错误的还款可以冲正',
    );
  }
  const [loan] = await loansByIds(store, aid, [original.loanId]);
  if (!loan) throw new HttpProblem(problems.notFound('LOAN_NOT_FOUND', '借款不存在'));
  const repayment = loan.repayments.find((r) => r.entryId === original.id);
  if (!repayment)
    throw new HttpProblem(problems.notFound('REPAYMENT_NOT_FOUND', '找不到该凭证对应的还款'));
  const reversed = reverseRepayment(loan, repayment.id, on);
  const write = loanWrite(store.tableName, reversed.loan, reversed.position);
  if (!reversed.reopens) return [write];
  // The payoff is undone: the household and guarantors are bound again, the gardens it
  // released secure the loan again, and the household is told.
  return [
    write,
    ...(await releaseHouseholds(store, aid, loan, 'reopens')),
    ...(await pledgeRestoreWrites(store, aid, loan)),
    ...loanMessageWrites(store.tableName, { kind: 'reopened', loan: reversed.loan }),
  ];
}

/**
 * The member is read after the entry, so a reversal racing another reversal of the same entry
 * can see the member already restored. Then the true answer is "already reversed", not
 * "the shares changed".
 */
async function reverseOrExplain(
  store: Store,
  aid: string,
  original: StoredEntry,
  member: Parameters<typeof reverseEntry>[1],
  request: Parameters<typeof reverseEntry>[2],
) {
  try {
    return reverseEntry(original, member, request);
  } catch (error) {
    if (error instanceof Refusal && error.code === 'REVERSAL_SHARES_CHANGED') {
      const fresh = await loadEntry(store, aid, original.id);
      if (fresh?.reversedBy) return reverseEntry(fresh, member, request);
    }
    throw error;
  }
}

const stamp = (identity: Identity) => ({
  recordedBy: identity.username,
  recordedAt: new Date().toISOString(),
});

/** What an operating entry reads besides the association: the member paid, the loan recovered. */
function operatingReads(aid: string, body: OperatingEntryBody) {
  if (body.kind === 'share-return-payout' && body.memberId) return [at.member(aid, body.memberId)];
  if (body.kind === 'collateral-proceeds') return [at.loan(aid, body.loanId)];
  return [];
}

/** The member paid must be a member; the proceeds recover a loan that was written off. */
function requireOperatingSubject(read: ReadSet, aid: string, body: OperatingEntryBody): void {
  if (body.kind === 'share-return-payout' && body.memberId && !read.member(aid, body.memberId)) {
    throw new HttpProblem(problems.notFound('MEMBER_NOT_FOUND', '会员不存在'));
  }
  if (body.kind !== 'collateral-proceeds') return;
  const loan = read.loan(aid, body.loanId);
  if (!loan) throw new HttpProblem(problems.notFound('LOAN_NOT_FOUND', '借款不存在'));
  requireWrittenOff(loan);
}

export const handler = areaHandler('books', [
  implement(routes.bookOperatingEntry, async (request) => {
    const { params, body, identity, store } = request;
    return request.writeOnce({
      reads: [at.association(params.aid), ...operatingReads(params.aid, body)],
      decide(read) {
        requireReadAssociation(read, params.aid, identity);
        requireOperatingSubject(read, params.aid, body);
        const on = operationDate(body.on);
        const booked = bookOperatingEntry({
          ...body,
          entryId: newEntryId(on),
          on,
          amount: Money.of(body.amount),
        });
        const entry: StoredEntry = { ...booked, ...stamp(identity) };
        return {
          writes: entryWrites(store.tableName, params.aid, entry),
          response: { status: 201, body: viewEntry(entry) },
        };
      },
    });
  }),

  implement(routes.bookCapital, async (request) => {
    const { params, body, identity, store } = request;
    return request.writeOnce({
      reads: [at.association(params.aid)],
      decide(read) {
        requireReadAssociation(read, params.aid, identity);
        const on = operationDate(body.on);
        const booking = bookCapital({
          entryId: newEntryId(on),
          kind: body.kind,
          amount: Money.of(body.amount),
          on,
          channel: body.channel,
          memo: body.memo,
        });
        const entry: StoredEntry = { ...booking.entry, ...stamp(identity) };
        return {
          writes: entryWrites(store.tableName, params.aid, entry),
          response: { status: 201, body: viewEntry(entry) },
        };
      },
    });
  }),

  implement(routes.trialBalance, async (request) => {
    const { params, query, store } = request;
    await request.association();
    // Today's balances are the balance items; any other date is summed from the journal.
    const balances = query.asOf
      ? balancesFromEntries(await entriesUpTo(store, params.aid, query.asOf))
      : await loadBalances(store, params.aid);
    return { body: viewTrialBalance(params.aid, trialBalance(balances), query.asOf) };
  }),

  implement(routes.journal, async (request) => {
    const { params, query, store } = request;
    await request.association();
    const page = await listEntries(store, params.aid, query);
    return { body: { entries: page.entries.map(viewEntry), cursor: page.cursor } };
  }),

  implement(routes.reverseEntry, async (request) => {
    const { params, body, identity, store } = request;
    const date = entryDateFromId(params.eid) ?? '';
    return request.writeOnce({
      reads: [at.association(params.aid), at.entry(params.aid, date, params.eid)],
      async decide(read) {
        requireReadAssociation(read, params.aid, identity);
        const original = read.entry(params.aid, date, params.eid);
        if (!original) throw new HttpProblem(problems.notFound('ENTRY_NOT_FOUND', '凭证不存在'));
        const on = operationDate(body.on);
        const entryId = newEntryId(on);
        const table = store.tableName;
        // A loan entry changes the loan too: a repayment comes off the loan, in the same write.
        const loanWrites = await loanSideOfReversal(store, params.aid, original, on);
        // Only entries that changed a member's shares need the member read as well.
        const member =
          original.memberId && original.shareChange
            ? await loadMember(store, params.aid, original.memberId)
            : undefined;
        const booking = await reverseOrExplain(store, params.aid, original, member, {
          entryId,
          on,
          reason: body.reason,
        });
        // A 贴息 receipt or payout changes the receipt record too (once it is known to be
        // reversible at all, so "already reversed" wins over "the receipt is gone").
        const subsidyWrites = await subsidyReversalWrites(store, params.aid, original);
        const entry: StoredEntry = { ...booking.entry, ...stamp(identity) };
        return {
          writes: [
            ...entryWrites(table, params.aid, entry),
            markReversedWrite(table, params.aid, original, entry.id),
            ...(booking.member ? [memberWrite(table, booking.member)] : []),
            ...loanWrites,
            ...subsidyWrites,
            // A year-end distribution gives its year back, so it can be done again.
            ...distributionReversalWrites(table, params.aid, original),
          ],
          response: { status: 201, body: viewEntry(entry) },
        };
      },
    });
  }),
  provisionRoute,
  ...periodCloseRoutes,
]);
