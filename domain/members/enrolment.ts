/** Enrolling a household (入会): the head's identity checked, shares come separately. */
import type { BusinessDate } from '../dates.ts';
import { Money } from '../money.ts';
import { Refusal } from '../refusal.ts';
import { isValidIdNumber, isValidMobile } from './household.ts';
import type { LowIncomeStatus, Member } from './member.ts';

export interface EnrolmentRequest {
  name: string;
  idNumber: string;
  mobile: string;
  lowIncome: LowIncomeStatus;
  group?: string;
  joinedOn: BusinessDate;
}

/** Member numbers are short and sequential within an association: m0001, m0002, … */
export function memberIdFor(sequence: number): string {
  return `m${String(sequence).padStart(4, '0')}`;
}

export function enrolMember(
  request: EnrolmentRequest,
  associationId: string,
  sequence: number,
): Member {
  if (!isValidIdNumber(request.idNumber)) {
    throw new Refusal('ID_NUMBER_INVALID', '身份证号码格式或校验位不正确', 'invalid', {
      field: 'idNumber',
    });
  }
  if (!isValidMobile(request.mobile)) {
    throw new Refusal('MOBILE_INVALID', '手机号码必须是 1 开头的 11 位数字', 'invalid', {
      field: 'mobile',
    });
  }
  return {
    id: memberIdFor(sequence),
    associationId,
    name: request.name,
    idNumber: request.idNumber,
    mobile: request.mobile,
    lowIncome: request.lowIncome,
    group: request.group,
    creditGrade: 'A',
    joinedOn: request.joinedOn,
    status: 'active',
    ownShares: 0,
    ownShareAmount: Money.zero,
    fiscalShares: 0,
    fiscalShareAmount: Money.zero,
    openLoans: 0,
    guaranteesStanding: 0,
    version: 0,
  };
}
