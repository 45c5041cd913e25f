/** The books Lambda: capital bookings, the trial balance, the journal and reversals. */
import { bookCapital } from '../../domain/ledger/capital.ts';
import { reverseEntry } from '../../domain/ledger/reversal.ts';
import { balancesFromEntries, trialBalance } from '../../domain/ledger/trial-balance.ts';
import { Money } from '../../domain/money.ts';
import { areaHandler, implement } from '../http/area-handler.ts';
import { idempotencyOf } from '../http/idempotency.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { replyFrom, requireAssociationScope, requireReadAssociation } from '../http/scope.ts';
import { todayInShanghai } from '../http/today.ts';
import { routes } from '../routes.ts';
import { loadAssociation } from '../store/associations.ts';
import { store } from '../store/client.ts';
import {
  entriesUpTo,
  entryDateFromId,
  entryFromItem,
  entryWrites,
  listEntries,
  loadBalances,
  markReversedWrite,
  newEntryId,
  type StoredEntry,
} from '../store/journal.ts';
import { loadMember, memberWrite } from '../store/members.ts';
import { keyString, keys } from '../store/table-definition.ts';
import { writeOnce } from '../store/write-once.ts';
import type { Identity } from '../http/identity.ts';
import { viewEntry, viewTrialBalance } from './views.ts';

async function readableAssociation(aid: string, identity: Identity) {
  const association = await loadAssociation(store(), aid);
  if (!association)
    throw new HttpProblem(problems.notFound('ASSOCIATION_NOT_FOUND', '互助会不存在'));
  requireAssociationScope(identity, association);
  return association;
}

const stamp = (identity: Identity) => ({
  recordedBy: identity.username,
  recordedAt: new Date().toISOString(),
});

export const handler = areaHandler('books', [
  implement(routes.bookCapital, async (request) => {
    const { params, body, identity } = request;
    const result = await writeOnce(store(), {
      idempotency: idempotencyOf(request, `ASSOC#${params.aid}`),
      reads: [keys.association(params.aid)],
      decide(read) {
        requireReadAssociation(read, params.aid, identity);
        const on = body.on ?? todayInShanghai();
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
          writes: entryWrites(store().tableName, params.aid, entry),
          response: { status: 201, body: viewEntry(entry) },
        };
      },
    });
    return replyFrom(result);
  }),

  implement(routes.trialBalance, async ({ params, query, identity }) => {
    await readableAssociation(params.aid, identity);
    // Today's balances are the balance items; any other date is summed from the journal.
    const balances = query.asOf
      ? balancesFromEntries(await entriesUpTo(store(), params.aid, query.asOf))
      : await loadBalances(store(), params.aid);
    return { body: viewTrialBalance(params.aid, trialBalance(balances), query.asOf) };
  }),

  implement(routes.journal, async ({ params, query, identity }) => {
    await readableAssociation(params.aid, identity);
    const page = await listEntries(store(), params.aid, query);
    return { body: { entries: page.entries.map(viewEntry), cursor: page.cursor } };
  }),

  implement(routes.reverseEntry, async (request) => {
    const { params, body, identity } = request;
    const date = entryDateFromId(params.eid) ?? '';
    const entryKey = keys.entry(params.aid, date, params.eid);
    const result = await writeOnce(store(), {
      idempotency: idempotencyOf(request, `ASSOC#${params.aid}`),
      reads: [keys.association(params.aid), entryKey],
      async decide(read) {
        requireReadAssociation(read, params.aid, identity);
        const item = read.get(keyString(entryKey));
        if (!item) throw new HttpProblem(problems.notFound('ENTRY_NOT_FOUND', '凭证不存在'));
        const original = entryFromItem(item);
        // Only entries that changed a member's shares need the member read as well.
        const member =
          original.memberId && original.shareChange
            ? await loadMember(store(), params.aid, original.memberId)
            : undefined;
        const on = body.on ?? todayInShanghai();
        const booking = reverseEntry(original, member, {
          entryId: newEntryId(on),
          on,
          reason: body.reason,
        });
        const entry: StoredEntry = { ...booking.entry, ...stamp(identity) };
        return {
          writes: [
            ...entryWrites(store().tableName, params.aid, entry),
            markReversedWrite(store().tableName, params.aid, original, entry.id),
            ...(booking.member ? [memberWrite(store().tableName, booking.member)] : []),
          ],
          response: { status: 201, body: viewEntry(entry) },
        };
      },
    });
    return replyFrom(result);
  }),
]);
