/** Members as the API shows them: ID numbers masked, amounts as strings. */
import type { z } from 'zod';
import { maskIdNumber } from '#domain/members/household.ts';
import { lowIncomeLabels, type Member } from '#domain/members/member.ts';
import { Money } from '#domain/money.ts';
import type { memberView } from '#api/members.ts';

export function viewMember(member: Member): z.infer<typeof memberView> {
  return {
    id: member.id,
    associationId: member.associationId,
    name: member.name,
    idNumber: maskIdNumber(member.idNumber),
    mobile: member.mobile,
    lowIncome: member.lowIncome,
    lowIncomeLabel: lowIncomeLabels[member.lowIncome],
    group: member.group,
    creditGrade: member.creditGrade,
    joinedOn: member.joinedOn,
    status: member.status,
    shares: {
      own: member.ownShares,
      ownAmount: member.ownShareAmount.toString(),
      fiscal: member.fiscalShares,
      fiscalAmount: member.fiscalShareAmount.toString(),
      total: member.ownShares + member.fiscalShares,
    },
    openLoans: member.openLoans,
    guaranteesStanding: member.guaranteesStanding,
    debtOnRecord: (member.debtOnRecord ?? Money.zero).toString(),
    guaranteeCalled: (member.guaranteeCalled ?? Money.zero).toString(),
    gradeHistory: member.gradeHistory ?? [],
  };
}
