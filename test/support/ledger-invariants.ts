/**
 * The ledger's invariants (shared/DESIGN.md, The ledger), checked through the API as a
 * supervisor or treasurer would see them:
 *   - the trial balance balances: debit total = credit total, and `balanced: true`;
 *   - the balance items agree with the journal: today's trial balance (balance items) equals
 *     the one summed from every journal entry (`asOf=9999-12-31`);
 *   - member-share equity equals the members' shares: 3101 = Σ ownAmount, 3102 = Σ fiscalAmount.
 * Every sum is a Money (decimal.js); no amount passes through a JS number.
 */
import { expect } from 'vitest';
import { Money } from '#domain/money.ts';
import type { ApiClient } from './local-system.ts';

export interface TrialBalanceRow {
  code: string;
  name: string;
  type: string;
  debit: string;
  credit: string;
}

export interface TrialBalanceBody {
  associationId: string;
  asOf?: string;
  accounts: TrialBalanceRow[];
  totals: { debit: string; credit: string };
  balanced: boolean;
}

export interface MemberBody {
  id: string;
  name: string;
  idNumber: string;
  lowIncome: string;
  status: 'active' | 'exited';
  joinedOn: string;
  shares: { own: number; ownAmount: string; fiscal: number; fiscalAmount: string; total: number };
  openLoans: number;
  guaranteesStanding: number;
}

export interface EntryBody {
  id: string;
  date: string;
  kind: string;
  memo: string;
  memberId?: string;
  reverses?: string;
  reversedBy?: string;
  lines: { account: string; accountName: string; debit: string; credit: string }[];
}

export interface BooksFigures {
  trialBalance: TrialBalanceBody;
  /** Signed balance of every account of the chart: debit − credit. */
  balances: Map<string, Money>;
  /** 1001 现金, debit side. */
  cash: Money;
  /** 1002 银行存款, debit side. */
  bank: Money;
  /** 3101 会员入会互助金, credit side. */
  memberShares: Money;
  /** 3102 配股互助金, credit side. */
  fiscalShares: Money;
  /** 3201 政府拨入互助资金, credit side. */
  fiscalMoney: Money;
  members: MemberBody[];
  ownShareTotal: Money;
  fiscalShareTotal: Money;
}

/** debit − credit of one account row. */
export function signedBalance(row: TrialBalanceRow): Money {
  return Money.of(row.debit).minus(Money.of(row.credit));
}

/** Signed balances (debit − credit) by account code. */
export function balancesOf(trialBalance: TrialBalanceBody): Map<string, Money> {
  return new Map(trialBalance.accounts.map((row) => [row.code, signedBalance(row)]));
}

async function getOk<T>(api: ApiClient, path: string, token: string): Promise<T> {
  const response = await api.request<T>('GET', path, { token });
  expect(response.status, `GET ${path}: ${JSON.stringify(response.body)}`).toBe(200);
  return response.body;
}

export function trialBalanceOf(
  api: ApiClient,
  aid: string,
  token: string,
  asOf?: string,
): Promise<TrialBalanceBody> {
  const query = asOf ? `?asOf=${asOf}` : '';
  return getOk<TrialBalanceBody>(api, `/associations/${aid}/trial-balance${query}`, token);
}

