/**
 * 贴息到账 and 贴息发放: the treasurer records what the county finance bureau paid on a claim
 * period, shared out over the claim's loans (domain/subsidy/receipt.ts), then pays it out to
 * the households. Each is one exactly-once write: the entry, the balances, the receipt.
 */
import { parseClaimPeriod } from '#domain/subsidy/claim-period.ts';
import {
  payOutSubsidy,
  receiptTotals,
  receiveSubsidy,
  requireNotReceived,
} from '#domain/subsidy/receipt.ts';
import { Money } from '#domain/money.ts';
import { viewEntry } from '../books/views.ts';
import { implement } from '../http/area-handler.ts';
import type { Identity } from '../http/identity.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { requireReadAssociation } from '../http/scope.ts';
import { operationDate } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import { entryWrites, newEntryId, type StoredEntry } from '../store/journal.ts';
import { at } from '../store/read-set.ts';
import {
  loadReceipts,
  newReceiptWrites,
  plainReceipt,
  receiptUpdateWrite,
  type StoredReceipt,
} from '../store/subsidy-receipts.ts';
import { claimOf } from './claims.ts';

const stamp = (identity: Identity) => ({
  recordedBy: identity.username,
  recordedAt: new Date().toISOString(),
});

/** The receipt, with what is paid out and what is still held for the households. */
export function viewReceipt(receipt: StoredReceipt) {
  const { paidOut, held } = receiptTotals(receipt);
  return { ...plainReceipt(receipt), paidOut: paidOut.toString(), held: held.toString() };
}

export const receiptRoutes = [
  implement(routes.subsidyReceipts, async (request) => {
    const { params, store } = request;
    await request.association();
    return { body: { receipts: (await loadReceipts(store, params.aid)).map(viewReceipt) } };
  }),

  implement(routes.recordSubsidyReceipt, async (request) => {
    const { params, body, identity, store } = request;
    const table = store.tableName;
    return request.writeOnce({
      reads: [at.association(params.aid)],
      async decide(read) {
        const { association, subsidyReceiptSeq: receiptSeq } = requireReadAssociation(
          read,
          params.aid,
          identity,
        );
        const on = operationDate(body.on);
        const period = parseClaimPeriod(body.period);
        const earlier = await loadReceipts(store, params.aid);
        // "Already received" says more than anything the claim itself could refuse.
        requireNotReceived({ ...period, period: period.name }, earlier);
        const claim = await claimOf(store, association, period);
        const booking = receiveSubsidy(claim, earlier, {
          entryId: newEntryId(on),
          on,
          amount: Money.of(body.amount),
          channel: body.channel,
        });
        const recorded = stamp(identity);
        const receipt: StoredReceipt = { ...booking.receipt, version: 1, ...recorded };
        const entry: StoredEntry = { ...booking.entry, ...recorded };
        return {
          writes: [
            ...entryWrites(table, params.aid, entry),
            ...newReceiptWrites(table, receipt, receiptSeq),
          ],
          response: {
            status: 201,
            body: { receipt: viewReceipt(receipt), entry: viewEntry(entry) },
          },
        };
      },
    });
  }),

  implement(routes.payOutSubsidy, async (request) => {
    const { params, body, identity, store } = request;
    const table = store.tableName;
    return request.writeOnce({
      reads: [at.association(params.aid), at.subsidyReceipt(params.aid, params.period)],
      decide(read) {
        requireReadAssociation(read, params.aid, identity);
        const receipt = read.subsidyReceipt(params.aid, params.period);
        if (!receipt) {
          throw new HttpProblem(
            problems.notFound('SUBSIDY_RECEIPT_NOT_FOUND', `${params.period} 的贴息尚未登记到账`),
          );
        }
        const on = operationDate(body.on);
        const payout = payOutSubsidy(receipt, {
          entryId: newEntryId(on),
          on,
          channel: body.channel,
          loanIds: body.loanIds,
        });
        const entry: StoredEntry = { ...payout.entry, ...stamp(identity) };
        return {
          writes: [
            ...entryWrites(table, params.aid, entry),
            receiptUpdateWrite(table, payout.receipt),
          ],
          response: {
            status: 201,
            body: {
              receipt: viewReceipt(payout.receipt),
              entry: viewEntry(entry),
            },
          },
        };
      },
    });
  }),
];
