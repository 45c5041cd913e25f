/**
 * Credit grade from behaviour (issue #17, finding 3): the charter's table of days late and
 * late installments, lowering only, with the history kept.
 */
import { describe, expect, it } from 'vitest';
import { charterSchema, defaultCharter } from '#domain/charter.ts';
import { gradeFromBehaviour, lowerGrade } from '#domain/loans/credit-grade.ts';
import { loanPosition } from '#domain/loans/position.ts';
import { loan12k, member } from './loan-fixtures.ts';

const rules = defaultCharter().creditGrades;

describe('credit grade from behaviour', () => {
  it.each([
    [0, 0, 'A'],
    [1, 1, 'B'],
    [30, 1, 'B'],
    [31, 1, 'C'],
    [90, 2, 'C'],
    [91, 1, 'D'],
    [4944, 1, 'D'],
    [5, 3, 'C'],
  ] as const)(
    '%i days late, %i late installments: %s',
    (worstDaysLate, lateInstallments, grade) => {
      expect(gradeFromBehaviour(rules, { worstDaysLate, lateInstallments }).grade).toBe(grade);
    },
  );

  it('reads the loan’s record: an installment unpaid for 4,944 days is D', () => {
    const position = loanPosition(loan12k(), '2037-09-01');
    expect(position.worstDaysOverdue).toBeGreaterThan(4900);
    expect(position.lateInstallments).toBe(4);
    expect(
      gradeFromBehaviour(rules, {
        worstDaysLate: position.worstDaysOverdue,
        lateInstallments: position.lateInstallments,
      }),
    ).toEqual({ grade: 'D', reason: 'late' });
  });

  it('only lowers, and keeps every change', () => {
    const b = lowerGrade(member(), { on: '2024-03-10', to: 'B', loanId: 'l1', reason: 'late' });
    const stillB = lowerGrade(b, { on: '2024-04-10', to: 'A', loanId: 'l1', reason: 'late' });
    const d = lowerGrade(stillB, {
      on: '2024-05-10',
      to: 'D',
      loanId: 'l1',
      reason: 'written-off',
    });
    expect(stillB).toBe(b);
    expect(d.creditGrade).toBe('D');
    expect(d.gradeHistory!.map((g) => [g.on, g.from, g.to, g.reason])).toEqual([
      ['2024-03-10', 'A', 'B', 'late'],
      ['2024-05-10', 'B', 'D', 'written-off'],
    ]);
  });

  it('takes the table from the charter, and refuses one out of order', () => {
    const strict = charterSchema.parse({ creditGrades: { dAfterDaysLate: 31, cAfterDaysLate: 8 } });
    expect(
      gradeFromBehaviour(strict.creditGrades, { worstDaysLate: 31, lateInstallments: 1 }).grade,
    ).toBe('D');
    expect(charterSchema.safeParse({ creditGrades: { bAfterDaysLate: 40 } }).success).toBe(false);
  });
});
