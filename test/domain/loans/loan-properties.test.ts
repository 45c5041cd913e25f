import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '#domain/dates.ts';
import { openLoan } from '#domain/loans/eligibility.ts';
import type { AllocationPart, Loan } from '#domain/loans/loan.ts';
import { loanIndicators, loanPosition, type LoanStatus } from '#domain/loans/position.ts';
import { allocateRepayment, recordRepayment } from '#domain/loans/repayment.ts';
import { Decimal, Money } from '#domain/money.ts';
import { charter, member, opening } from './loan-fixtures.ts';

const cents = (value: bigint) => `${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`;
const orders: AllocationPart[][] = [
  ['penalty', 'fee', 'principal'],
  ['penalty', 'principal', 'fee'],
  ['fee', 'penalty', 'principal'],
  ['fee', 'principal', 'penalty'],
  ['principal', 'penalty', 'fee'],
  ['principal', 'fee', 'penalty'],
];

/** Any loan the default charter allows (≤ 20,000, ≤ 12 months), any method, rules and rounding. */
const loans = fc
  .record({
    principal: fc.bigInt(100n, 2_000_000n).map(cents),
    permille: fc.bigInt(0n, 3000n).map(cents),
    term: fc.oneof(
      fc.record({
        frequency: fc.constant('monthly' as const),
        installments: fc.integer({ min: 1, max: 12 }),
      }),
      fc.record({
        frequency: fc.constant('quarterly' as const),
        installments: fc.integer({ min: 1, max: 4 }),
      }),
    ),
    method: fc.constantFrom(
      'equal-installment' as const,
      'equal-principal' as const,
      'interest-only' as const,
      'bullet' as const,
      'flat' as const,
    ),
    dayCount: fc.constantFrom('30/360' as const, 'ACT/360' as const, 'ACT/365' as const),
    rounding: fc.constantFrom('half-up' as const, 'half-even' as const),
    disbursedOn: fc.integer({ min: 0, max: 3650 }).map((days) => addDays('2020-01-01', days)),
    allocationOrder: fc.constantFrom(...orders),
    earlyPayoffFeeToDateOnly: fc.boolean(),
    feeOnOverduePrincipal: fc.boolean(),
  })
  .map((x): Loan => {
    const { allocationOrder, earlyPayoffFeeToDateOnly, feeOnOverduePrincipal } = x;
    return openLoan(
      charter,
      opening({
        member: member({ ownShareAmount: Money.of('10000.00') }),
        principal: Money.of(x.principal),
        rate: { monthlyPermille: x.permille },
        ...x.term,
        method: x.method,
        dayCount: x.dayCount,
        rounding: x.rounding,
        disbursedOn: x.disbursedOn,
        approvedOn: x.disbursedOn,
      }),
      { allocationOrder, earlyPayoffFeeToDateOnly, feeOnOverduePrincipal },
    ).loan;
  });

/** Repayments: days after the previous one, and the share of what is owed, in ‰. */
const plans = fc.array(
  fc.record({ gap: fc.integer({ min: 0, max: 150 }), share: fc.integer({ min: 1, max: 1000 }) }),
  { maxLength: 8 },
);

function partOf(owed: Money, share: number): Money {
  const amount = Money.round(owed.value.times(share).div(1000));
  return amount.isPositive() ? amount : Money.of('0.01');
}

/** Records the plan, stopping when the loan is paid off; checks every allocation on the way. */
function repay(loan: Loan, plan: { gap: number; share: number }[]) {
  let current = loan;
  let on = loan.disbursedOn;
  for (const { gap, share } of plan) {
    if (current.status !== 'open') break;
    on = addDays(on, gap);
    const owed = loanPosition(current, on).payoff.total;
    const amount = partOf(owed, share);
    const recorded = recordRepayment(current, {
      id: `r${current.repayments.length + 1}`,
      entryId: `je-${current.repayments.length + 1}`,
      on,
      amount,
      channel: 'cash',
    });
    const { allocation } = recorded.repayment;
    // The parts sum to the amount, none is negative, the entry balances on the cash side.
    expect(
      allocation.penaltyFee.plus(allocation.fee).plus(allocation.principal).equals(amount),
    ).toBe(true);
    for (const part of [allocation.penaltyFee, allocation.fee, allocation.principal]) {
      expect(part.isNegative()).toBe(false);
    }
    expect(recorded.entry.lines[0]?.debit.equals(amount)).toBe(true);
    expect(recorded.paysOff).toBe(amount.equals(owed));
    current = recorded.loan;
  }
  return { loan: current, lastOn: on };
}

