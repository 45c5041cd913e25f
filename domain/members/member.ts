/** A member household of a village association, with its shares. */
import type { BusinessDate } from '../dates.ts';
import type { GradeChange } from '../loans/credit-grade.ts';
import type { Money } from '../money.ts';

export const lowIncomeStatuses = ['none', 'dibao', 'wubao', 'tuopin-monitor'] as const;
export type LowIncomeStatus = (typeof lowIncomeStatuses)[number];

export const lowIncomeLabels: Record<LowIncomeStatus, string> = {
  none: '一般农户',
  dibao: '低保户',
  wubao: '五保户',
  'tuopin-monitor': '脱贫监测户',
};

/** A 优, B 良, C 一般, D 差: overdue loans lower it (loans issue). */
export type CreditGrade = 'A' | 'B' | 'C' | 'D';

export interface Member {
  id: string;
  associationId: string;
  name: string;
  idNumber: string;
  mobile: string;
  lowIncome: LowIncomeStatus;
  /** The joint-liability group (联保小组) the household belongs to. */
  group?: string;
  creditGrade: CreditGrade;
  joinedOn: BusinessDate;
  status: 'active' | 'exited';
  /** Shares bought with the household's own money. */
  ownShares: number;
  ownShareAmount: Money;
  /** Free fiscal shares (配股): owned by the fund, credited to the household. */
  fiscalShares: number;
  fiscalShareAmount: Money;
  /** Loans not yet paid off, and loans of others this household guarantees. */
  openLoans: number;
  guaranteesStanding: number;
  /** 账销案存: what the household still owes on its written-off loans (absent: nothing). */
  debtOnRecord?: Money;
  /** Principal of the open loans the household guarantees (counted since issue #17). */
  guaranteedAmount?: Money;
  /** What the household has been called for as guarantor and not yet paid (its shares frozen). */
  guaranteeCalled?: Money;
  /** Every change of the credit grade, oldest first (loans/credit-grade.ts). */
  gradeHistory?: GradeChange[];
  /** Every loan the household has had, oldest first (its loans list needs no index). */
  loanIds?: string[];
  /** Optimistic concurrency: every write checks the version it read. */
  version: number;
}

export interface ShareChange {
  ownShares: number;
  ownShareAmount: Money;
  fiscalShares: number;
  fiscalShareAmount: Money;
}
