/**
 * Ledger sequences through default (issue #17): a loan with guarantors, random repayments, a
 * write-off that sets the borrower's shares off and calls the guarantors (joint or pro rata),
 * then random recoveries from any of them. After every step: the entries balance, loans out
 * equals the principal outstanding, member-share equity equals the households' shares, and the
 * debt on record equals what was written off less every recovery, with no call above it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCharter } from '#domain/charter.ts';
import { addDays } from '#domain/dates.ts';
import { balanceChanges, type JournalEntry } from '#domain/ledger/journal.ts';
import { defaultOnWriteOff, recoverDebt, totalOf } from '#domain/loans/default.ts';
import { openLoan } from '#domain/loans/eligibility.ts';
import type { Loan } from '#domain/loans/loan.ts';
import { loanPosition } from '#domain/loans/position.ts';
import { recordRepayment, writeOff } from '#domain/loans/repayment.ts';
import type { Member } from '#domain/members/member.ts';
import { Money } from '#domain/money.ts';
import { Refusal } from '#domain/refusal.ts';
import { guarantorA, guarantorB, member, opening } from './loan-fixtures.ts';

type Step =
  | { op: 'repay'; days: number; cents: number }
  | { op: 'write-off'; days: number }
  | { op: 'recover'; days: number; payer: 0 | 1 | 2; cents: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('repay' as const),
    days: fc.integer({ min: 0, max: 60 }),
    cents: fc.integer({ min: 1, max: 600_000 }),
  }),
  fc.record({ op: fc.constant('write-off' as const), days: fc.integer({ min: 0, max: 200 }) }),
  fc.record({
    op: fc.constant('recover' as const),
    days: fc.integer({ min: 0, max: 30 }),
    payer: fc.constantFrom(0 as const, 1 as const, 2 as const),
    cents: fc.integer({ min: 1, max: 1_500_000 }),
  }),
);

interface World {
  loan: Loan;
  households: Member[];
  balances: Map<string, Money>;
  on: string;
}

function post(world: World, entry: JournalEntry): void {
  for (const [account, change] of balanceChanges(entry)) {
    world.balances.set(account, (world.balances.get(account) ?? Money.zero).plus(change));
  }
}

const balance = (world: World, account: string) => world.balances.get(account) ?? Money.zero;

function expectInvariants(world: World): void {
  const sum = Money.sum([...world.balances.values()]);
  expect(sum.toString(), 'trial balance').toBe('0.00');
  const position = loanPosition(world.loan, world.on);
  expect(balance(world, '1101').toString(), 'loans out').toBe(
    position.principalOutstanding.toString(),
  );
  const shares = Money.sum(world.households.map((m) => m.ownShareAmount));
  expect(balance(world, '3101').negated().toString(), 'member shares').toBe(shares.toString());
  const debt = world.loan.debt;
  if (!debt) return;
  const recovered = Money.sum(debt.recoveries.map((r) => totalOf(r.allocation)));
  const remaining = totalOf(debt.remaining);
  expect(totalOf(debt.writtenOff).toString()).toBe(remaining.plus(recovered).toString());
  const [borrower, ...guarantors] = world.households;
  expect((borrower!.debtOnRecord ?? Money.zero).toString()).toBe(remaining.toString());
  for (const g of guarantors) {
    const call = debt.calls.find((c) => c.guarantorId === g.id)?.amount ?? Money.zero;
    expect(call.gt(remaining)).toBe(false);
    expect((g.guaranteeCalled ?? Money.zero).toString()).toBe(call.toString());
  }
  for (const part of [debt.remaining.principal, debt.remaining.fee, debt.remaining.penalty]) {
    expect(part.isNegative()).toBe(false);
  }
}

function start(shares: number): World {
  const borrower = member({ ownShares: shares, ownShareAmount: Money.of(`${shares * 1000}.00`) });
  const households = [borrower, guarantorA, guarantorB];
  // Opened for a household eligible for 12,000; the shares it holds at default vary.
  const eligible = member({ ownShares: 2, ownShareAmount: Money.of('2000.00') });
  const opened = openLoan(defaultCharter(), opening({ member: eligible }));
  const world: World = { loan: opened.loan, households, balances: new Map(), on: '2024-01-31' };
  const shareTotal = Money.sum(households.map((m) => m.ownShareAmount));
  world.balances.set('1001', shareTotal.plus(Money.of('50000.00')));
  world.balances.set('3101', shareTotal.negated());
  world.balances.set('3201', Money.of('-50000.00'));
  post(world, opened.entry);
  return world;
}

function apply(world: World, s: Step, liability: 'joint' | 'pro-rata', n: number): void {
  const on = addDays(world.on, s.days);
  const amount = Money.of(('cents' in s ? s.cents / 100 : 0).toFixed(2));
  const [borrower, ...guarantors] = world.households as [Member, Member, Member];
  if (s.op === 'repay') {
    const done = recordRepayment(world.loan, {
      id: `r${n}`,
      entryId: `je-r${n}`,
      on,
      amount,
      channel: 'cash',
    });
    world.loan = done.loan;
    post(world, done.entry);
  } else if (s.op === 'write-off') {
    const written = writeOff(world.loan, on, `je-w${n}`);
    const defaulted = defaultOnWriteOff(written, { borrower, guarantors }, liability);
    world.loan = defaulted.loan;
    world.households = [defaulted.borrower, ...defaulted.guarantors];
    post(world, defaulted.entry);
  } else {
    const payer = world.households[s.payer]!;
    const owed = world.loan.debt ? totalOf(world.loan.debt.remaining) : Money.zero;
    const recovered = recoverDebt(world.loan, borrower, guarantors, {
      payer,
      amount: amount.min(owed.isPositive() ? owed : amount),
      on,
      channel: 'bank',
      entryId: `je-k${n}`,
    });
    world.loan = recovered.loan;
    world.households = recovered.households;
    post(world, recovered.entry);
  }
  world.on = on;
}

describe('ledger sequences through default, set-off, guarantor calls and recovery', () => {
  it('keep every invariant after every step, refusals included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 15 }),
        fc.constantFrom('joint' as const, 'pro-rata' as const),
        fc.array(step, { minLength: 1, maxLength: 12 }),
        (shares, liability, steps) => {
          const world = start(shares);
          expectInvariants(world);
          steps.forEach((s, n) => {
            try {
              apply(world, s, liability, n);
            } catch (error) {
              if (!(error instanceof Refusal)) throw error;
            }
            expectInvariants(world);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
