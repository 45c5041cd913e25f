/**
 * Default handled as a fund would (issue #17, findings 2 and 5): the borrower's shares set off
 * principal first, then fee, then penalty fee; the rest on record (账销案存) and recoverable;
 * guarantors called jointly or pro rata; redemption refused while anything is owed.
 */
import { describe, expect, it } from 'vitest';
import { defaultCharter } from '#domain/charter.ts';
import { defaultOnWriteOff, guarantorCalls, recoverDebt, totalOf } from '#domain/loans/default.ts';
import { checkLoanEligibility, openLoan } from '#domain/loans/eligibility.ts';
import { householdsAfterLoan } from '#domain/loans/households.ts';
import { writeOff } from '#domain/loans/repayment.ts';
import { redeemShares } from '#domain/members/shares.ts';
import { Money } from '#domain/money.ts';
import { guarantorA, guarantorB, loan12k, member, opening } from './loan-fixtures.ts';

/** 12,000 lent 2024-01-31, nothing repaid, written off 2024-12-31. */
function defaulted(liability: 'joint' | 'pro-rata' = 'joint') {
  const written = writeOff(loan12k(), '2024-12-31', 'je-wo');
  const owed = written.position.payoff;
  return {
    owed,
    ...defaultOnWriteOff(
      written,
      { borrower: member(), guarantors: [guarantorA, guarantorB] },
      liability,
    ),
  };
}

