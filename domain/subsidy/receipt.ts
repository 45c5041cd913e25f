/**
 * The 贴息 the county finance bureau pays on a claim (贴息到账), and its passing on to the
 * households (贴息发放). Farmers pay the full fee; the subsidy comes afterwards and belongs to
 * them, so the association only holds it, as a liability (2203 应付贴息款), until it pays
 * each household out.
 *
 * - A receipt is for one claim period and is shared out over that claim's rows in proportion
 *   to their subsidy, by largest remainder to the 分: when the bureau pays the claim in full,
 *   each household gets exactly its row. It cannot exceed the claim, and no day may be paid
 *   twice: a period overlapping one already received (2026Q3 and 2026-08) is refused.
 * - A payout pays households their share, all of them or the loans named, in cash or to the
 *   bank. A household is paid once.
 * - Both are undone by reversing their journal entry: a payout's households become unpaid
 *   again; a receipt goes, so the period can be received again, once nothing of it is paid out.
 */
import type { BusinessDate } from '../dates.ts';
import { accounts } from '../ledger/chart.ts';
import { balancedEntry, credit, debit, type JournalEntry } from '../ledger/journal.ts';
import { channelAccount, type Channel } from '../members/shares.ts';
import { inCents, largestRemainder, Money } from '../money.ts';
import { Refusal } from '../refusal.ts';
import type { SubsidyClaim } from './claim.ts';

export interface SubsidyPayout {
  on: BusinessDate;
  entryId: string;
  channel: Channel;
}

export interface SubsidyReceiptRow {
  loanId: string;
  memberId: string;
  borrower: string;
  /** The row's subsidy on the claim. */
  claimed: Money;
  /** Its share of what the bureau paid. */
  received: Money;
  /** Set once the household has been paid its share. */
  paidOut?: SubsidyPayout;
}

export interface SubsidyReceipt {
  associationId: string;
  period: string;
  from: BusinessDate;
  to: BusinessDate;
  receivedOn: BusinessDate;
  channel: Channel;
  /** The claim's total when the money came in. */
  claimed: Money;
  amount: Money;
  entryId: string;
  rows: SubsidyReceiptRow[];
}

/** The period's days are in no receipt recorded already: a day is never paid twice. */
export function requireNotReceived(
  period: Pick<SubsidyReceipt, 'period' | 'from' | 'to'>,
  earlier: readonly Pick<SubsidyReceipt, 'period' | 'from' | 'to' | 'entryId'>[],
): void {
  const clash = earlier.find((r) => r.from <= period.to && period.from <= r.to);
  if (!clash) return;
  throw new Refusal(
    'SUBSIDY_ALREADY_RECEIVED',
    clash.period === period.period
      ? `${period.period} 的贴息已登记到账（凭证 ${clash.entryId}）；如登记有误，请先冲正该凭证`
      : `${period.period} 与已登记到账的 ${clash.period} 有重叠的日期，同一天的贴息不能到账两次`,
    'conflict',
    { period: period.period, received: clash.period, entryId: clash.entryId },
  );
}

export function receiveSubsidy(
  claim: SubsidyClaim,
  earlier: readonly Pick<SubsidyReceipt, 'period' | 'from' | 'to' | 'entryId'>[],
  request: { entryId: string; on: BusinessDate; amount: Money; channel: Channel },
): { receipt: SubsidyReceipt; entry: JournalEntry } {
  requireNotReceived(claim, earlier);
  if (request.on <= claim.to) {
    throw new Refusal(
      'SUBSIDY_RECEIVED_BEFORE_PERIOD_END',
      `到账日期须在申报期间 ${claim.period} 结束（${claim.to}）之后`,
      'refused',
      { field: 'body.on', periodEnds: claim.to },
    );
  }
  const claimed = Money.of(claim.totals.subsidy);
  if (!claimed.isPositive()) {
    throw new Refusal(
      'SUBSIDY_CLAIM_EMPTY',
      `${claim.period} 没有可申报贴息的借款，无从登记到账`,
      'refused',
      { period: claim.period },
    );
  }
  if (!request.amount.isPositive() || request.amount.gt(claimed)) {
    throw new Refusal(
      'SUBSIDY_RECEIPT_ABOVE_CLAIM',
      `到账金额须大于零且不超过申报的贴息 ${claimed.format()}`,
      'refused',
      { field: 'body.amount', claimed: claimed.toString(), amount: request.amount.toString() },
    );
  }
  const rows = claim.rows.filter((row) => Money.of(row.subsidy).isPositive());
  const shares = largestRemainder(
    request.amount,
    rows.map((row) => inCents(Money.of(row.subsidy))),
  );
  const receipt: SubsidyReceipt = {
    associationId: claim.associationId,
    period: claim.period,
    from: claim.from,
    to: claim.to,
    receivedOn: request.on,
    channel: request.channel,
    claimed,
    amount: request.amount,
    entryId: request.entryId,
    rows: rows.map((row, i) => ({
      loanId: row.loanId,
      memberId: row.memberId,
      borrower: row.borrower,
      claimed: Money.of(row.subsidy),
      received: shares[i]!,
    })),
  };
  const entry = balancedEntry({
    id: request.entryId,
    date: request.on,
    kind: 'subsidy-receipt',
    memo: `收到 ${claim.period} 贴息（${rows.length} 笔借款）`,
    lines: [
      debit(channelAccount[request.channel], request.amount),
      credit(accounts.subsidyPayable.code, request.amount),
    ],
  });
  return { receipt, entry };
}

