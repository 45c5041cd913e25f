/**
 * The seam between the loans and the farmer page.
 *
 * `loanPageModel` is the contract: the loan, its position on the day asked (domain/loans),
 * the member and the association in; the page's view model out. Pure; it picks and formats,
 * the loans domain has already computed every figure.
 *
 * `loadLoanPageModel` resolves the token, then reads the loan through a LoanPageSource (by
 * default the loans store's item, loan-source.ts), the member and the association. Reading
 * changes nothing.
 */
import type { Association } from '#domain/association.ts';
import type { BusinessDate } from '#domain/dates.ts';
import type { Loan } from '#domain/loans/loan.ts';
import { loanPosition, type LoanPosition } from '#domain/loans/position.ts';
import { maskName } from '#domain/members/household.ts';
import type { Member } from '#domain/members/member.ts';
import { nextInstallmentDue } from '#domain/messages/loan-events.ts';
import type { Money } from '#domain/money.ts';
import { loadAssociation } from '../store/associations.ts';
import type { Store } from '../store/client.ts';
import { resolveLink } from '../store/loan-links.ts';
import { loadMember } from '../store/members.ts';
import { storedLoanSource, type LoanPageSource } from './loan-source.ts';
import type { LoanPageView } from './render.ts';

export interface LoanPageFacts {
  loan: Loan;
  member: Member;
  association: Association;
  /** `loanPosition(loan, asOf)`: every figure on the page comes from it. */
  position: LoanPosition;
  /** Interest subsidy (贴息) paid out to the household for this loan so far. */
  subsidyReceived: Money;
  /** 贴息 received from the county for this loan, held for the household until paid out. */
  subsidyHeld: Money;
}

export function loanPageModel(facts: LoanPageFacts): LoanPageView {
  const { loan, member, association, position } = facts;
  const next = nextInstallmentDue(position, position.asOf);
  return {
    associationName: association.name,
    treasurerPhone: association.treasurerPhone,
    householdName: maskName(member.name),
    loanAmount: loan.principal,
    disbursedOn: loan.disbursedOn,
    status: position.status,
    overdueDays: position.overdue.days,
    owedNow: position.dueNow.total,
    principalOutstanding: position.principalOutstanding,
    nextDue: next && { dueOn: next.dueOn, amount: next.amount },
    schedule: position.installments.map((row) => ({
      number: row.number,
      dueOn: row.dueOn,
      principal: row.principal,
      fee: row.fee,
      outstanding: row.principalOutstanding.plus(row.feeOutstanding),
      status: row.state,
    })),
    repayments: loan.repayments
      .filter((r) => !r.reversed && r.on <= position.asOf)
      .map((r) => ({
        on: r.on,
        amount: r.amount,
        principal: r.allocation.principal,
        fee: r.allocation.fee,
        penalty: r.allocation.penaltyFee,
      })),
    subsidyReceived: facts.subsidyReceived,
    subsidyHeld: facts.subsidyHeld,
    paidOffOn: position.paidOffOn,
    asOf: position.asOf,
  };
}

export type LoanPageLookup =
  | { kind: 'page'; view: LoanPageView }
  | { kind: 'unknown' }
  | {
      kind: 'gone';
      reason: 'expired' | 'revoked';
      associationName: string;
      treasurerPhone: string;
    };

export async function loadLoanPageModel(
  store: Store,
  token: string,
  asOf: BusinessDate,
  source: LoanPageSource = storedLoanSource,
): Promise<LoanPageLookup> {
  const link = await resolveLink(store, token, asOf);
  if (link.status === 'unknown') return { kind: 'unknown' };
  const association = await loadAssociation(store, link.associationId);
  if (!association) return { kind: 'unknown' };
  if (link.status !== 'valid') {
    return {
      kind: 'gone',
      reason: link.status,
      associationName: association.name,
      treasurerPhone: association.treasurerPhone,
    };
  }
  const [found, member] = await Promise.all([
    source(store, link.associationId, link.loanId),
    loadMember(store, link.associationId, link.memberId),
  ]);
  if (!found || !member) return { kind: 'unknown' };
  // A page opened before the disbursement date (a clock skew) shows the loan as of that day.
  const day = asOf < found.loan.disbursedOn ? found.loan.disbursedOn : asOf;
  return {
    kind: 'page',
    view: loanPageModel({
      loan: found.loan,
      member,
      association,
      position: loanPosition(found.loan, day),
      subsidyReceived: found.subsidyReceived,
      subsidyHeld: found.subsidyHeld,
    }),
  };
}
