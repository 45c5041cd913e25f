/** Loans as the API shows them, with their position as of a date. */
import type { z } from 'zod';
import { totalOf, type DebtParts, type DebtRecord } from '#domain/loans/default.ts';
import type { Loan } from '#domain/loans/loan.ts';
import {
  installmentOwed,
  installmentTotal,
  type Amounts,
  type LoanPosition,
} from '#domain/loans/position.ts';
import type { loanView } from '#api/loans.ts';

const amounts = (a: Amounts) => ({
  principal: a.principal.toString(),
  fee: a.fee.toString(),
  penalty: a.penalty.toString(),
  total: a.total.toString(),
});

export function viewLoan(loan: Loan, position: LoanPosition): z.infer<typeof loanView> {
  const next = position.installments.find((row) => row.state !== 'paid');
  return {
    id: loan.id,
    associationId: loan.associationId,
    memberId: loan.memberId,
    principal: loan.principal.toString(),
    rate: loan.rate,
    method: loan.method,
    frequency: loan.frequency,
    installments: loan.installments,
    dayCount: loan.dayCount,
    product: loan.product,
    purpose: loan.purpose,
    approvedOn: loan.approvedOn,
    boardMinute: loan.boardMinute,
    disbursedOn: loan.disbursedOn,
    guarantorIds: loan.guarantorIds,
    asOf: position.asOf,
    status: position.status,
    principalOutstanding: position.principalOutstanding.toString(),
    dueNow: amounts(position.dueNow),
    payoff: amounts(position.payoff),
    paid: amounts(position.paid),
    accruedFee: position.accruedFee.toString(),
    overdue: {
      days: position.overdue.days,
      since: position.overdue.since,
      principal: position.overdue.principal.toString(),
      installments: position.overdue.installments,
    },
    penaltyOutstanding: position.penalty.outstanding.toString(),
    par30: position.par30,
    creditGradeEffect: position.creditGradeEffect,
    nextDue:
      next && (position.status === 'current' || position.status === 'overdue')
        ? {
            dueOn: next.dueOn,
            amount: installmentOwed(next).toString(),
          }
        : undefined,
    schedule: position.installments.map((row) => ({
      number: row.number,
      dueOn: row.dueOn,
      principal: row.principal.toString(),
      fee: row.fee.toString(),
      total: installmentTotal(row).toString(),
      balanceAfter:
        loan.schedule.installments.find((s) => s.number === row.number)?.balanceAfter ?? '0.00',
      principalPaid: row.principalPaid.toString(),
      feePaid: row.feePaid.toString(),
      state: row.state,
      daysOverdue: row.daysOverdue,
      paidOn: row.paidOn,
    })),
    repayments: loan.repayments.map((r) => ({
      id: r.id,
      entryId: r.entryId,
      on: r.on,
      amount: r.amount.toString(),
      principal: r.allocation.principal.toString(),
      fee: r.allocation.fee.toString(),
      penaltyFee: r.allocation.penaltyFee.toString(),
      reversed: r.reversed,
    })),
    paidOffOn: loan.paidOffOn,
    writtenOff: loan.writtenOff && {
      on: loan.writtenOff.on,
      principal: loan.writtenOff.principal.toString(),
      entryId: loan.writtenOff.entryId,
    },
    debt: loan.debt && viewDebt(loan.debt),
  };
}

const partsView = (p: DebtParts) => ({
  principal: p.principal.toString(),
  fee: p.fee.toString(),
  penalty: p.penalty.toString(),
  total: totalOf(p).toString(),
});

function viewDebt(debt: DebtRecord) {
  return {
    writtenOff: partsView(debt.writtenOff),
    remaining: partsView(debt.remaining),
    liability: debt.liability,
    calls: debt.calls.map((c) => ({ guarantorId: c.guarantorId, amount: c.amount.toString() })),
    recoveries: debt.recoveries.map((r) => ({
      id: r.id,
      on: r.on,
      fromId: r.fromId,
      source: r.source,
      amount: totalOf(r.allocation).toString(),
      entryId: r.entryId,
    })),
  };
}
