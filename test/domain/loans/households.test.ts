import { describe, expect, it } from 'vitest';
import { householdsAfterLoan } from '#domain/loans/households.ts';
import { member } from './loan-fixtures.ts';

describe('householdsAfterLoan: what a loan’s end or reopening does to the households it binds', () => {
  const borrower = { ...member({ id: 'm0001' }), openLoans: 1, creditGrade: 'A' as const };
  const guarantors = [
    { ...member({ id: 'm0002' }), guaranteesStanding: 2 },
    { ...member({ id: 'm0003' }), guaranteesStanding: 1 },
  ];

  it('frees the borrower and each guarantor when the loan ends, keeping the grade', () => {
    const after = householdsAfterLoan('ends', borrower, guarantors);
    expect(after.borrower).toMatchObject({ id: 'm0001', openLoans: 0, creditGrade: 'A' });
    expect(after.guarantors.map((g) => [g.id, g.guaranteesStanding])).toEqual([
      ['m0002', 1],
      ['m0003', 0],
    ]);
  });

  it('sets the grade a write-off gives, and binds them again when the loan reopens', () => {
    const writtenOff = householdsAfterLoan('ends', borrower, guarantors, 'D');
    expect(writtenOff.borrower.creditGrade).toBe('D');
    const reopened = householdsAfterLoan('reopens', writtenOff.borrower, writtenOff.guarantors);
    expect(reopened.borrower.openLoans).toBe(1);
    expect(reopened.guarantors.map((g) => g.guaranteesStanding)).toEqual([2, 1]);
  });

  it('never counts below zero, and changes nothing it was given', () => {
    const free = { ...borrower, openLoans: 0 };
    expect(householdsAfterLoan('ends', free, []).borrower.openLoans).toBe(0);
    expect(borrower.openLoans).toBe(1);
    expect(guarantors[0]?.guaranteesStanding).toBe(2);
  });
});
