/**
 * A loan to a member household (借款): what was agreed when the board approved it, its
 * schedule, and the repayments received. Everything a reader wants to know on a given day
 * (what is due, overdue, accrued) is computed from these facts by `loanPosition`; nothing
 * here changes with the calendar (shared/DESIGN.md, No nightly batch).
 */
import type { BusinessDate } from '../dates.ts';
import type { Money, RoundingMode } from '../money.ts';
import type { Channel } from '../members/shares.ts';
import type { RateWording } from '../rate.ts';
import { Refusal } from '../refusal.ts';
import type { DebtRecord } from './default.ts';
import type { DayCount, Frequency, RepaymentMethod, Schedule } from './schedule.ts';

export const loanProducts = ['standard', 'tea-garden', 'poverty-alleviation'] as const;
export type LoanProduct = (typeof loanProducts)[number];

/** What a repayment is split into, in the order the charter sets. */
export type AllocationPart = 'penalty' | 'fee' | 'principal';

/**
 * Loan rules that the charter does not (yet) carry; proposed as new optional charter settings
 * under `loans`. They are copied onto each loan when it is opened, like the rounding mode, so
 * a later charter change never rewrites an old contract.
 */
export interface LoanRules {
  /** Order a repayment pays what is owed: 加收占用费, 占用费, 本金 by default. */
  allocationOrder: readonly AllocationPart[];
  /** On an early payoff only the fee to date is owed (the current period pro rata by days). */
  earlyPayoffFeeToDateOnly: boolean;
  /**
   * Overdue principal keeps bearing the contract fee (monthly rate / 30 a day) for the days it
   * is outside the schedule's fee base; the penalty is charged on top of it.
   */
  feeOnOverduePrincipal: boolean;
}

export const defaultLoanRules: LoanRules = {
  allocationOrder: ['penalty', 'fee', 'principal'],
  earlyPayoffFeeToDateOnly: true,
  feeOnOverduePrincipal: true,
};

/** The contract terms kept on the loan: the loan rules and the charter's penalty markup. */
export interface LoanTerms extends LoanRules {
  /** 加收占用费 as a percentage of the fee rate: "50" means half the monthly rate again. */
  penaltyMarkupPercent: string;
}

/** The rate as agreed (the wording) and its normal form (describeRate). */
export interface LoanRate {
  wording: RateWording;
  annualPercent: string;
  monthlyPermille: string;
}

export interface RepaymentAllocation {
  penaltyFee: Money;
  fee: Money;
  principal: Money;
}

export interface LoanRepayment {
  id: string;
  /** The journal entry that booked it. */
  entryId: string;
  on: BusinessDate;
  amount: Money;
  channel: Channel;
  allocation: RepaymentAllocation;
  /** A mistaken repayment is never deleted: it is marked reversed and stops counting. */
  reversed: boolean;
  reversedOn?: BusinessDate;
}

/** open until paid off or written off; 'current' or 'overdue' depend on the date asked. */
export type LoanState = 'open' | 'paid-off' | 'written-off';

export interface Loan {
  id: string;
  associationId: string;
  memberId: string;
  principal: Money;
  rate: LoanRate;
  method: RepaymentMethod;
  frequency: Frequency;
  installments: number;
  dayCount: DayCount;
  /** Applied to every amount computed for this loan (schedule, accruals, penalty). */
  rounding: RoundingMode;
  disbursedOn: BusinessDate;
  /** The board (理事会) meeting that approved it, and its minute number. */
  approvedOn: BusinessDate;
  boardMinute: string;
  guarantorIds: string[];
  purpose: string;
  product: LoanProduct;
  /** How the money went out: cash or bank. */
  channel: Channel;
  disbursementEntryId: string;
  terms: LoanTerms;
  schedule: Schedule;
  repayments: LoanRepayment[];
  status: LoanState;
  paidOffOn?: BusinessDate;
  writtenOff?: { on: BusinessDate; principal: Money; entryId: string };
  /** The federation whose household record counts this loan (store/households.ts). */
  householdRecord?: string;
  /** 账销案存: what a written-off loan still owes, the guarantors' calls, the recoveries. */
  debt?: DebtRecord;
  /** Tea-garden certificates ever pledged for this loan (domain/tea-gardens/pledge.ts). */
  pledgedCertificateIds?: string[];
  /** Optimistic concurrency: every write checks the version it read. */
  version: number;
}

const parts: readonly AllocationPart[] = ['penalty', 'fee', 'principal'];

/** The charter's loan rules with defaults filled in; refuses an order that is not all three. */
export function loanRules(overrides: Partial<LoanRules> = {}): LoanRules {
  const rules = { ...defaultLoanRules, ...overrides };
  const order = rules.allocationOrder;
  if (
    !Array.isArray(order) ||
    order.length !== parts.length ||
    !parts.every((part) => order.includes(part))
  ) {
    throw new Refusal(
      'LOAN_ALLOCATION_ORDER_INVALID',
      '还款冲抵顺序必须包含且只包含加收占用费、占用费、本金各一次',
      'invalid',
      { field: 'allocationOrder', value: order },
    );
  }
  return { ...rules, allocationOrder: [...order] };
}

/** The repayments that count, in the order they were received. */
export function activeRepayments(loan: Loan, upTo?: BusinessDate): LoanRepayment[] {
  return loan.repayments
    .filter((r) => !r.reversed && (upTo === undefined || r.on <= upTo))
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
}
