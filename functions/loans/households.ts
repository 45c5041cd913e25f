/**
 * The households a loan binds, read and written: the borrower (open loans) and its guarantors
 * (guarantees). What a loan's end changes in them is domain/loans/households.ts's to say.
 */
import type { Loan } from '#domain/loans/loan.ts';
import { householdsAfterLoan, type LoanBinding } from '#domain/loans/households.ts';
import type { CreditGrade, Member } from '#domain/members/member.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import type { Store } from '../store/client.ts';
import { householdChange } from '../store/households.ts';
import { memberWrite } from '../store/members.ts';
import { at, type ReadSet } from '../store/read-set.ts';
import { readItems, type GuardedWrite } from '../store/write-once.ts';

export function requireMemberIn(
  read: ReadSet,
  aid: string,
  mid: string,
  role: '借款人' | '担保人',
): Member {
  const member = read.member(aid, mid);
  if (!member) {
    throw new HttpProblem(
      problems.notFound(
        role === '借款人' ? 'MEMBER_NOT_FOUND' : 'GUARANTOR_NOT_FOUND',
        `${role} ${mid} 不是本会会员`,
      ),
    );
  }
  return member;
}

/** The loan's borrower and guarantors as they stand (each written back only if unchanged). */
export async function loadHouseholds(
  store: Store,
  aid: string,
  loan: Loan,
): Promise<{ borrower: Member; guarantors: Member[] }> {
  const read = await readItems(
    store,
    [loan.memberId, ...loan.guarantorIds].map((mid) => at.member(aid, mid)),
  );
  return {
    borrower: requireMemberIn(read, aid, loan.memberId, '借款人'),
    guarantors: loan.guarantorIds.map((id) => requireMemberIn(read, aid, id, '担保人')),
  };
}

/** The writes for the borrower and guarantors after a loan ends (paid off, written off) or reopens. */
export async function releaseHouseholds(
  store: Store,
  aid: string,
  loan: Loan,
  binding: LoanBinding,
  grade?: CreditGrade,
): Promise<GuardedWrite[]> {
  const { borrower, guarantors } = await loadHouseholds(store, aid, loan);
  const after = householdsAfterLoan(binding, borrower, guarantors, grade, loan.principal);
  return [
    ...[after.borrower, ...after.guarantors].map((member) => memberWrite(store.tableName, member)),
    // The federation-wide record follows a counted loan.
    ...(loan.householdRecord
      ? [
          householdChange(store.tableName, loan.householdRecord, borrower.idNumber, {
            openLoans: binding === 'ends' ? -1 : 1,
          }),
        ]
      : []),
  ];
}
