/**
 * The model behind the books' property runs (books-properties.test.ts on DynamoDB Local,
 * books-properties-in-memory.test.ts in-process): random operations on one association
 * (enrolments, purchases, grants, withdrawals, capital bookings, reversals), what the rules
 * say each one does (refusals included), and one runner that sends a sequence as the
 * treasurer, checks every answer against the model and, after the sequence, that replaying
 * each accepted request with its key gives its first answer and moves nothing.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { accountByCode, isDebitNormal } from '#domain/ledger/chart.ts';
import { Money } from '#domain/money.ts';
import type { ApiClient, ApiResponse } from '../support/local-system.ts';
import {
  allEntries,
  balancesOf,
  expectBooksBalanced,
  trialBalanceOf,
  type BooksFigures,
} from '../support/ledger-invariants.ts';
import { Books, expectStatus } from './books-fixtures.ts';

const joinedOn = '2020-01-01';
const on = '2022-06-01'; // after the 12-month lock-in of every household of the model
/** Raised on the association for this test, so that withdrawals and grants meet the floors. */
const sharePrice = Money.of('60000.00');
const maxShares = 10;
const fiscalSharesLimit = 2;

type Channel = 'cash' | 'bank';
type Op =
  | { op: 'enrol'; lowIncome: boolean }
  | { op: 'buy'; member: number; shares: number; channel: Channel }
  | { op: 'grant'; member: number; shares: number }
  | { op: 'withdraw'; member: number; shares: number; all: boolean; channel: Channel }
  | {
      op: 'capital';
      kind: 'fiscal' | 'special-support' | 'donation';
      cents: number;
      channel: Channel;
    }
  | { op: 'reverse'; entry: number };

const channel = fc.constantFrom<Channel>('cash', 'bank');
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('enrol' as const), lowIncome: fc.boolean() }),
  fc.record({
    op: fc.constant('buy' as const),
    member: fc.nat(20),
    shares: fc.integer({ min: 1, max: 5 }),
    channel,
  }),
  fc.record({
    op: fc.constant('grant' as const),
    member: fc.nat(20),
    shares: fc.integer({ min: 1, max: 2 }),
  }),
  fc.record({
    op: fc.constant('withdraw' as const),
    member: fc.nat(20),
    shares: fc.integer({ min: 1, max: 4 }),
    all: fc.boolean(),
    channel,
  }),
  fc.record({
    op: fc.constant('capital' as const),
    kind: fc.constantFrom('fiscal' as const, 'special-support' as const, 'donation' as const),
    cents: fc.integer({ min: 1, max: 5_000_000 }),
    channel,
  }),
  fc.record({ op: fc.constant('reverse' as const), entry: fc.nat(30) }),
);

/** A sequence of one to twelve operations, as both property runs draw them. */
export const sequenceArbitrary = fc.array(opArbitrary, { minLength: 1, maxLength: 12 });

interface ModelMember {
  mid: string;
  lowIncome: boolean;
  own: number;
  ownAmount: Money;
  fiscal: number;
  fiscalAmount: Money;
  status: 'active' | 'exited';
}

interface ModelEntry {
  id: string;
  kind: string;
  /** Signed change (debit − credit) of each account. */
  changes: Map<string, Money>;
  member?: ModelMember;
  shareChange?: { own: number; ownAmount: Money; fiscal: number; fiscalAmount: Money };
  reversed: boolean;
}

/** What the rules say about one request: the answer's status and code, and its effect. */
type Expected =
  { status: 201; apply(response: ApiResponse): void } | { status: number; code: string };

class Model {
  members: ModelMember[] = [];
  entries: ModelEntry[] = [];
  balances: Map<string, Money>;

  constructor(balances: Map<string, Money>) {
    this.balances = new Map(balances);
  }

  balance(code: string): Money {
    return this.balances.get(code) ?? Money.zero;
  }

  /** The refusal a balance floor would give, if any of the changes breaks one. */
  floorRefusal(changes: Map<string, Money>): string | undefined {
    for (const [code, change] of changes) {
      const after = this.balance(code).plus(change);
      const broken = isDebitNormal(accountByCode(code))
        ? change.isNegative() && after.isNegative()
        : change.isPositive() && after.isPositive();
      if (!broken) continue;
      if (code === '1001') return 'INSUFFICIENT_CASH';
      if (code === '1002') return 'INSUFFICIENT_BANK';
      return 'ACCOUNT_BALANCE_INSUFFICIENT';
    }
    return undefined;
  }

