/**
 * What an operation reads before it decides, named by the thing it is, never by its key.
 * A handler lists `at.loan(aid, lid)` among its reads and gets back `read.loan(aid, lid)`, a
 * domain Loan; which PK and SK hold it, and how its item maps to the domain, stay here.
 */
import type { Association } from '#domain/association.ts';
import type { FederationSettings } from '#domain/federation/settings.ts';
import type { Loan } from '#domain/loans/loan.ts';
import type { Member } from '#domain/members/member.ts';
import type { Money } from '#domain/money.ts';
import type { TeaGardenCertificate } from '#domain/tea-gardens/certificate.ts';
import { associationFromItem } from './associations.ts';
import { federationKeys, planFromItem, settingsFromItem, transferFromItem } from './federation.ts';
import { entryFromItem } from './journal.ts';
import { loanFromItem, loanKey } from './loans.ts';
import { memberFromItem } from './members.ts';
import { countFrom, moneyFrom } from './numbers.ts';
import { periodCloseFromItem } from './period-close.ts';
import { claimFromItem, distributionClaimKey } from './reports.ts';
import { receiptFromItem } from './subsidy-receipts.ts';
import { keys, keyString, type ItemKey } from './table-definition.ts';
import { teaGardenFromItem, teaGardenKey } from './tea-gardens.ts';

type Item = Record<string, unknown>;

/** Where a thing is kept: what an operation names among its reads (`at.loan(aid, lid)`). */
export type ItemRef = ItemKey;

/** The things an operation can ask to read, by name. */
// Arrows, not the builders themselves: the store's files import one another in a cycle
// (write-once → read-set → loans → write-once), so a builder may not exist yet when this
// module is evaluated; it does by the time an operation names a read.
export const at = {
  federation: (fid: string) => keys.federation(fid),
  association: (aid: string) => keys.association(aid),
  account: (aid: string, code: string) => keys.account(aid, code),
  member: (aid: string, mid: string) => keys.member(aid, mid),
  loan: (aid: string, lid: string) => loanKey(aid, lid),
  teaGarden: (aid: string, cid: string) => teaGardenKey(aid, cid),
  entry: (aid: string, date: string, eid: string) => keys.entry(aid, date, eid),
  periodClose: (aid: string) => keys.periodClose(aid),
  subsidyReceipt: (aid: string, period: string) => keys.subsidyReceipt(aid, period),
  distributionClaim: (aid: string, year: number) => distributionClaimKey(aid, year),
  plan: (fid: string, pid: string) => federationKeys.plan(fid, pid),
  transfer: (fid: string, tid: string) => federationKeys.transfer(fid, tid),
  federationAccount: (fid: string, code: string) => federationKeys.account(fid, code),
  idempotency: (scope: string, caller: string, key: string) => keys.idempotency(scope, caller, key),
};

/** An association as an operation reads it: the charter and the counters that number things. */
export interface AssociationRead {
  association: Association;
  memberSeq: number;
  /** Counters added after associations existed read 0 when absent. */
  loanSeq: number;
  teaGardenSeq: number;
  subsidyReceiptSeq: number;
}

const seq = (value: unknown) => (value === undefined ? 0 : countFrom(value));
const mapped = <T>(item: Item | undefined, from: (item: Item) => T) => item && from(item);

/** The items of one consistent batch read, answered as domain objects. */
export class ReadSet {
  constructor(private readonly items: ReadonlyMap<string, Item> = new Map()) {}

  /** The raw item: for the store's own files only. */
  item(key: ItemKey): Item | undefined {
    return this.items.get(keyString(key));
  }

  /** Every item read, in no particular order: for the store's own files only. */
  all(): Item[] {
    return [...this.items.values()];
  }

  federation(fid: string): FederationSettings | undefined {
    return mapped(this.item(at.federation(fid)), settingsFromItem);
  }

  association(aid: string): AssociationRead | undefined {
    const item = this.item(at.association(aid));
    if (!item) return undefined;
    return {
      association: associationFromItem(item),
      memberSeq: seq(item.memberSeq),
      loanSeq: seq(item.loanSeq),
      teaGardenSeq: seq(item.teaGardenSeq),
      subsidyReceiptSeq: seq(item.subsidyReceiptSeq),
    };
  }

  member(aid: string, mid: string): Member | undefined {
    return mapped(this.item(at.member(aid, mid)), memberFromItem);
  }

  loan(aid: string, lid: string): Loan | undefined {
    return mapped(this.item(at.loan(aid, lid)), loanFromItem);
  }

  teaGarden(aid: string, cid: string): TeaGardenCertificate | undefined {
    return mapped(this.item(at.teaGarden(aid, cid)), teaGardenFromItem);
  }

  /** An account's balance (debit − credit); an account never written is zero. */
  balance(aid: string, code: string): Money {
    return moneyFrom(this.item(at.account(aid, code))?.balance);
  }

  /** A federation account's balance; undefined when never written. */
  federationBalance(fid: string, code: string): Money | undefined {
    const item = this.item(at.federationAccount(fid, code));
    return item ? moneyFrom(item.balance) : undefined;
  }

  entry(aid: string, date: string, eid: string) {
    return mapped(this.item(at.entry(aid, date, eid)), entryFromItem);
  }

  periodClose(aid: string) {
    return periodCloseFromItem(this.item(at.periodClose(aid)));
  }

  subsidyReceipt(aid: string, period: string) {
    return mapped(this.item(at.subsidyReceipt(aid, period)), receiptFromItem);
  }

  distributionClaim(aid: string, year: number) {
    return mapped(this.item(at.distributionClaim(aid, year)), claimFromItem);
  }

  plan(fid: string, pid: string) {
    return mapped(this.item(at.plan(fid, pid)), planFromItem);
  }

  transfer(fid: string, tid: string) {
    return mapped(this.item(at.transfer(fid, tid)), transferFromItem);
  }
}
