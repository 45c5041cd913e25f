/**
 * What a loan's end does to the households it binds: the borrower has one open loan fewer and
 * each guarantor one standing guarantee fewer (opening a loan adds them: eligibility.ts). A
 * reversal that reopens the loan adds them back. A write-off also sets the borrower's grade.
 */
import type { CreditGrade, Member } from '../members/member.ts';
import { Money } from '../money.ts';

export type LoanBinding = 'ends' | 'reopens';

export function householdsAfterLoan(
  binding: LoanBinding,
  borrower: Member,
  guarantors: readonly Member[],
  grade?: CreditGrade,
  principal?: Money,
): { borrower: Member; guarantors: Member[] } {
  const change = binding === 'ends' ? -1 : 1;
  const guaranteed = (g: Member) => {
    if (!principal) return {};
    const amount = (g.guaranteedAmount ?? Money.zero).plus(principal.times(change));
    return { guaranteedAmount: Money.zero.max(amount) };
  };
  return {
    borrower: {
      ...borrower,
      openLoans: Math.max(0, borrower.openLoans + change),
      ...(grade ? { creditGrade: grade } : {}),
    },
    guarantors: guarantors.map((guarantor) => ({
      ...guarantor,
      guaranteesStanding: Math.max(0, guarantor.guaranteesStanding + change),
      ...guaranteed(guarantor),
    })),
  };
}
