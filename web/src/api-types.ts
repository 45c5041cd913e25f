/**
 * The API's response shapes, taken from the route table's zod schemas as types only (erased
 * from the bundle), so the console and the API cannot drift apart unnoticed.
 */
import type { z } from 'zod';
import type { associationView } from '#api/associations.ts';
import type { entryView, periodCloseView, trialBalanceView } from '#api/books.ts';
import type { dashboardView } from '#api/dashboard.ts';
import type { approvalView, planView, riskFundView, transferView } from '#api/federation.ts';
import type { loanBookingView, loanView } from '#api/loans.ts';
import type { memberView, shareBookingView } from '#api/members.ts';
import type {
  balanceSheetView,
  distributionView,
  incomeStatementView,
  memberStatementView,
} from '#api/reports.ts';
import type { receiptView } from '#api/subsidy-receipts.ts';

export type AssociationView = z.infer<typeof associationView>;
export type MemberView = z.infer<typeof memberView>;
export type ShareBooking = z.infer<typeof shareBookingView>;
export type LoanView = z.infer<typeof loanView>;
export type LoanBooking = z.infer<typeof loanBookingView>;
export type TrialBalanceView = z.infer<typeof trialBalanceView>;
export type PeriodCloseView = z.infer<typeof periodCloseView>;
export type EntryView = z.infer<typeof entryView>;
export type DashboardView = z.infer<typeof dashboardView>;
export type PlanView = z.infer<typeof planView>;
export type ApprovalView = z.infer<typeof approvalView>;
export type TransferView = z.infer<typeof transferView>;
export type RiskFundView = z.infer<typeof riskFundView>;
export type DistributionView = z.infer<typeof distributionView>;
export type BalanceSheetView = z.infer<typeof balanceSheetView>;
export type IncomeStatementView = z.infer<typeof incomeStatementView>;
export type MemberStatementView = z.infer<typeof memberStatementView>;
export type SubsidyReceiptView = z.infer<typeof receiptView>;

export interface ScheduleRow {
  number: number;
  dueOn: string;
  principal: string;
  fee: string;
  total: string;
  balanceAfter: string;
}

/** POST /associations/{aid}/loan-quotes (no response schema in the route table). */
export interface LoanQuote {
  disbursedOn: string;
  rate: { wording: Record<string, string>; annualPercent: string; monthlyPermille: string };
  schedule: { installments: ScheduleRow[]; totalFee: string; totalDue: string };
  eligibility?: {
    eligible: boolean;
    limit: string;
    termMonths: number;
    refusals: { code: string; title: string }[];
  };
}

/** GET /local/users */
export interface DemoUser {
  username: string;
  displayName: string;
  role: 'treasurer' | 'supervisor' | 'auditor' | 'admin';
  associationId?: string;
  federationId?: string;
}

/** GET /local/outbox */
export interface SmsMessage {
  id: string;
  to: string | null;
  text: string | null;
  segments: number | null;
  status: string;
  sentAt: string | null;
  template: string;
  loanId: string | null;
  associationId: string;
}
