/** The households a loan binds: the borrower (open loans) and its guarantors (guarantees). */
import type { Loan } from '#domain/loans/loan.ts';
import type { Member } from '#domain/members/member.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { store } from '../store/client.ts';
import { memberFromItem, memberWrite } from '../store/members.ts';
import { keyString, keys } from '../store/table-definition.ts';
import { readItems, type GuardedWrite, type ReadItems } from '../store/write-once.ts';

export function requireMemberIn(
  read: ReadItems,
  aid: string,
  mid: string,
  role: '借款人' | '担保人',
): Member {
  const item = read.get(keyString(keys.member(aid, mid)));
  if (!item) {
    throw new HttpProblem(
      problems.notFound(
        role === '借款人' ? 'MEMBER_NOT_FOUND' : 'GUARANTOR_NOT_FOUND',
        `${role} ${mid} 不是本会会员`,
      ),
    );
  }
  return memberFromItem(item);
}

/** The borrower and guarantors after a loan ends (paid off, written off) or reopens. */
export async function releaseHouseholds(
  aid: string,
  loan: Loan,
  change: 1 | -1,
  grade?: Member['creditGrade'],
) {
  const read = await readItems(
    store(),
    [loan.memberId, ...loan.guarantorIds].map((mid) => keys.member(aid, mid)),
  );
  const borrower = requireMemberIn(read, aid, loan.memberId, '借款人');
  const writes: GuardedWrite[] = [
    memberWrite(store().tableName, {
      ...borrower,
      openLoans: Math.max(0, borrower.openLoans + change),
      ...(grade ? { creditGrade: grade } : {}),
    }),
  ];
  for (const id of loan.guarantorIds) {
    const guarantor = requireMemberIn(read, aid, id, '担保人');
    writes.push(
      memberWrite(store().tableName, {
        ...guarantor,
        guaranteesStanding: Math.max(0, guarantor.guaranteesStanding + change),
      }),
    );
  }
  return writes;
}
