/**
 * The federation's items: its settings, 调剂 plans and transfers, and its own books (the risk
 * fund). Item keys (PK / SK):
 *   FED#<fid>   META                   the federation; `settings` (absent: the defaults)
 *   FED#<fid>   PLAN#<pid>             a liquidity plan, the positions it used, its transfers
 *   FED#<fid>   TRANSFER#<tid>         an approved transfer: outstanding, fee settled, repayments
 *   FED#<fid>   ACCOUNT#<code>         a federation account's balance (same shape as ASSOC#)
 *   FED#<fid>   JE#<date>#<eid>        a federation journal entry (same shape, + associationId)
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { federationSettingsSchema, type FederationSettings } from '#domain/federation/settings.ts';
import {
  planStale,
  planTooLarge,
  type LiquidityPlan,
  type PlannedTransfer,
  type LiquidityTransfer,
  type PlanPosition,
} from '#domain/federation/transfers.ts';
import { accounts, type AccountCode } from '#domain/ledger/chart.ts';
import type { Money } from '#domain/money.ts';
import type { RateWording } from '#domain/rate.ts';
import { Refusal } from '#domain/refusal.ts';
import { unwrapNumbers } from './associations.ts';
import type { Store } from './client.ts';
import { entryFromItem, entryWrites, type StoredEntry } from './journal.ts';
import { countFrom, moneyFrom, numberValue } from './numbers.ts';
import { keys, type ItemKey } from './table-definition.ts';
import { transactionItemLimit, type GuardedWrite } from './write-once.ts';
import { newItemWrite } from './guarded-writes.ts';
import { queryAll } from './query-all.ts';

const partition = (fid: string) => `FED#${fid}`;

export const federationKeys = {
  plan: (fid: string, pid: string): ItemKey => ({ PK: partition(fid), SK: `PLAN#${pid}` }),
  transfer: (fid: string, tid: string): ItemKey => ({ PK: partition(fid), SK: `TRANSFER#${tid}` }),
  account: (fid: string, code: string): ItemKey => ({ PK: partition(fid), SK: `ACCOUNT#${code}` }),
};

type Item = Record<string, unknown>;
const money = (value: Money) => numberValue(value);

export function settingsFromItem(federation: Item): FederationSettings {
  return federationSettingsSchema.parse(unwrapNumbers(federation.settings ?? {}));
}

export function loadFederationItem(store: Store, fid: string): Promise<Item | undefined> {
  return getItem(store, keys.federation(fid));
}

/** Replaces the settings; the federation must exist. */
export async function saveSettings(
  store: Store,
  fid: string,
  settings: FederationSettings,
): Promise<void> {
  await store.db.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: keys.federation(fid),
      UpdateExpression: 'SET settings = :settings',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':settings': settings },
    }),
  );
}

// Plans --------------------------------------------------------------------------------------

const positionFields = [
  'cashOnHand',
  'bank',
  'fund',
  'placed',
  'reserveFloor',
  'demand',
  'placementCap',
] as const;

export interface Stamp {
  by: string;
  at: string;
}

export function planItem(plan: LiquidityPlan, created: Stamp, approved?: Stamp): Item {
  return {
    ...federationKeys.plan(plan.federationId, plan.id),
    kind: 'liquidity-plan',
    id: plan.id,
    federationId: plan.federationId,
    on: plan.on,
    status: plan.status,
    feeRate: plan.feeRate,
    termMonths: plan.termMonths,
    positions: plan.positions.map((p) => ({
      associationId: p.associationId,
      ...Object.fromEntries(positionFields.map((field) => [field, money(p[field])])),
    })),
    transfers: plan.transfers.map((t) => ({ ...t, amount: money(t.amount) })),
    shortfalls: plan.shortfalls.map((s) => ({ ...s, amount: money(s.amount) })),
    createdBy: created.by,
    createdAt: created.at,
    approvedOn: plan.approvedOn,
    approvedBy: approved?.by,
    approvedAt: approved?.at,
  };
}

export type StoredPlan = LiquidityPlan & {
  createdBy: string;
  createdAt: string;
  approvedBy?: string;
  approvedAt?: string;
};

export function planFromItem(item: Item): StoredPlan {
  const list = (name: string) => item[name] as Item[];
  return {
    id: String(item.id),
    federationId: String(item.federationId),
    on: String(item.on),
    status: item.status as LiquidityPlan['status'],
    feeRate: unwrapNumbers(item.feeRate) as RateWording,
    termMonths: countFrom(item.termMonths),
    positions: list('positions').map(
      (p) =>
        ({
          associationId: String(p.associationId),
          ...Object.fromEntries(positionFields.map((field) => [field, moneyFrom(p[field])])),
        }) as PlanPosition,
    ),
    transfers: list('transfers').map((t) => ({
      id: String(t.id),
      from: String(t.from),
      to: String(t.to),
      amount: moneyFrom(t.amount),
    })),
    shortfalls: list('shortfalls').map((s) => ({
      associationId: String(s.associationId),
      amount: moneyFrom(s.amount),
    })),
    approvedOn: item.approvedOn === undefined ? undefined : String(item.approvedOn),
    createdBy: String(item.createdBy),
    createdAt: String(item.createdAt),
    approvedBy: item.approvedBy === undefined ? undefined : String(item.approvedBy),
    approvedAt: item.approvedAt === undefined ? undefined : String(item.approvedAt),
  };
}

