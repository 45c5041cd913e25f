/** Federation plans, transfers and the risk fund as the API shows them. */
import type { z } from 'zod';
import { riskFundMovements } from '#domain/federation/risk-fund.ts';
import type { FederationSettings } from '#domain/federation/settings.ts';
import {
  cashOf,
  transferFeeDue,
  type LiquidityTransfer,
  type TransferRepayment,
} from '#domain/federation/transfers.ts';
import { accounts } from '#domain/ledger/chart.ts';
import { Money } from '#domain/money.ts';
import { describeRate, parseRate, type RateWording } from '#domain/rate.ts';
import { viewEntry } from '../books/views.ts';
import type { FederationEntry, StoredPlan } from '../store/federation.ts';
import type { planView, riskFundView, settingsView, transferView } from '#api/federation.ts';

const viewRate = (wording: RateWording) => describeRate(parseRate(wording));

export function viewSettings(
  federationId: string,
  settings: FederationSettings,
): z.infer<typeof settingsView> {
  return { federationId, settings, transferFee: viewRate(settings.transferFee) };
}

export function viewPlan(plan: StoredPlan): z.infer<typeof planView> {
  return {
    id: plan.id,
    federationId: plan.federationId,
    on: plan.on,
    status: plan.status,
    feeRate: viewRate(plan.feeRate),
    termMonths: plan.termMonths,
    positions: plan.positions.map((p) => ({
      associationId: p.associationId,
      cash: cashOf(p).toString(),
      cashOnHand: p.cashOnHand.toString(),
      bank: p.bank.toString(),
      fund: p.fund.toString(),
      placed: p.placed.toString(),
      reserveFloor: p.reserveFloor.toString(),
      demand: p.demand.toString(),
      placementCap: p.placementCap.toString(),
    })),
    transfers: plan.transfers.map((t) => ({ ...t, amount: t.amount.toString() })),
    shortfalls: plan.shortfalls.map((s) => ({ ...s, amount: s.amount.toString() })),
    totalTransferred: Money.sum(plan.transfers.map((t) => t.amount)).toString(),
    createdBy: plan.createdBy,
    createdAt: plan.createdAt,
    approvedOn: plan.approvedOn,
    approvedBy: plan.approvedBy,
    approvedAt: plan.approvedAt,
  };
}

export function viewRepayment(repayment: TransferRepayment) {
  return {
    ...repayment,
    amount: repayment.amount.toString(),
    fee: repayment.fee.toString(),
    principal: repayment.principal.toString(),
  };
}

export function viewTransfer(
  transfer: LiquidityTransfer,
  asOf?: string,
): z.infer<typeof transferView> {
  const owed =
    asOf && transfer.status === 'open' && asOf >= transfer.feeAccruedTo
      ? transferFeeDue(transfer, asOf)
      : undefined;
  return {
    id: transfer.id,
    planId: transfer.planId,
    federationId: transfer.federationId,
    from: transfer.from,
    to: transfer.to,
    amount: transfer.amount.toString(),
    feeRate: viewRate(transfer.feeRate),
    termMonths: transfer.termMonths,
    startsOn: transfer.startsOn,
    dueOn: transfer.dueOn,
    outstanding: transfer.outstanding.toString(),
    feeAccruedTo: transfer.feeAccruedTo,
    feeArrears: transfer.feeArrears.toString(),
    feePaid: transfer.feePaid.toString(),
    status: transfer.status,
    repayments: transfer.repayments.map(viewRepayment),
    ...(owed ? { asOf, feeDue: owed.due.toString(), payable: owed.payable.toString() } : {}),
  };
}

export const viewBookEntry = (entry: FederationEntry) => ({
  ...viewEntry(entry),
  associationId: entry.associationId,
});

export function viewRiskFund(
  federationId: string,
  balances: Map<string, Money>,
  entries: FederationEntry[],
  settings: FederationSettings,
): z.infer<typeof riskFundView> {
  const { contributed, relieved } = riskFundMovements(entries);
  return {
    federationId,
    balance: (balances.get(accounts.riskFund.code) ?? Money.zero).negated().toString(),
    bank: (balances.get(accounts.bank.code) ?? Money.zero).toString(),
    contributed: contributed.toString(),
    relieved: relieved.toString(),
    contributionPercent: settings.riskFundContributionPercent,
    entries: entries.map(viewBookEntry),
  };
}