describe('default: set-off, 账销案存, guarantors called', () => {
  it('sets the borrower’s 2,000 of shares off the principal first and books it', () => {
    const { loan, borrower, entry, owed } = defaulted();
    expect(owed.principal.toString()).toBe('12000.00');
    expect(borrower.ownShareAmount.toString()).toBe('0.00');
    expect(borrower.ownShares).toBe(0);
    expect(loan.debt!.recoveries[0]!.allocation.principal.toString()).toBe('2000.00');
    const remaining = totalOf(loan.debt!.remaining);
    expect(remaining.toString()).toBe(totalOf(owed).minus(Money.of('2000.00')).toString());
    expect(borrower.debtOnRecord!.toString()).toBe(remaining.toString());
    // One entry: the reserve bears 12,000 − 2,000 of the principal.
    expect(entry.lines.map((l) => [l.account, l.debit.toString(), l.credit.toString()])).toEqual([
      ['3301', '10000.00', '0.00'],
      ['1101', '0.00', '12000.00'],
      ['3101', '2000.00', '0.00'],
    ]);
  });

  it('takes what the shares cover off the loss last borne: the result before the reserve', () => {
    // 100.00 in the reserve, nothing else held: the result bears 11,900 of the 12,000.
    const written = writeOff(loan12k(), '2024-12-31', 'je-wo', {
      held: { provision: Money.zero, riskReserve: Money.of('100.00'), capitalReserve: Money.zero },
      afterRiskReserve: 'result',
    });
    const { entry } = defaultOnWriteOff(
      written,
      { borrower: member(), guarantors: [guarantorA, guarantorB] },
      'joint',
    );
    expect(entry.lines.map((l) => [l.account, l.debit.toString(), l.credit.toString()])).toEqual([
      ['3301', '100.00', '0.00'],
      ['5301', '9900.00', '0.00'],
      ['1101', '0.00', '12000.00'],
      ['3101', '2000.00', '0.00'],
    ]);
  });

  it('calls each guarantor for all of it (joint) or an equal share to the 分 (pro rata)', () => {
    const joint = defaulted('joint');
    const left = totalOf(joint.loan.debt!.remaining);
    expect(joint.guarantors.map((g) => g.guaranteeCalled!.toString())).toEqual([
      left.toString(),
      left.toString(),
    ]);
    const calls = guarantorCalls('pro-rata', ['a', 'b', 'c'], Money.of('100.00'));
    expect(calls.map((c) => c.amount.toString())).toEqual(['33.33', '33.33', '33.34']);
  });

  it('refuses to redeem shares while the debt is owed or a call unpaid', () => {
    const { borrower, guarantors } = defaulted();
    const request = { shares: 1, on: '2025-06-01', channel: 'cash' as const, entryId: 'je-x' };
    const rich = { ...borrower, ownShares: 2, ownShareAmount: Money.of('2000.00'), openLoans: 0 };
    expect(() => redeemShares(rich, defaultCharter(), request)).toThrow(
      expect.objectContaining({ code: 'SHARES_DEBT_ON_RECORD' }),
    );
    const guarantor = { ...guarantors[0]!, guaranteesStanding: 0 };
    expect(() => redeemShares(guarantor, defaultCharter(), request)).toThrow(
      expect.objectContaining({ code: 'SHARES_FROZEN_GUARANTEE_CALLED' }),
    );
  });

  it('books a guarantor’s recovery, lowers every call, and frees all once nothing is owed', () => {
    const d = defaulted('joint');
    const left = totalOf(d.loan.debt!.remaining);
    const part = recoverDebt(d.loan, d.borrower, d.guarantors, {
      payer: d.guarantors[0]!,
      amount: Money.of('4000.00'),
      on: '2025-02-01',
      channel: 'cash',
      entryId: 'je-r1',
    });
    const sum = (side: 'debit' | 'credit') =>
      part.entry.lines.reduce((t, l) => t.plus(l[side]), Money.zero).toString();
    expect([sum('debit'), sum('credit')]).toEqual(['4000.00', '4000.00']);
    expect(part.entry.lines[0]).toMatchObject({ account: '1001' });
    const after = left.minus(Money.of('4000.00'));
    expect(totalOf(part.loan.debt!.remaining).toString()).toBe(after.toString());
    expect(part.households.map((m) => (m.debtOnRecord ?? m.guaranteeCalled)!.toString())).toEqual([
      after.toString(),
      after.toString(),
      after.toString(),
    ]);
    const [borrower, g1, g2] = part.households;
    const rest = recoverDebt(part.loan, borrower!, [g1!, g2!], {
      payer: borrower!,
      amount: after,
      on: '2025-03-01',
      channel: 'bank',
      entryId: 'je-r2',
    });
    expect(rest.households.map((m) => (m.debtOnRecord ?? m.guaranteeCalled)!.isZero())).toEqual([
      true,
      true,
      true,
    ]);
    expect(() =>
      recoverDebt(rest.loan, rest.households[0]!, [], {
        payer: rest.households[0]!,
        amount: Money.of('0.01'),
        on: '2025-03-02',
        channel: 'cash',
        entryId: 'je-r3',
      }),
    ).toThrow(expect.objectContaining({ code: 'RECOVERY_NOTHING_OWED' }));
  });

  it('refuses more than is owed, or from a household that owes nothing on the loan', () => {
    const d = defaulted();
    const request = { on: '2025-02-01', channel: 'cash' as const, entryId: 'x' };
    expect(() =>
      recoverDebt(d.loan, d.borrower, d.guarantors, {
        ...request,
        payer: d.borrower,
        amount: totalOf(d.loan.debt!.remaining).plus(Money.of('0.01')),
      }),
    ).toThrow(expect.objectContaining({ code: 'RECOVERY_ABOVE_DEBT' }));
    expect(() =>
      recoverDebt(d.loan, d.borrower, d.guarantors, {
        ...request,
        payer: member({ id: 'm0099' }),
        amount: Money.of('1.00'),
      }),
    ).toThrow(expect.objectContaining({ code: 'RECOVERY_PAYER_UNRELATED' }));
  });

  it('keeps a defaulter and its called guarantors from borrowing or guaranteeing again', () => {
    const d = defaulted();
    const codes = checkLoanEligibility(defaultCharter(), {
      ...opening({ member: { ...d.borrower, creditGrade: 'C' }, guarantors: d.guarantors }),
    }).refusals.map((r) => r.code);
    expect(codes).toContain('LOAN_DEBT_ON_RECORD');
    expect(codes.filter((c) => c === 'LOAN_GUARANTOR_CALLED')).toHaveLength(2);
  });

  it('counts what a household guarantees, and refuses above the charter cap', () => {
    const charter = defaultCharter();
    charter.loans.maxGuaranteeTotal = '20000.00';
    const opened = openLoan(charter, opening());
    expect(opened.guarantors.map((g) => g.guaranteedAmount!.toString())).toEqual([
      '12000.00',
      '12000.00',
    ]);
    const second = checkLoanEligibility(charter, {
      ...opening({ member: member({ id: 'm0009' }), guarantors: opened.guarantors }),
    });
    expect(second.refusals.map((r) => [r.code, r.details?.total])).toEqual([
      ['LOAN_GUARANTEE_ABOVE_CAP', '24000.00'],
      ['LOAN_GUARANTEE_ABOVE_CAP', '24000.00'],
    ]);
    const freed = householdsAfterLoan(
      'ends',
      opened.member,
      opened.guarantors,
      undefined,
      opened.loan.principal,
    );
    expect(freed.guarantors.map((g) => g.guaranteedAmount!.toString())).toEqual(['0.00', '0.00']);
  });
});