const crockford = '0123456789abcdefghjkmnpqrstvwxyz';

/** lp-20260315-k3v9x2m7q1: the plan's date, then 50 random bits; transfers add -01, -02… */
export function newPlanId(date: string): string {
  const random = [...randomBytes(10)].map((byte) => crockford.charAt(byte % 32)).join('');
  return `lp-${date.replaceAll('-', '')}-${random}`;
}

async function getItem(store: Store, key: ItemKey): Promise<Item | undefined> {
  const { Item } = await store.db.send(
    new GetCommand({ TableName: store.tableName, Key: key, ConsistentRead: true }),
  );
  return Item;
}

export async function loadPlan(store: Store, fid: string, pid: string) {
  const item = await getItem(store, federationKeys.plan(fid, pid));
  return item ? planFromItem(item) : undefined;
}

export async function loadTransfer(store: Store, fid: string, tid: string) {
  const item = await getItem(store, federationKeys.transfer(fid, tid));
  return item ? transferFromItem(item) : undefined;
}

export function newPlanWrite(tableName: string, item: Item): GuardedWrite {
  return newItemWrite(tableName, item);
}

/** proposed → approved, once: a plan approved meanwhile makes the approval decide again. */
export function approvedPlanWrite(tableName: string, item: Item): GuardedWrite {
  return {
    item: {
      Put: {
        TableName: tableName,
        Item: item,
        ConditionExpression: '#status = :proposed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':proposed': 'proposed' },
      },
    },
    onConditionFailed: 'retry',
  };
}

// Transfers ----------------------------------------------------------------------------------

export function transferItem(transfer: LiquidityTransfer): Item {
  return {
    ...federationKeys.transfer(transfer.federationId, transfer.id),
    kind: 'liquidity-transfer',
    ...transfer,
    amount: money(transfer.amount),
    outstanding: money(transfer.outstanding),
    feeArrears: money(transfer.feeArrears),
    feePaid: money(transfer.feePaid),
    repayments: transfer.repayments.map((r) => ({
      ...r,
      amount: money(r.amount),
      fee: money(r.fee),
      principal: money(r.principal),
    })),
  };
}

export function transferFromItem(item: Item): LiquidityTransfer {
  return {
    id: String(item.id),
    planId: String(item.planId),
    federationId: String(item.federationId),
    from: String(item.from),
    to: String(item.to),
    amount: moneyFrom(item.amount),
    feeRate: unwrapNumbers(item.feeRate) as RateWording,
    termMonths: countFrom(item.termMonths),
    startsOn: String(item.startsOn),
    dueOn: String(item.dueOn),
    outstanding: moneyFrom(item.outstanding),
    feeAccruedTo: String(item.feeAccruedTo),
    feeArrears: moneyFrom(item.feeArrears),
    feePaid: moneyFrom(item.feePaid),
    status: item.status as LiquidityTransfer['status'],
    repayments: (item.repayments as Item[]).map((r) => ({
      on: String(r.on),
      amount: moneyFrom(r.amount),
      fee: moneyFrom(r.fee),
      principal: moneyFrom(r.principal),
      days: countFrom(r.days),
      borrowerEntryId: String(r.borrowerEntryId),
      lenderEntryId: String(r.lenderEntryId),
    })),
    version: countFrom(item.version),
  };
}

/** A new transfer, or a repaid one if nobody repaid it meanwhile (version). */
export function transferWrite(
  tableName: string,
  transfer: LiquidityTransfer,
  previousVersion?: number,
): GuardedWrite {
  return {
    item: {
      Put: {
        TableName: tableName,
        Item: transferItem(transfer),
        ...(previousVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : {
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: { ':version': previousVersion },
            }),
      },
    },
    onConditionFailed: 'retry',
  };
}

export async function listTransfers(store: Store, fid: string): Promise<LiquidityTransfer[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :transfer)',
    ExpressionAttributeValues: { ':pk': partition(fid), ':transfer': 'TRANSFER#' },
  });
  return items.map(transferFromItem);
}

// Plan approval guards ------------------------------------------------------------------------

/** The balance still equals what the plan saw (an absent item means zero). */
function snapshotCondition(snapshot: Money): string {
  return snapshot.isZero()
    ? '(attribute_not_exists(balance) OR balance = :snapshot)'
    : 'balance = :snapshot';
}

