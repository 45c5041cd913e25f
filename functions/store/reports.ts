/**
 * What the reports read and the one thing they write: the year-end distribution.
 *
 * A distribution is one TransactWriteItems, however many members share in it:
 *   - the claim ASSOC#<aid> / DIST#<year> (attribute_not_exists): a year is distributed once;
 *     a reversal of the distribution deletes it, so the year can be done again;
 *   - the closing entry, whose item also carries every member's return (shareReturns): the
 *     per-member detail of the 2202 line, in one item rather than one item per member;
 *   - one balance update per account, each pinned to the balance the decision read, and a
 *     check that member shares (3101) did not move: a repayment, write-off or share entry that
 *     lands meanwhile makes the decision stale, and it is taken again on fresh books.
 */
import { accountByCode, accounts, isDebitNormal, type AccountCode } from '#domain/ledger/chart.ts';
import { balanceChanges } from '#domain/ledger/journal.ts';
import type { Loan } from '#domain/loans/loan.ts';
import type { Member } from '#domain/members/member.ts';
import { Money } from '#domain/money.ts';
import type { MemberReturn } from '#domain/reports/distribution.ts';
import { Refusal } from '#domain/refusal.ts';
import type { Store } from './client.ts';
import { entryFromItem, entryItem, type StoredEntry } from './journal.ts';
import { listLoans, loanFromItem, loanKey } from './loans.ts';
import { listMembers, memberFromItem } from './members.ts';
import { countFrom, moneyFrom, numberValue } from './numbers.ts';
import { keys, type ItemKey } from './table-definition.ts';
import { readItems, type GuardedWrite } from './write-once.ts';
import { newItemWrite } from './guarded-writes.ts';
import { everyPage, queryAll } from './query-all.ts';

export const distributionClaimKey = (aid: string, year: number): ItemKey => ({
  PK: `ASSOC#${aid}`,
  SK: `DIST#${year}`,
});

/** A journal entry with, on a closing entry, each member's return on shares. */
export type ReportEntry = StoredEntry & { shareReturns?: MemberReturn[] };

export function reportEntryFromItem(item: Record<string, unknown>): ReportEntry {
  const returns = item.shareReturns as Record<string, unknown>[] | undefined;
  return {
    ...entryFromItem(item),
    ...(returns
      ? {
          shareReturns: returns.map((r) => ({
            memberId: String(r.memberId),
            shareDays: countFrom(r.shareDays),
            amount: moneyFrom(r.amount),
          })),
        }
      : {}),
  };
}

/** Every entry dated up to `to` (inclusive), oldest first: the books the reports are made of. */
export async function journalUpTo(store: Store, aid: string, to: string): Promise<ReportEntry[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': `ASSOC#${aid}`,
      ':from': 'JE#0000-00-00',
      ':to': `JE#${to}#~`,
    },
    ConsistentRead: true,
  });
  return items.map(reportEntryFromItem);
}

export interface DistributionClaim {
  year: number;
  entryId: string;
  postedBy: string;
  postedAt: string;
}

export function claimFromItem(item: Record<string, unknown>): DistributionClaim {
  return {
    year: countFrom(item.year),
    entryId: String(item.entryId),
    postedBy: String(item.postedBy),
    postedAt: String(item.postedAt),
  };
}

/** The balance an update may apply to: exactly the one the decision was taken on. */
function pinned(read: Money): { condition: string; values: Record<string, unknown> } {
  return read.isZero()
    ? {
        condition: 'attribute_not_exists(balance) OR balance = :read',
        values: { ':read': numberValue(read) },
      }
    : { condition: 'balance = :read', values: { ':read': numberValue(read) } };
}

