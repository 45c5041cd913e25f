/**
 * How many households were members on a date. A member item holds only today's status, so a
 * past date asks the journal: withdrawing every own share ends a membership (退股退会), and
 * reversing that withdrawal brings the household back (domain/ledger/reversal.ts).
 */
import type { BusinessDate } from '../dates.ts';
import type { JournalEntry } from '../ledger/journal.ts';
import type { Member, ShareChange } from './member.ts';

type MemberFacts = Pick<Member, 'id' | 'joinedOn' | 'status'>;
type ShareEntry = Pick<JournalEntry, 'date' | 'kind' | 'memberId'> & { shareChange?: ShareChange };

/** Members today: joined by `on` and not exited. Right for today and any later date. */
export function activeMembersNow(members: readonly MemberFacts[], on: BusinessDate): number {
  return members.filter((m) => m.joinedOn <= on && m.status === 'active').length;
}

/**
 * Members on a past date, from the journal up to that date. A household that has exited since
 * counts unless, on that date, its share withdrawals had already left it no own share.
 */
export function activeMembersOn(
  members: readonly MemberFacts[],
  entries: Iterable<ShareEntry>,
  on: BusinessDate,
): number {
  const ownShares = new Map<string, number>();
  const redeemed = new Set<string>();
  for (const entry of entries) {
    if (entry.date > on || !entry.memberId || !entry.shareChange) continue;
    ownShares.set(
      entry.memberId,
      (ownShares.get(entry.memberId) ?? 0) + entry.shareChange.ownShares,
    );
    if (entry.kind === 'share-redemption') redeemed.add(entry.memberId);
  }
  return members.filter((m) => {
    if (m.joinedOn > on) return false;
    if (m.status === 'active') return true;
    const exitedBy = redeemed.has(m.id) && (ownShares.get(m.id) ?? 0) === 0;
    return !exitedBy;
  }).length;
}
