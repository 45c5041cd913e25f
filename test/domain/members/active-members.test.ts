/** Members on a date: today's status for today, the journal's share entries for a past date. */
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '#domain/ledger/journal.ts';
import { activeMembersNow, activeMembersOn } from '#domain/members/active-members.ts';
import type { Member } from '#domain/members/member.ts';
import { Money } from '#domain/money.ts';

type Facts = Pick<Member, 'id' | 'joinedOn' | 'status'>;

const members: Facts[] = [
  { id: 'm1', joinedOn: '2026-01-01', status: 'active' },
  { id: 'm2', joinedOn: '2026-03-01', status: 'active' },
  // Bought 2 shares, withdrew both on 2026-02-01 (退会).
  { id: 'm3', joinedOn: '2025-01-01', status: 'exited' },
  // Withdrew 1 of 2 in 2025, the last one on 2026-02-10.
  { id: 'm4', joinedOn: '2025-01-01', status: 'exited' },
  // Exited 2025-12-01, the withdrawal reversed 2026-01-05, exited again 2026-02-05.
  { id: 'm5', joinedOn: '2025-01-01', status: 'exited' },
];

function shares(
  memberId: string,
  date: string,
  ownShares: number,
  kind: JournalEntry['kind'] = ownShares > 0 ? 'share-purchase' : 'share-redemption',
) {
  return {
    date,
    kind,
    memberId,
    shareChange: {
      ownShares,
      ownShareAmount: Money.of(`${ownShares * 1000}.00`),
      fiscalShares: 0,
      fiscalShareAmount: Money.zero,
    },
  };
}

const entries = [
  shares('m1', '2026-01-01', 1),
  shares('m3', '2025-01-01', 2),
  shares('m4', '2025-01-01', 2),
  shares('m5', '2025-01-01', 1),
  shares('m4', '2025-06-01', -1),
  shares('m5', '2025-12-01', -1),
  shares('m5', '2026-01-05', 1, 'reversal'),
  shares('m3', '2026-02-01', -2),
  shares('m5', '2026-02-05', -1),
  shares('m4', '2026-02-10', -1),
  // An entry without a share change (a loan) changes nothing.
  { date: '2026-02-11', kind: 'loan-disbursement' as const, memberId: 'm1' },
];

describe('activeMembersOn', () => {
  it.each([
    ['2024-12-31', 0],
    // m3, m4 (one share left), m5 (its first exit still ahead)
    ['2025-06-30', 3],
    // m5 has exited; m3 and m4 still hold shares
    ['2025-12-15', 2],
    // m1 joined; m5 is back after the reversal
    ['2026-01-15', 4],
    // m3 and m5 gone, m4 still in
    ['2026-02-09', 2],
    ['2026-02-20', 1],
    ['2026-03-01', 2],
  ])('on %s counts %i', (on, count) => {
    expect(activeMembersOn(members, entries, on)).toBe(count);
  });
});

describe('activeMembersNow', () => {
  it('counts active members who have joined by the date', () => {
    expect(activeMembersNow(members, '2026-02-28')).toBe(1);
    expect(activeMembersNow(members, '2026-03-01')).toBe(2);
  });
});