/** The claim, the closing entry with the members' returns, and the pinned balance updates. */
export function distributionWrites(
  tableName: string,
  aid: string,
  year: number,
  entry: StoredEntry,
  memberReturns: readonly MemberReturn[],
  balancesRead: ReadonlyMap<AccountCode, Money>,
): GuardedWrite[] {
  const balanceOf = (code: AccountCode) => balancesRead.get(code) ?? Money.zero;
  const writes: GuardedWrite[] = [
    newItemWrite(
      tableName,
      {
        ...distributionClaimKey(aid, year),
        kind: 'distribution-claim',
        year,
        entryId: entry.id,
        postedBy: entry.recordedBy,
        postedAt: entry.recordedAt,
      },
      alreadyPosted(year),
    ),
    newItemWrite(tableName, {
      ...entryItem(aid, entry),
      distributionYear: year,
      shareReturns: memberReturns.map((r) => ({
        memberId: r.memberId,
        shareDays: r.shareDays,
        amount: numberValue(r.amount),
      })),
    }),
  ];
  for (const [code, change] of balanceChanges(entry)) {
    if (change.isZero()) continue;
    const account = accountByCode(code);
    const after = balanceOf(code).plus(change);
    // The balance is pinned, so the floor can be checked here, once and for all.
    if (isDebitNormal(account) ? after.isNegative() : after.isPositive()) {
      throw new Refusal(
        'ACCOUNT_BALANCE_INSUFFICIENT',
        `科目「${account.name}」余额不足，不能承担本年度亏损`,
        'refused',
        { account: code, balance: balanceOf(code).negated().toString() },
      );
    }
    const pin = pinned(balanceOf(code));
    writes.push({
      item: {
        Update: {
          TableName: tableName,
          Key: keys.account(aid, code),
          UpdateExpression:
            'SET code = :code, #name = :name, accountType = :type ADD balance :change',
          ConditionExpression: pin.condition,
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: {
            ':code': code,
            ':name': account.name,
            ':type': account.type,
            ':change': numberValue(change),
            ...pin.values,
          },
        },
      },
      onConditionFailed: 'retry',
    });
  }
  // Days held come from the share entries: they must not have moved either.
  const shares = pinned(balanceOf(accounts.memberShares.code));
  writes.push({
    item: {
      ConditionCheck: {
        TableName: tableName,
        Key: keys.account(aid, accounts.memberShares.code),
        ConditionExpression: shares.condition,
        ExpressionAttributeValues: shares.values,
      },
    },
    onConditionFailed: 'retry',
  });
  return writes;
}

export function alreadyPosted(year: number, entryId?: string): Refusal {
  return new Refusal(
    'DISTRIBUTION_ALREADY_POSTED',
    `${year} 年度已经做过年终分配；如需重做，请先冲正该分配凭证`,
    'conflict',
    { year, ...(entryId ? { entryId } : {}) },
  );
}

/**
 * Reversing a closing entry gives its year back: the claim goes in the same transaction, and
 * only if it is this entry's claim.
 */
export function distributionReversalWrites(
  tableName: string,
  aid: string,
  original: StoredEntry,
): GuardedWrite[] {
  if (original.kind !== 'year-end-distribution') return [];
  const year = Number(original.date.slice(0, 4));
  return [
    {
      item: {
        Delete: {
          TableName: tableName,
          Key: distributionClaimKey(aid, year),
          ConditionExpression: 'entryId = :entry',
          ExpressionAttributeValues: { ':entry': original.id },
        },
      },
      onConditionFailed: new Refusal(
        'DISTRIBUTION_CLAIM_MISMATCH',
        `${year} 年度的分配登记与该凭证不符，不能冲正`,
        'conflict',
        { year },
      ),
    },
  ];
}

/** Every loan of the association, whatever its state. */
export async function allLoans(store: Store, aid: string): Promise<Loan[]> {
  const loans: Loan[] = [];
  for (const state of ['open', 'paid-off', 'written-off'] as const) {
    loans.push(
      ...(await everyPage(
        (cursor) => listLoans(store, aid, { state, limit: 500, cursor }),
        (page) => page.loans,
      )),
    );
  }
  // The index is eventually consistent: read the items themselves for the latest state.
  const items = await readItems(
    store,
    loans.map((loan) => loanKey(aid, loan.id)),
  );
  return loans.map((loan) => items.loan(aid, loan.id)).filter((loan) => loan !== undefined);
}

/** The given loans, read consistently. */
export async function loansByIds(store: Store, aid: string, ids: readonly string[]) {
  const items = await readItems(
    store,
    ids.map((lid) => loanKey(aid, lid)),
  );
  return items.all().map(loanFromItem);
}

/** Members by id (those that exist). */
export async function membersByIds(
  store: Store,
  aid: string,
  ids: readonly string[],
): Promise<Map<string, Member>> {
  const items = await readItems(
    store,
    [...new Set(ids)].map((mid) => keys.member(aid, mid)),
  );
  return new Map(
    items
      .all()
      .map(memberFromItem)
      .map((m) => [m.id, m]),
  );
}

/** Every member of the association. */
export function allMembers(store: Store, aid: string): Promise<Member[]> {
  return everyPage(
    (cursor) => listMembers(store, aid, { limit: 500, cursor }),
    (page) => page.members,
  );
}