const sumOf = (amounts: Money[]) => Money.sum(amounts);

/**
 * The penalty by its definition, one day at a time: Σ over the days d after disbursement up
 * to `asOf` of (principal due before d − principal received before d) × monthly × 50% / 30.
 */
function penaltyDayByDay(loan: Loan, asOf: string): string {
  const monthly = new Decimal(loan.rate.monthlyPermille).div(1000); // exact: ‰ with 2 decimals
  let principalDays = new Decimal(0);
  for (let day = addDays(loan.disbursedOn, 1); day <= asOf; day = addDays(day, 1)) {
    const due = loan.schedule.installments
      .filter((r) => r.dueOn < day)
      .reduce((sum, r) => sum.plus(r.principal), new Decimal(0));
    const paid = loan.repayments
      .filter((r) => !r.reversed && r.on < day)
      .reduce((sum, r) => sum.plus(r.allocation.principal.value), new Decimal(0));
    principalDays = principalDays.plus(Decimal.max(due.minus(paid), 0));
  }
  return Money.round(principalDays.times(monthly).times('0.5').div(30), loan.rounding).toString();
}

describe('loan properties', () => {
  it('principal paid never exceeds the principal; outstanding = principal − principal parts', () => {
    fc.assert(
      fc.property(loans, plans, fc.integer({ min: 0, max: 400 }), (loan, plan, extra) => {
        const { loan: after, lastOn } = repay(loan, plan);
        const principalParts = sumOf(after.repayments.map((r) => r.allocation.principal));
        expect(principalParts.gt(loan.principal)).toBe(false);
        const position = loanPosition(after, addDays(lastOn, extra));
        expect(position.principalPaid.equals(principalParts)).toBe(true);
        expect(position.principalOutstanding.equals(loan.principal.minus(principalParts))).toBe(
          true,
        );
        expect(
          sumOf(position.installments.map((r) => r.principalPaid)).equals(principalParts),
        ).toBe(true);
        // Nothing negative; what is due now is part of what pays the loan off.
        const { dueNow, payoff } = position;
        for (const amount of [
          ...Object.values(dueNow),
          ...Object.values(payoff),
          position.accruedFee,
        ]) {
          expect(amount.isNegative()).toBe(false);
        }
        for (const part of ['principal', 'fee', 'penalty', 'total'] as const) {
          expect(dueNow[part].gt(payoff[part])).toBe(false);
        }
        expect(position.status === 'paid-off').toBe(after.status === 'paid-off');
        expect(position.paid.total.equals(sumOf(after.repayments.map((r) => r.amount)))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('with no repayment the status only moves forward: current, then overdue, never back', () => {
    const rank: Record<LoanStatus, number> = {
      current: 0,
      overdue: 1,
      'paid-off': 2,
      'written-off': 3,
    };
    fc.assert(
      fc.property(
        loans,
        fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 2, maxLength: 12 }),
        (loan, offsets) => {
          const positions = [...offsets]
            .sort((a, b) => a - b)
            .map((days) => loanPosition(loan, addDays(loan.disbursedOn, days)));
          positions.reduce((before, position) => {
            expect(rank[position.status]).toBeGreaterThanOrEqual(rank[before.status]);
            expect(position.status === 'current' || position.status === 'overdue').toBe(true);
            expect(position.overdue.days).toBeGreaterThanOrEqual(before.overdue.days);
            expect(position.penalty.accrued.lt(before.penalty.accrued)).toBe(false);
            expect(position.payoff.total.lt(before.payoff.total)).toBe(false);
            return position;
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('paying the payoff amount pays the loan off, on any date', () => {
    fc.assert(
      fc.property(loans, plans, fc.integer({ min: 0, max: 500 }), (loan, plan, gap) => {
        const { loan: after, lastOn } = repay(loan, plan);
        fc.pre(after.status === 'open');
        const on = addDays(lastOn, gap);
        const owed = loanPosition(after, on).payoff.total;
        const recorded = recordRepayment(after, {
          id: 'payoff',
          entryId: 'je-payoff',
          on,
          amount: owed,
          channel: 'bank',
        });
        expect(recorded.paysOff).toBe(true);
        for (const later of [on, addDays(on, 1), addDays(on, 400)]) {
          const position = loanPosition(recorded.loan, later);
          expect(position.status).toBe('paid-off');
          expect(position.payoff.total.isZero()).toBe(true);
          expect(position.principalOutstanding.isZero()).toBe(true);
          expect(position.installments.every((r) => r.state === 'paid')).toBe(true);
        }
        expect(() => allocateRepayment(recorded.loan, Money.of('0.01'), on)).toThrow(
          expect.objectContaining({ code: 'LOAN_CLOSED' }),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('paying X then Y on the same day is the same as paying X + Y', () => {
    fc.assert(
      fc.property(
        loans,
        plans,
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 1000 }),
        (loan, plan, gap, shareX, shareY) => {
          const { loan: after, lastOn } = repay(loan, plan);
          fc.pre(after.status === 'open');
          const on = addDays(lastOn, gap);
          const owed = loanPosition(after, on).payoff.total;
          const x = partOf(owed, shareX);
          fc.pre(x.lt(owed));
          const y = partOf(owed.minus(x), shareY);
          const both = allocateRepayment(after, x.plus(y), on).allocation;
          const first = recordRepayment(after, {
            id: 'x',
            entryId: 'je-x',
            on,
            amount: x,
            channel: 'cash',
          });
          const second = allocateRepayment(first.loan, y, on).allocation;
          const split = first.repayment.allocation;
          expect(split.penaltyFee.plus(second.penaltyFee).equals(both.penaltyFee)).toBe(true);
          expect(split.fee.plus(second.fee).equals(both.fee)).toBe(true);
          expect(split.principal.plus(second.principal).equals(both.principal)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the penalty is the daily formula on overdue principal, rounded once', () => {
    // A loan never repaid: penalty = Σ overdue principal-days × monthly × markup% / 30.
    fc.assert(
      fc.property(loans, fc.integer({ min: 0, max: 900 }), (loan, days) => {
        const asOf = addDays(loan.disbursedOn, days);
        expect(loanPosition(loan, asOf).penalty.accrued.toString()).toBe(
          penaltyDayByDay(loan, asOf),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('the penalty counts overdue principal day by day, repayments included', () => {
    fc.assert(
      fc.property(loans, plans, fc.integer({ min: 0, max: 400 }), (loan, plan, extra) => {
        const { loan: after, lastOn } = repay(loan, plan);
        fc.pre(after.status === 'open');
        const asOf = addDays(lastOn, extra);
        expect(loanPosition(after, asOf).penalty.accrued.toString()).toBe(
          penaltyDayByDay(after, asOf),
        );
      }),
      { numRuns: 80 },
    );
  });

  it('loanIndicators gives the figures of loanPosition on any date: repaid, reversed, written off', () => {
    fc.assert(
      fc.property(
        loans,
        plans,
        fc.constantFrom('none', 'reverse-last', 'write-off'),
        fc.array(fc.integer({ min: 0, max: 1200 }), { minLength: 1, maxLength: 6 }),
        (loan, plan, ending, offsets) => {
          let { loan: after } = repay(loan, plan);
          const last = after.repayments.at(-1);
          if (ending === 'reverse-last' && last) {
            after = {
              ...after,
              repayments: after.repayments.map((r) =>
                r === last ? { ...r, reversed: true, reversedOn: r.on } : r,
              ),
            };
          }
          if (ending === 'write-off' && after.status === 'open') {
            const on = addDays(last?.on ?? loan.disbursedOn, 200);
            after = {
              ...after,
              status: 'written-off',
              writtenOff: {
                on,
                principal: loanPosition(after, on).principalOutstanding,
                entryId: 'je-write-off',
              },
            };
          }
          for (const offset of offsets) {
            const asOf = addDays(loan.disbursedOn, offset);
            const position = loanPosition(after, asOf);
            const indicators = loanIndicators(after, asOf);
            expect({
              principalOutstanding: indicators.principalOutstanding.toString(),
              overduePrincipal: indicators.overduePrincipal.toString(),
              overdueDays: indicators.overdueDays,
              par30: indicators.par30,
            }).toEqual({
              principalOutstanding: position.principalOutstanding.toString(),
              overduePrincipal: position.overdue.principal.toString(),
              overdueDays: position.overdue.days,
              par30: position.par30,
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
