/**
 * Credit grade from behaviour (信用评级, shared/DOMAIN.md): A 优, B 良, C 一般, D 差. The charter's
 * table, applied to a loan on the day of each repayment and write-off, in the same transaction:
 *
 * - the longest any installment was (or is) late: from `bAfterDaysLate` days B, from
 *   `cAfterDaysLate` C, from `dAfterDaysLate` D (defaults 1, 31, 91);
 * - `cAfterLateInstallments` installments paid late or overdue (default 3): at least C;
 * - a write-off: D.
 *
 * Behaviour only lowers the grade; raising it back is the board's decision, not the software's.
 * Every change is kept in the household's history with its date, loan and reason.
 */
import * as z from 'zod';
import type { BusinessDate } from '../dates.ts';
import type { CreditGrade, Member } from '../members/member.ts';

export const creditGradeRulesSchema = z
  .strictObject({
    bAfterDaysLate: z.int().min(1).max(3650).default(1),
    cAfterDaysLate: z.int().min(1).max(3650).default(31),
    dAfterDaysLate: z.int().min(1).max(3650).default(91),
    cAfterLateInstallments: z.int().min(1).max(600).default(3),
  })
  .refine((r) => r.bAfterDaysLate <= r.cAfterDaysLate && r.cAfterDaysLate <= r.dAfterDaysLate, {
    message: '信用等级天数必须 B ≤ C ≤ D',
  });

export type CreditGradeRules = z.infer<typeof creditGradeRulesSchema>;

export interface GradeChange {
  on: BusinessDate;
  from: CreditGrade;
  to: CreditGrade;
  loanId: string;
  reason: 'late' | 'late-installments' | 'written-off';
  worstDaysLate?: number;
}

const order: readonly CreditGrade[] = ['A', 'B', 'C', 'D'];
const worse = (a: CreditGrade, b: CreditGrade) => (order.indexOf(a) >= order.indexOf(b) ? a : b);

/** What a loan's record says of the household, by the charter's table. */
export function gradeFromBehaviour(
  rules: CreditGradeRules,
  behaviour: { worstDaysLate: number; lateInstallments: number },
): { grade: CreditGrade; reason: GradeChange['reason'] } {
  const days = behaviour.worstDaysLate;
  const byDays: CreditGrade =
    days >= rules.dAfterDaysLate
      ? 'D'
      : days >= rules.cAfterDaysLate
        ? 'C'
        : days >= rules.bAfterDaysLate
          ? 'B'
          : 'A';
  const byCount: CreditGrade =
    behaviour.lateInstallments >= rules.cAfterLateInstallments ? 'C' : 'A';
  const grade = worse(byDays, byCount);
  return { grade, reason: grade === byDays ? 'late' : 'late-installments' };
}

/** The household with its grade lowered to `to` (never raised), the change kept in its history. */
export function lowerGrade(member: Member, change: Omit<GradeChange, 'from'>): Member {
  const to = worse(member.creditGrade, change.to);
  if (to === member.creditGrade) return member;
  return {
    ...member,
    creditGrade: to,
    gradeHistory: [...(member.gradeHistory ?? []), { ...change, from: member.creditGrade, to }],
  };
}
