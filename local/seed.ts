/**
 * Loads the demo federation into an empty store; a store that has it is left alone. The books
 * are built by the same domain rules and item shapes as live requests (enrolment, 入股, 配股,
 * capital), then written in batches: seeding 3,000 items one transaction at a time would make
 * every start and every test file wait.
 */
import { createHash } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Association } from '#domain/association.ts';
import { bookCapital } from '#domain/ledger/capital.ts';
import { balancesFromEntries } from '#domain/ledger/trial-balance.ts';
import { enrolMember } from '#domain/members/enrolment.ts';
import { grantFiscalShares, purchaseShares } from '#domain/members/shares.ts';
import { Money } from '#domain/money.ts';
import type { Store } from '../functions/store/client.ts';
import { createFederation, loadFederation } from '../functions/store/associations.ts';
import { entryItem, type StoredEntry } from '../functions/store/journal.ts';
import { idNumberHash, memberItem } from '../functions/store/members.ts';
import { numberValue } from '../functions/store/numbers.ts';
import { keys } from '../functions/store/table-definition.ts';
import { accountByCode } from '#domain/ledger/chart.ts';
import { demoAssociations, demoFederation } from './demo-federation.ts';
import { demoCapital, demoHouseholds } from './demo-households.ts';

const crockford = '0123456789abcdefghjkmnpqrstvwxyz';

/** Entry ids that are the same on every run, so demo links and screenshots stay stable. */
function seededEntryId(aid: string, date: string, n: number): string {
  const digest = createHash('sha256').update(`${aid}:${n}`).digest();
  const random = [...digest.subarray(0, 10)].map((b) => crockford.charAt(b % 32)).join('');
  return `je-${date.replaceAll('-', '')}-${random}`;
}

/**
 * One household joins: its shares bought in cash, and its 配股 when it is low-income. Pushes
 * the entries to `entries` as it goes, since the next entry id counts them.
 */
function enrolDemoHousehold(
  association: Association,
  household: ReturnType<typeof demoHouseholds>[number],
  seq: number,
  entries: StoredEntry[],
  nextId: (date: string) => string,
  stamp: { recordedBy: string; recordedAt: string },
): ReturnType<typeof enrolMember> {
  const charter = association.charter;
  let member = enrolMember(household, association.id, seq);
  const purchase = purchaseShares(member, charter, {
    entryId: nextId(household.joinedOn),
    shares: household.shares,
    on: household.joinedOn,
    channel: 'cash',
  });
  entries.push({ ...purchase.entry, ...stamp });
  member = purchase.member!;
  if (household.lowIncome !== 'none' && charter.fiscalSharesForLowIncome > 0) {
    // Households that joined after the grant day get their 配股 on the day they join.
    const grantedOn =
      household.joinedOn > demoCapital.fiscalSharesGrantedOn
        ? household.joinedOn
        : demoCapital.fiscalSharesGrantedOn;
    const grant = grantFiscalShares(member, charter, {
      entryId: nextId(grantedOn),
      shares: charter.fiscalSharesForLowIncome,
      on: grantedOn,
    });
    entries.push({ ...grant.entry, ...stamp });
    member = grant.member!;
  }
  return member;
}

function accountItems(aid: string, entries: StoredEntry[]): Record<string, unknown>[] {
  return [...balancesFromEntries(entries)].map(([code, balance]) => {
    const account = accountByCode(code);
    return {
      ...keys.account(aid, code),
      code,
      name: account.name,
      accountType: account.type,
      balance: numberValue(balance),
    };
  });
}

/** Every item of one association's opening books. */
export function demoAssociationItems(
  association: Association,
  index: number,
): Record<string, unknown>[] {
  const aid = association.id;
  const items: Record<string, unknown>[] = [];
  const entries: StoredEntry[] = [];
  const stamp = { recordedBy: 'seed', recordedAt: '2013-06-30T00:00:00.000Z' };
  const nextId = (date: string) => seededEntryId(aid, date, entries.length);

  for (const [kind, amount] of [
    ['fiscal', demoCapital.fiscalPerAssociation],
    ['special-support', demoCapital.specialSupportPerAssociation],
    ['donation', demoCapital.unexplainedPerAssociation],
  ] as const) {
    const { entry } = bookCapital({
      entryId: nextId(demoCapital.bookedOn),
      kind,
      amount: Money.of(amount),
      on: demoCapital.bookedOn,
      channel: 'bank',
      memo: kind === 'donation' ? '来源未注明的 0.55万 中本会份额' : '2013 年拨付',
    });
    entries.push({ ...entry, ...stamp });
  }

  const households = demoHouseholds(index);
  households.forEach((household, i) => {
    const member = enrolDemoHousehold(association, household, i + 1, entries, nextId, stamp);
    items.push(memberItem(member), {
      ...keys.idNumberClaim(aid, idNumberHash(member.idNumber)),
      kind: 'id-number-claim',
      memberId: member.id,
    });
  });

  items.push(...entries.map((entry) => entryItem(aid, entry)));
  items.push(...accountItems(aid, entries));
  items.push({
    ...keys.association(aid),
    GSI1PK: `FED#${association.federationId}`,
    GSI1SK: `ASSOC#${aid}`,
    kind: 'association',
    version: 1,
    memberSeq: households.length,
    ...association,
  });
  return items;
}

async function batchWrite(store: Store, items: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let pending = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const result = await store.db.send(
        new BatchWriteCommand({ RequestItems: { [store.tableName]: pending } }),
      );
      pending = (result.UnprocessedItems?.[store.tableName] ?? []) as typeof pending;
    }
  }
}

/**
 * Seeds the federation and its associations, or only those named (tests seed the few a file
 * uses; each is the same as in the full demo, so its figures do not depend on the others).
 */
export async function seedDemoFederation(
  store: Store,
  only?: readonly string[],
): Promise<'seeded' | 'present'> {
  if (await loadFederation(store, demoFederation.id)) return 'present';
  const unknown = only?.filter((aid) => !demoAssociations.some((a) => a.id === aid)) ?? [];
  if (unknown.length > 0) throw new Error(`not a demo association: ${unknown.join(', ')}`);
  await Promise.all(
    demoAssociations.map((association, index) =>
      only && !only.includes(association.id)
        ? undefined
        : batchWrite(store, demoAssociationItems(association, index)),
    ),
  );
  // The federation item goes last: its presence means the seed finished.
  await createFederation(store, demoFederation);
  return 'seeded';
}