/** Pays households their share: every one not paid yet, or only the loans named. */
export function payOutSubsidy<R extends SubsidyReceipt>(
  receipt: R,
  request: { entryId: string; on: BusinessDate; channel: Channel; loanIds?: readonly string[] },
): { receipt: R; entry: JournalEntry; paid: SubsidyReceiptRow[] } {
  if (request.on < receipt.receivedOn) {
    throw new Refusal(
      'SUBSIDY_PAID_BEFORE_RECEIVED',
      `发放日期不能早于贴息到账日期 ${receipt.receivedOn}`,
      'refused',
      { field: 'body.on', receivedOn: receipt.receivedOn },
    );
  }
  const named = request.loanIds && new Set(request.loanIds);
  if (named) {
    const unknown = [...named].filter((lid) => !receipt.rows.some((r) => r.loanId === lid));
    if (unknown.length > 0) {
      throw new Refusal(
        'SUBSIDY_PAYOUT_UNKNOWN_LOAN',
        `${receipt.period} 的贴息到账中没有借款 ${unknown.join('、')}`,
        'refused',
        { field: 'body.loanIds', loanIds: unknown },
      );
    }
    const already = receipt.rows.filter((r) => named.has(r.loanId) && r.paidOut);
    if (already.length > 0) {
      throw new Refusal(
        'SUBSIDY_ALREADY_PAID_OUT',
        `借款 ${already.map((r) => r.loanId).join('、')} 的贴息已发放给农户`,
        'conflict',
        { loanIds: already.map((r) => r.loanId) },
      );
    }
  }
  const paid = receipt.rows.filter(
    (r) => !r.paidOut && r.received.isPositive() && (!named || named.has(r.loanId)),
  );
  if (paid.length === 0) {
    throw new Refusal(
      'SUBSIDY_ALREADY_PAID_OUT',
      `${receipt.period} 的贴息已全部发放给农户`,
      'conflict',
      { period: receipt.period },
    );
  }
  const amount = Money.sum(paid.map((r) => r.received));
  const payout: SubsidyPayout = {
    on: request.on,
    entryId: request.entryId,
    channel: request.channel,
  };
  const ids = new Set(paid.map((r) => r.loanId));
  const entry = balancedEntry({
    id: request.entryId,
    date: request.on,
    kind: 'subsidy-payout',
    memo:
      paid.length === 1
        ? `发放 ${receipt.period} 贴息：${paid[0]!.borrower}（${paid[0]!.loanId}）`
        : `发放 ${receipt.period} 贴息：${paid.length} 户`,
    ...(paid.length === 1 ? { memberId: paid[0]!.memberId, loanId: paid[0]!.loanId } : {}),
    lines: [
      debit(accounts.subsidyPayable.code, amount),
      credit(channelAccount[request.channel], amount),
    ],
  });
  return {
    receipt: {
      ...receipt,
      rows: receipt.rows.map((r) => (ids.has(r.loanId) ? { ...r, paidOut: payout } : r)),
    },
    entry,
    paid,
  };
}

/**
 * What reversing one of the receipt's entries leaves of it: the households of a payout are
 * unpaid again; a receipt is gone (undefined), once nothing of it is paid out.
 */
export function undoSubsidyEntry<R extends SubsidyReceipt>(
  receipt: R,
  entry: Pick<JournalEntry, 'id' | 'kind'>,
): R | undefined {
  if (entry.kind === 'subsidy-payout') {
    return {
      ...receipt,
      rows: receipt.rows.map((r) => {
        if (r.paidOut?.entryId !== entry.id) return r;
        const { paidOut: _undone, ...unpaid } = r;
        return unpaid;
      }),
    };
  }
  const paid = receipt.rows.filter((r) => r.paidOut);
  if (paid.length > 0) {
    throw new Refusal(
      'SUBSIDY_RECEIPT_PAID_OUT',
      `${receipt.period} 的贴息已发放给 ${paid.length} 户；请先冲正发放凭证，再冲正到账凭证`,
      'refused',
      { payouts: [...new Set(paid.map((r) => r.paidOut!.entryId))] },
    );
  }
  return undefined;
}

/** What of the receipt the households have been paid, and what the association still holds. */
export function receiptTotals(receipt: SubsidyReceipt): { paidOut: Money; held: Money } {
  const paidOut = Money.sum(receipt.rows.filter((row) => row.paidOut).map((row) => row.received));
  return { paidOut, held: receipt.amount.minus(paidOut) };
}

/** The subsidy paid out to the household for this loan, and its share still held. */
export function subsidyOfLoan(
  receipts: readonly SubsidyReceipt[],
  loanId: string,
): { paidOut: Money; held: Money } {
  const rows = receipts.flatMap((r) => r.rows.filter((row) => row.loanId === loanId));
  return {
    paidOut: Money.sum(rows.filter((r) => r.paidOut).map((r) => r.received)),
    held: Money.sum(rows.filter((r) => !r.paidOut).map((r) => r.received)),
  };
}
