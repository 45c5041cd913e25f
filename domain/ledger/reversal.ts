/** Undoing a mistaken entry: the reversal entry, and the member's shares put back. */
import type { BusinessDate } from '../dates.ts';
import type { Member, ShareChange } from '../members/member.ts';
import { applyShareChange, type Booking } from '../members/shares.ts';
import { Refusal } from '../refusal.ts';
import { reversalOf, type EntryKind, type JournalEntry } from './journal.ts';

/**
 * Entries the federation books in two sets of books at once (an association's and the
 * federation's, or two associations'), against a transfer or the risk fund. Reversing one
 * side in an association's journal would leave the other side and the transfer standing.
 */
const federationKinds: ReadonlySet<EntryKind> = new Set<EntryKind>([
  'liquidity-transfer',
  'liquidity-repayment',
  'risk-fund-contribution',
  'risk-fund-relief',
]);

function negate(change: ShareChange): ShareChange {
  return {
    ownShares: -change.ownShares,
    ownShareAmount: change.ownShareAmount.negated(),
    fiscalShares: -change.fiscalShares,
    fiscalShareAmount: change.fiscalShareAmount.negated(),
  };
}

export function reverseEntry(
  original: JournalEntry & { shareChange?: ShareChange; reversedBy?: string },
  member: Member | undefined,
  request: { entryId: string; on: BusinessDate; reason: string },
): Booking {
  if (original.reversedBy) {
    throw new Refusal(
      'ENTRY_ALREADY_REVERSED',
      `该凭证已被 ${original.reversedBy} 冲正`,
      'conflict',
      {
        reversedBy: original.reversedBy,
      },
    );
  }
  if (federationKinds.has(original.kind)) {
    throw new Refusal(
      'FEDERATION_ENTRY_NOT_REVERSIBLE',
      '调剂资金和风险基金的凭证由联合会同时记入双方账簿，不能在本会单独冲正；请联系联合会处理',
      'refused',
      { kind: original.kind },
    );
  }
  const entry = reversalOf(original, request.entryId, request.on, request.reason);
  if (!original.shareChange || !member) return { entry };

  const change = negate(original.shareChange);
  const after = applyShareChange(member, change);
  if (after.ownShares < 0 || after.fiscalShares < 0 || after.ownShareAmount.isNegative()) {
    throw new Refusal(
      'REVERSAL_SHARES_CHANGED',
      '该会员此后已退股，股份不足以冲正此凭证；请先冲正之后的退股凭证',
    );
  }
  // Undoing the withdrawal that ended a membership brings the household back.
  const status = original.kind === 'share-redemption' ? 'active' : after.status;
  return { entry: { ...entry, shareChange: change }, member: { ...after, status } };
}
