/** A charter, households and loans for the loan tests. */
import { defaultCharter, type Charter } from '#domain/charter.ts';
import { openLoan, type LoanOpening } from '#domain/loans/eligibility.ts';
import type { Loan, LoanRules } from '#domain/loans/loan.ts';
import type { Member } from '#domain/members/member.ts';
import { Money } from '#domain/money.ts';
import { registerCertificate, type TeaGardenCertificate } from '#domain/tea-gardens/certificate.ts';

export const charter: Charter = defaultCharter();

export function member(overrides: Partial<Member> = {}): Member {
  return {
    id: 'm0001',
    associationId: 'zhuyang-01',
    name: '雷大山',
    idNumber: '332529198001010018',
    mobile: '13800000001',
    lowIncome: 'none',
    group: 'g1',
    creditGrade: 'A',
    joinedOn: '2023-01-10',
    status: 'active',
    ownShares: 2,
    ownShareAmount: Money.of('2000.00'),
    fiscalShares: 0,
    fiscalShareAmount: Money.zero,
    openLoans: 0,
    guaranteesStanding: 0,
    version: 3,
    ...overrides,
  };
}

export const guarantorA = member({ id: 'm0002', name: '蓝小红', version: 1 });
export const guarantorB = member({ id: 'm0003', name: '钟国平', version: 1 });

/** 12,000 at 20‰ a month, 4 equal installments, disbursed 2024-01-31 (schedule.test.ts). */
export function opening(overrides: Partial<LoanOpening> = {}): LoanOpening {
  return {
    id: 'loan-0001',
    entryId: 'je-20240131-disburse01',
    member: member(),
    hasOverdue: false,
    firstLoan: false,
    principal: Money.of('12000.00'),
    rate: { monthlyPermille: '20' },
    installments: 4,
    frequency: 'monthly',
    method: 'equal-installment',
    dayCount: '30/360',
    disbursedOn: '2024-01-31',
    approvedOn: '2024-01-20',
    boardMinute: '理事会〔2024〕3号',
    guarantors: [guarantorA, guarantorB],
    guarantorsOverdue: [],
    purpose: '购买茶苗',
    product: 'standard',
    channel: 'cash',
    ...overrides,
  };
}

export function loan12k(
  rules: Partial<LoanRules> = {},
  overrides: Partial<LoanOpening> = {},
): Loan {
  return openLoan(charter, opening(overrides), rules).loan;
}

/** 利随本清: 5,000 at the charter's 6‰ for 12 months, a first loan, disbursed 2024-03-15. */
export function bullet5k(rules: Partial<LoanRules> = {}): Loan {
  return openLoan(
    charter,
    opening({
      id: 'loan-0002',
      firstLoan: true,
      principal: Money.of('5000.00'),
      rate: undefined,
      installments: 12,
      method: 'bullet',
      disbursedOn: '2024-03-15',
      approvedOn: '2024-03-10',
    }),
    rules,
  ).loan;
}

/** A 20亩 garden of 5-year-old trees held by `holder`, appraised at 200,000, valid in 2024. */
export function teaGarden(
  holder: Member,
  id = 't0001',
  appraised: { appraisedOn: string; validUntil: string } = {
    appraisedOn: '2023-12-01',
    validUntil: '2024-11-30',
  },
): TeaGardenCertificate {
  return registerCertificate({
    id,
    associationId: holder.associationId,
    county: '松阳县',
    number: `松茶评(2023)第${id}号`,
    holder,
    location: '新兴镇大木山',
    boundaries: { east: '山脊', south: '机耕路', west: '雷家茶园', north: '溪' },
    areaMu: '20',
    variety: '龙井43',
    appraisal: {
      value: Money.of('200000.00'),
      appraiser: '松阳县茶园资产评估中心',
      ...appraised,
      treeAgeYears: 5,
    },
  });
}