  post(entry: ModelEntry): void {
    for (const [code, change] of entry.changes)
      this.balances.set(code, this.balance(code).plus(change));
    this.entries.push(entry);
  }

  booking(
    kind: string,
    changes: [string, Money][],
    member?: ModelMember,
    shareChange?: ModelEntry['shareChange'],
    after?: (member: ModelMember) => void,
  ): Expected {
    const map = new Map<string, Money>();
    for (const [code, change] of changes) map.set(code, (map.get(code) ?? Money.zero).plus(change));
    const refusal = this.floorRefusal(map);
    if (refusal) return { status: 422, code: refusal };
    return {
      status: 201,
      apply: (response) => {
        const id = response.body.entry?.id ?? response.body.id;
        this.post({ id, kind, changes: map, member, shareChange, reversed: false });
        if (member && shareChange) {
          member.own += shareChange.own;
          member.ownAmount = member.ownAmount.plus(shareChange.ownAmount);
          member.fiscal += shareChange.fiscal;
          member.fiscalAmount = member.fiscalAmount.plus(shareChange.fiscalAmount);
          after?.(member);
        }
      },
    };
  }
}

/** 12345 分 → "123.45", without a float. */
const amountOfCents = (cents: number) =>
  Money.of(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);

const channelAccount = (c: Channel) => (c === 'cash' ? '1001' : '1002');
const capitalAccount = { fiscal: '3201', 'special-support': '3202', donation: '3203' } as const;

/** A withdrawal: all shares (and the fiscal ones with them) make the household exit. */
function withdrawal(
  model: Model,
  op: Extract<Op, { op: 'withdraw' }>,
  member: ModelMember | undefined,
): Expected | undefined {
  if (!member) return undefined;
  if (member.status === 'exited') return { status: 422, code: 'MEMBER_EXITED' };
  const shares = op.all ? Math.max(member.own, 1) : op.shares;
  if (shares > member.own) return { status: 422, code: 'SHARES_ABOVE_HELD' };
  const exits = shares === member.own;
  // Every share of the model costs the same: the average price is the price.
  const amount = exits ? member.ownAmount : sharePrice.times(shares);
  const fiscalAmount = exits ? member.fiscalAmount : Money.zero;
  const changes: [string, Money][] = [
    ['3101', amount],
    [channelAccount(op.channel), amount.negated()],
  ];
  if (fiscalAmount.isPositive())
    changes.push(['3102', fiscalAmount], ['3201', fiscalAmount.negated()]);
  return model.booking(
    'share-redemption',
    changes,
    member,
    {
      own: -shares,
      ownAmount: amount.negated(),
      fiscal: exits ? -member.fiscal : 0,
      fiscalAmount: fiscalAmount.negated(),
    },
    (m) => {
      if (exits) m.status = 'exited';
    },
  );
}

/** A reversal: the original's changes undone, its shares given back, once. */
function reversal(model: Model, op: Extract<Op, { op: 'reverse' }>): Expected | undefined {
  if (model.entries.length === 0) return undefined;
  const original = model.entries[op.entry % model.entries.length]!;
  if (original.reversed) return { status: 409, code: 'ENTRY_ALREADY_REVERSED' };
  if (original.kind === 'reversal') return { status: 422, code: 'REVERSAL_OF_REVERSAL' };
  const member = original.member;
  const undo = original.shareChange && {
    own: -original.shareChange.own,
    ownAmount: original.shareChange.ownAmount.negated(),
    fiscal: -original.shareChange.fiscal,
    fiscalAmount: original.shareChange.fiscalAmount.negated(),
  };
  if (member && undo) {
    if (
      member.own + undo.own < 0 ||
      member.fiscal + undo.fiscal < 0 ||
      member.ownAmount.plus(undo.ownAmount).isNegative()
    ) {
      return { status: 422, code: 'REVERSAL_SHARES_CHANGED' };
    }
  }
  const changes = [...original.changes].map(([code, c]): [string, Money] => [code, c.negated()]);
  const expected = model.booking('reversal', changes, member, undo, (m) => {
    // Undoing a withdrawal brings the household back.
    if (original.kind === 'share-redemption') m.status = 'active';
  });
  if (!('apply' in expected)) return expected;
  return {
    status: 201,
    apply: (response) => {
      expected.apply(response);
      original.reversed = true;
    },
  };
}