/**
 * An association's approval entry, its bank update guarded by the plan's bank snapshot, and
 * a check that its cash on hand is still the plan's: a plan is executed on the figures the
 * supervisor approved or not at all.
 */
export function snapshotGuardedEntryWrites(
  tableName: string,
  aid: string,
  entry: StoredEntry,
  snapshot: Pick<PlanPosition, 'cashOnHand' | 'bank'>,
): GuardedWrite[] {
  const bankSk = `ACCOUNT#${accounts.bank.code}`;
  const writes = entryWrites(tableName, aid, entry).map((write): GuardedWrite => {
    const update = write.item.Update;
    if (!update || update.Key?.SK !== bankSk) return write;
    const floor = update.ConditionExpression;
    return {
      item: {
        Update: {
          ...update,
          ConditionExpression: [snapshotCondition(snapshot.bank), floor]
            .filter(Boolean)
            .join(' AND '),
          ExpressionAttributeValues: {
            ...update.ExpressionAttributeValues,
            ':snapshot': money(snapshot.bank),
          },
        },
      },
      onConditionFailed: planStale(aid),
    };
  });
  writes.push({
    item: {
      ConditionCheck: {
        TableName: tableName,
        Key: keys.account(aid, accounts.cash.code),
        ConditionExpression: snapshotCondition(snapshot.cashOnHand),
        ExpressionAttributeValues: { ':snapshot': money(snapshot.cashOnHand) },
      },
    },
    onConditionFailed: planStale(aid),
  });
  return writes;
}

// The federation's books ---------------------------------------------------------------------

export type FederationEntry = StoredEntry & { associationId?: string };

const federationFloors: Partial<Record<string, Refusal>> = {
  [accounts.riskFund.code]: new Refusal('RISK_FUND_INSUFFICIENT', '风险基金余额不足', 'refused', {
    field: 'amount',
  }),
  [accounts.bank.code]: new Refusal(
    'FEDERATION_BANK_INSUFFICIENT',
    '联合会银行存款余额不足',
    'refused',
    { field: 'amount' },
  ),
};

/**
 * The same entry and balance items as an association's books (functions/store/journal.ts),
 * in the federation's partition; the entry also names the association it concerns.
 */
export function federationEntryWrites(
  tableName: string,
  fid: string,
  entry: FederationEntry,
): GuardedWrite[] {
  const pk = partition(fid);
  return entryWrites(tableName, fid, entry).map((write): GuardedWrite => {
    const { Put, Update } = write.item;
    if (Put) {
      const Item = { ...Put.Item, PK: pk, associationId: entry.associationId };
      return { ...write, item: { Put: { ...Put, Item } } };
    }
    if (Update) {
      const code = String(Update.Key?.SK).replace('ACCOUNT#', '');
      const floor = federationFloors[code];
      return {
        item: { Update: { ...Update, Key: { ...Update.Key, PK: pk } } },
        onConditionFailed:
          floor && write.onConditionFailed instanceof Refusal ? floor : write.onConditionFailed,
      };
    }
    return write;
  });
}

export async function loadFederationBalances(
  store: Store,
  fid: string,
): Promise<Map<AccountCode, Money>> {
  const { Items = [] } = await store.db.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :account)',
      ExpressionAttributeValues: { ':pk': partition(fid), ':account': 'ACCOUNT#' },
      ConsistentRead: true,
    }),
  );
  return new Map(Items.map((item) => [String(item.code) as AccountCode, moneyFrom(item.balance)]));
}

/** Every federation journal entry, oldest first. */
export async function listFederationEntries(store: Store, fid: string): Promise<FederationEntry[]> {
  const entries: FederationEntry[] = [];
  const items = await queryAll(store, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :je)',
    ExpressionAttributeValues: { ':pk': partition(fid), ':je': 'JE#' },
  });
  for (const item of items) {
    entries.push({
      ...entryFromItem(item),
      associationId: item.associationId === undefined ? undefined : String(item.associationId),
    });
  }
  return entries;
}

/**
 * Items an approval writes: the plan, a transfer item per transfer, and per association
 * involved its entry, two balance updates, a check on its cash and one on its period close;
 * plus the idempotency record.
 */
export function approvalItemCount(transfers: readonly Pick<PlannedTransfer, 'from' | 'to'>[]) {
  const involved = new Set(transfers.flatMap((t) => [t.from, t.to]));
  return 2 + transfers.length + 5 * involved.size;
}

/** Refused at proposal when its approval could not be one transaction. */
export function requireApprovable(transfers: readonly Pick<PlannedTransfer, 'from' | 'to'>[]) {
  const items = approvalItemCount(transfers);
  if (items > transactionItemLimit) {
    throw planTooLarge(transfers.length, items, transactionItemLimit);
  }
}
