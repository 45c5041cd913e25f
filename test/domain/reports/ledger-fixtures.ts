/** Journal entries for the report tests, written out by hand as a treasurer would book them. */
import { accounts, type AccountCode } from '#domain/ledger/chart.ts';
import { credit, debit, type EntryKind, type JournalLine } from '#domain/ledger/journal.ts';
import { Money } from '#domain/money.ts';
import type { LedgerEntry } from '#domain/reports/distribution.ts';

let serial = 0;

export function entry(
  date: string,
  kind: EntryKind,
  lines: JournalLine[],
  extra: Partial<LedgerEntry> = {},
): LedgerEntry {
  serial += 1;
  return {
    id: `je-${date.replaceAll('-', '')}-${String(serial).padStart(10, '0')}`,
    date,
    kind,
    memo: kind,
    lines,
    ...extra,
  };
}

const m = (text: string) => Money.of(text);
const dr = (code: AccountCode, amount: string) => debit(code, m(amount));
const cr = (code: AccountCode, amount: string) => credit(code, m(amount));

/** 入股 (or 退股 with a negative count): cash against member shares at 1000 a share. */
export function shares(date: string, memberId: string, count: number): LedgerEntry {
  const amount = Money.of('1000.00').times(Math.abs(count));
  const lines =
    count > 0
      ? [debit(accounts.cash.code, amount), credit(accounts.memberShares.code, amount)]
      : [debit(accounts.memberShares.code, amount), credit(accounts.cash.code, amount)];
  return entry(date, count > 0 ? 'share-purchase' : 'share-redemption', lines, {
    memberId,
    shareChange: {
      ownShares: count,
      ownShareAmount: count > 0 ? amount : amount.negated(),
      fiscalShares: 0,
      fiscalShareAmount: Money.zero,
    },
  });
}

/** 配股: fiscal money credited as shares; the fund's, not the household's. */
export function fiscalShares(date: string, memberId: string, count: number): LedgerEntry {
  const amount = Money.of('1000.00').times(count);
  return entry(
    date,
    'fiscal-share-grant',
    [debit(accounts.fiscalMoney.code, amount), credit(accounts.fiscalShares.code, amount)],
    {
      memberId,
      shareChange: {
        ownShares: 0,
        ownShareAmount: Money.zero,
        fiscalShares: count,
        fiscalShareAmount: amount,
      },
    },
  );
}

/** Fiscal money received in cash. */
export const capital = (date: string, amount: string) =>
  entry(date, 'capital', [dr(accounts.cash.code, amount), cr(accounts.fiscalMoney.code, amount)]);

export const loanOut = (date: string, amount: string) =>
  entry(date, 'loan-disbursement', [
    dr(accounts.loansOut.code, amount),
    cr(accounts.cash.code, amount),
  ]);

/** A repayment: principal, fee and penalty fee, paid in cash. */
export function repaid(date: string, principal: string, fee: string, penalty = '0.00') {
  const total = m(principal).plus(m(fee)).plus(m(penalty));
  const lines = [debit(accounts.cash.code, total)];
  if (m(principal).isPositive()) lines.push(cr(accounts.loansOut.code, principal));
  if (m(fee).isPositive()) lines.push(cr(accounts.feeIncome.code, fee));
  if (m(penalty).isPositive()) lines.push(cr(accounts.penaltyIncome.code, penalty));
  return entry(date, 'loan-repayment', lines);
}

export const writtenOff = (date: string, amount: string) =>
  entry(date, 'loan-write-off', [
    dr(accounts.riskReserve.code, amount),
    cr(accounts.loansOut.code, amount),
  ]);

export const relief = (date: string, amount: string) =>
  entry(date, 'risk-fund-relief', [
    dr(accounts.bank.code, amount),
    cr(accounts.riskReserve.code, amount),
  ]);

export const contribution = (date: string, amount: string) =>
  entry(date, 'risk-fund-contribution', [
    dr(accounts.riskFundContributions.code, amount),
    cr(accounts.bank.code, amount),
  ]);

export const managementCost = (date: string, amount: string) =>
  entry(date, 'capital', [
    dr(accounts.managementCosts.code, amount),
    cr(accounts.cash.code, amount),
  ]);

/** The reversal of `original`, marking the original as reversed. */
export function reversal(original: LedgerEntry, date: string): LedgerEntry {
  const undo = entry(
    date,
    'reversal',
    original.lines.map((l) => ({ account: l.account, debit: l.credit, credit: l.debit })),
    {
      reverses: original.id,
      memberId: original.memberId,
      shareChange: original.shareChange && {
        ownShares: -original.shareChange.ownShares,
        ownShareAmount: original.shareChange.ownShareAmount.negated(),
        fiscalShares: -original.shareChange.fiscalShares,
        fiscalShareAmount: original.shareChange.fiscalShareAmount.negated(),
      },
    },
  );
  original.reversedBy = undo.id;
  return undo;
}

/** Lines as [account, debit, credit] strings, for exact comparisons. */
export const linesOf = (lines: readonly JournalLine[]) =>
  lines.map((l) => [l.account, l.debit.toString(), l.credit.toString()]);