/** What the rules say one operation does; undefined when the model has nothing to send. */
function expectationOf(model: Model, op: Op): Expected | undefined {
  const pick = (n: number) =>
    model.members.length ? model.members[n % model.members.length] : undefined;
  switch (op.op) {
    case 'enrol':
      return undefined; // enrolled separately: no money, always accepted
    case 'buy': {
      const member = pick(op.member);
      if (!member) return undefined;
      if (member.status === 'exited') return { status: 422, code: 'MEMBER_EXITED' };
      if (member.own + op.shares > maxShares) return { status: 422, code: 'SHARES_ABOVE_MAXIMUM' };
      const amount = sharePrice.times(op.shares);
      return model.booking(
        'share-purchase',
        [
          [channelAccount(op.channel), amount],
          ['3101', amount.negated()],
        ],
        member,
        { own: op.shares, ownAmount: amount, fiscal: 0, fiscalAmount: Money.zero },
      );
    }
    case 'grant': {
      const member = pick(op.member);
      if (!member) return undefined;
      if (member.status === 'exited') return { status: 422, code: 'MEMBER_EXITED' };
      if (!member.lowIncome) return { status: 422, code: 'FISCAL_SHARES_NOT_ELIGIBLE' };
      if (member.fiscal + op.shares > fiscalSharesLimit) {
        return { status: 422, code: 'FISCAL_SHARES_ABOVE_LIMIT' };
      }
      const amount = sharePrice.times(op.shares);
      return model.booking(
        'fiscal-share-grant',
        [
          ['3201', amount],
          ['3102', amount.negated()],
        ],
        member,
        { own: 0, ownAmount: Money.zero, fiscal: op.shares, fiscalAmount: amount },
      );
    }
    case 'withdraw':
      return withdrawal(model, op, pick(op.member));
    case 'capital': {
      const amount = amountOfCents(op.cents);
      return model.booking('capital', [
        [channelAccount(op.channel), amount],
        [capitalAccount[op.kind], amount.negated()],
      ]);
    }
    case 'reverse':
      return reversal(model, op);
  }
}

interface Sent {
  path: string;
  body: unknown;
  key: string;
  response: ApiResponse;
}

/**
 * Gets the association ready for a run: the charter the model assumes, the share price it
 * uses, and an empty cash box, so that the cash floor matters. The box is emptied by a
 * household outside the model buying one share by bank at a price equal to the cash, then
 * withdrawing it in cash.
 */
export async function prepareBooks(api: ApiClient, books: Books): Promise<void> {
  const supervisor = await api.login('supervisor');
  const association = await api.request('GET', `/associations/${books.aid}`, {
    token: supervisor,
  });
  expect(association.body.charter).toMatchObject({
    maxShares,
    fiscalSharesForLowIncome: fiscalSharesLimit,
  });
  const setSharePrice = async (price: Money) =>
    expectStatus(
      await api.request('PUT', `/associations/${books.aid}/charter`, {
        token: supervisor,
        body: { ...association.body.charter, sharePrice: price.toString() },
      }),
      200,
    );
  const cash = balancesOf(await trialBalanceOf(api, books.aid, books.token)).get('1001')!;
  if (cash.isPositive()) {
    await setSharePrice(cash);
    const mid = await books.enrol({ joinedOn });
    expectStatus(await books.buy(mid, { shares: 1, channel: 'bank', on }), 201);
    expectStatus(await books.redeem(mid, { shares: 1, channel: 'cash', on }), 201);
  }
  await setSharePrice(sharePrice);
}

/** The request an operation sends: its path under the association and its body. */
function requestOf(
  model: Model,
  op: Exclude<Op, { op: 'enrol' }>,
): { path: string; body: unknown } {
  const member = 'member' in op ? model.members[op.member % model.members.length]! : undefined;
  switch (op.op) {
    case 'buy':
      return {
        path: `/members/${member!.mid}/shares`,
        body: { shares: op.shares, channel: op.channel, on },
      };
    case 'grant':
      return {
        path: `/members/${member!.mid}/shares`,
        body: { kind: 'fiscal-grant', shares: op.shares, on },
      };
    case 'withdraw':
      return {
        path: `/members/${member!.mid}/share-redemptions`,
        body: { shares: op.all ? Math.max(member!.own, 1) : op.shares, channel: op.channel, on },
      };
    case 'capital':
      return {
        path: '/capital',
        body: {
          kind: op.kind,
          amount: amountOfCents(op.cents).toString(),
          channel: op.channel,
          on,
        },
      };
    case 'reverse': {
      const original = model.entries[op.entry % model.entries.length]!;
      return { path: `/journal/${original.id}/reversal`, body: { reason: '随机冲正', on } };
    }
  }
}