/** Every member of the association, page by page. */
export async function allMembers(api: ApiClient, aid: string, token: string) {
  const members: MemberBody[] = [];
  let cursor: string | undefined;
  do {
    const query = `?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await getOk<{ members: MemberBody[]; cursor?: string }>(
      api,
      `/associations/${aid}/members${query}`,
      token,
    );
    members.push(...page.members);
    cursor = page.cursor;
  } while (cursor);
  return members;
}

/** Every journal entry dated from..to (all of them by default), page by page. */
export async function allEntries(
  api: ApiClient,
  aid: string,
  token: string,
  range: { from?: string; to?: string } = {},
): Promise<EntryBody[]> {
  const entries: EntryBody[] = [];
  let cursor: string | undefined;
  do {
    const params = new URLSearchParams({ limit: '500' });
    if (range.from) params.set('from', range.from);
    if (range.to) params.set('to', range.to);
    if (cursor) params.set('cursor', cursor);
    const page = await getOk<{ entries: EntryBody[]; cursor?: string }>(
      api,
      `/associations/${aid}/journal?${params}`,
      token,
    );
    entries.push(...page.entries);
    cursor = page.cursor;
  } while (cursor);
  return entries;
}

function sideOf(trialBalance: TrialBalanceBody, code: string, side: 'debit' | 'credit'): Money {
  const row = trialBalance.accounts.find((account) => account.code === code);
  expect(row, `account ${code} in the trial balance`).toBeDefined();
  return Money.of(row![side]);
}

/**
 * Asserts every ledger invariant of one association through the API and returns the
 * figures it read, so that a test can compare a before and an after.
 */
export async function expectBooksBalanced(
  api: ApiClient,
  aid: string,
  token: string,
): Promise<BooksFigures> {
  const [trialBalance, fromJournal, members] = await Promise.all([
    trialBalanceOf(api, aid, token),
    trialBalanceOf(api, aid, token, '9999-12-31'),
    allMembers(api, aid, token),
  ]);

  // Debits = credits, and the totals are the sums of the rows.
  const debit = Money.sum(trialBalance.accounts.map((row) => Money.of(row.debit)));
  const credit = Money.sum(trialBalance.accounts.map((row) => Money.of(row.credit)));
  expect(trialBalance.balanced).toBe(true);
  expect(trialBalance.totals.debit).toBe(debit.toString());
  expect(trialBalance.totals.credit).toBe(credit.toString());
  expect(debit.toString()).toBe(credit.toString());
  for (const row of trialBalance.accounts) {
    // A balance sits on one side only.
    expect(Money.of(row.debit).isZero() || Money.of(row.credit).isZero(), row.code).toBe(true);
  }

  // The balance items agree with the journal, account by account.
  expect(fromJournal.asOf).toBe('9999-12-31');
  expect(fromJournal.balanced).toBe(true);
  expect(fromJournal.accounts).toEqual(trialBalance.accounts);
  expect(fromJournal.totals).toEqual(trialBalance.totals);

  // Member-share equity equals the members' shares.
  const ownShareTotal = Money.sum(members.map((m) => Money.of(m.shares.ownAmount)));
  const fiscalShareTotal = Money.sum(members.map((m) => Money.of(m.shares.fiscalAmount)));
  const memberShares = sideOf(trialBalance, '3101', 'credit');
  const fiscalShares = sideOf(trialBalance, '3102', 'credit');
  expect(sideOf(trialBalance, '3101', 'debit').toString()).toBe('0.00');
  expect(sideOf(trialBalance, '3102', 'debit').toString()).toBe('0.00');
  expect(memberShares.toString(), '3101 = Σ shares.ownAmount').toBe(ownShareTotal.toString());
  expect(fiscalShares.toString(), '3102 = Σ shares.fiscalAmount').toBe(fiscalShareTotal.toString());

  // Cash and bank never go below zero.
  const cash = sideOf(trialBalance, '1001', 'debit');
  const bank = sideOf(trialBalance, '1002', 'debit');
  expect(sideOf(trialBalance, '1001', 'credit').toString()).toBe('0.00');
  expect(sideOf(trialBalance, '1002', 'credit').toString()).toBe('0.00');

  // 贴息 held for the households (2203) is what the receipts have not paid out yet.
  const receipts = await api.request('GET', `/associations/${aid}/subsidy-receipts`, { token });
  expect(receipts.status, JSON.stringify(receipts.body)).toBe(200);
  const held = Money.sum(
    (receipts.body.receipts as { held: string }[]).map((receipt) => Money.of(receipt.held)),
  );
  expect(sideOf(trialBalance, '2203', 'debit').toString()).toBe('0.00');
  expect(sideOf(trialBalance, '2203', 'credit').toString(), '2203 = Σ receipts held').toBe(
    held.toString(),
  );

  return {
    trialBalance,
    balances: balancesOf(trialBalance),
    cash,
    bank,
    memberShares,
    fiscalShares,
    fiscalMoney: sideOf(trialBalance, '3201', 'credit'),
    members,
    ownShareTotal,
    fiscalShareTotal,
  };
}

export interface BooksSnapshot {
  trialBalance: TrialBalanceBody;
  journal: EntryBody[];
  members: MemberBody[];
}

/** Everything a refused request must leave untouched: balances, journal, members. */
export async function booksSnapshot(
  api: ApiClient,
  aid: string,
  token: string,
): Promise<BooksSnapshot> {
  const [trialBalance, journal, members] = await Promise.all([
    trialBalanceOf(api, aid, token),
    allEntries(api, aid, token),
    allMembers(api, aid, token),
  ]);
  return { trialBalance, journal, members };
}