/** Every account and every household of the model, as the books show them. */
export function expectBooksAsModelled(figures: BooksFigures, model: Model): void {
  // The cash box was empty: it holds what came in minus what went out.
  expect(figures.cash.toString()).toBe(model.balance('1001').toString());
  for (const [code, balance] of model.balances) {
    expect(figures.balances.get(code)?.toString(), code).toBe(balance.toString());
  }
  for (const member of model.members) {
    const listed = figures.members.find((m) => m.id === member.mid);
    expect(listed, member.mid).toMatchObject({
      status: member.status,
      shares: {
        own: member.own,
        ownAmount: member.ownAmount.toString(),
        fiscal: member.fiscal,
        fiscalAmount: member.fiscalAmount.toString(),
      },
    });
  }
}

export interface SequenceOptions {
  /** Names the run's Idempotency-Keys. */
  run: string;
  /** Every ledger invariant after each operation, not only after the sequence. */
  checkEachStep: boolean;
}

/** Counts of what the rules accepted and refused over every sequence run. */
export const tally = { accepted: 0, refused: 0 };

async function enrolInModel(books: Books, model: Model, lowIncome: boolean): Promise<void> {
  const mid = await books.enrol({ lowIncome: lowIncome ? 'dibao' : 'none', joinedOn });
  model.members.push({
    mid,
    lowIncome,
    own: 0,
    ownAmount: Money.zero,
    fiscal: 0,
    fiscalAmount: Money.zero,
    status: 'active',
  });
}

/**
 * Sends one sequence as the treasurer, each answer checked against the model; then every
 * invariant and every figure of the model, and replays of every accepted request.
 */
export async function runBooksSequence(
  books: Books,
  ops: Op[],
  options: SequenceOptions,
): Promise<void> {
  const { api, aid, token } = books;
  const start = balancesOf(await trialBalanceOf(api, aid, token));
  expect(start.get('1001')?.toString()).toBe('0.00');
  const model = new Model(start);
  const sent: Sent[] = [];

  for (const [index, op] of ops.entries()) {
    if (op.op === 'enrol') await enrolInModel(books, model, op.lowIncome);
    const expected = op.op === 'enrol' ? undefined : expectationOf(model, op);
    if (expected && op.op !== 'enrol') {
      const { path, body } = requestOf(model, op);
      const key = `prop-${options.run}-${index}`;
      const response = await api.request('POST', `/associations/${aid}${path}`, {
        token,
        body,
        headers: { 'idempotency-key': key },
      });
      sent.push({ path, body, key, response });
      const context = `${JSON.stringify(op)} → ${JSON.stringify(response.body)}`;
      expect(response.status, context).toBe(expected.status);
      if ('apply' in expected) {
        expected.apply(response);
        tally.accepted += 1;
      } else {
        expect(response.body.code, context).toBe(expected.code);
        tally.refused += 1;
      }
    }
    if (options.checkEachStep)
      expectBooksAsModelled(await expectBooksBalanced(api, aid, token), model);
  }

  const end = await expectBooksBalanced(api, aid, token);
  expectBooksAsModelled(end, model);
  await expectReplaysChangeNothing(books, sent, end);
}

/** Replaying every accepted request with its key gives its first answer and moves nothing. */
async function expectReplaysChangeNothing(
  books: Books,
  sent: Sent[],
  end: BooksFigures,
): Promise<void> {
  const { api, aid, token } = books;
  const journal = await allEntries(api, aid, token);
  for (const request of sent.filter((s) => s.response.status === 201)) {
    const replay = await api.request('POST', `/associations/${aid}${request.path}`, {
      token,
      body: request.body,
      headers: { 'idempotency-key': request.key },
    });
    expectStatus(replay, 201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(request.response.body);
  }
  expect(await trialBalanceOf(api, aid, token)).toEqual(end.trialBalance);
  expect(await allEntries(api, aid, token)).toEqual(journal);
}
