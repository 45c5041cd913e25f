/**
 * The monthly public posting (月度公示): what the association posts on the village notice
 * board so that every member can see who borrowed, who repaid, which loans are overdue and
 * where the fund stands. Built from the loans and the journal; nothing is typed in. Borrowers
 * are named as on the farmer's page (张*华): enough for neighbours to recognise a loan, no
 * more.
 */
import { addDays, addMonths, type BusinessDate } from '../dates.ts';
import { monthsPerInstallment } from '../loans/eligibility.ts';
import { activeRepayments, type Loan } from '../loans/loan.ts';
import { loanPosition } from '../loans/position.ts';
import type { RepaymentMethod } from '../loans/schedule.ts';
import { maskName } from '../members/household.ts';
import { Decimal, Money } from '../money.ts';
import { Refusal } from '../refusal.ts';
import type { LedgerEntry } from './distribution.ts';
import { balanceSheet, incomeStatement, type StatementRow } from './statements.ts';

export const repaymentMethodLabels: Record<RepaymentMethod, string> = {
  'equal-installment': '等额本息',
  'equal-principal': '等额本金',
  'interest-only': '按期付费到期还本',
  bullet: '利随本清',
  flat: '固定费用',
};

export interface PublicPosting {
  associationId: string;
  associationName: string;
  treasurerPhone: string;
  /** YYYY-MM */
  month: string;
  from: BusinessDate;
  /** The month's last day. */
  to: BusinessDate;
  /** The figures' date: the month's last day, or today while the month runs. */
  asOf: BusinessDate;
  complete: boolean;
  loansMade: {
    loanId: string;
    borrower: string;
    disbursedOn: BusinessDate;
    principal: Money;
    termMonths: number;
    monthlyPermille: string;
    method: string;
    purpose: string;
  }[];
  repayments: {
    on: BusinessDate;
    loanId: string;
    borrower: string;
    amount: Money;
    principal: Money;
    fee: Money;
    penalty: Money;
  }[];
  overdue: {
    loanId: string;
    borrower: string;
    disbursedOn: BusinessDate;
    overdueSince: BusinessDate;
    overdueDays: number;
    overduePrincipal: Money;
    principalOutstanding: Money;
  }[];
  writeOffs: { on: BusinessDate; loanId: string; borrower: string; principal: Money }[];
  fund: {
    /** 资金运用: the fund's assets. */
    uses: StatementRow[];
    /** 资金来源: shares, government money, reserves, borrowings, the result not distributed. */
    sources: StatementRow[];
    total: Money;
    openLoans: number;
    principalOutstanding: Money;
    overduePrincipal: Money;
    /** Overdue principal over principal outstanding, in percent with two decimals. */
    overdueRatePercent: string;
    feeIncomeMonth: Money;
    feeIncomeYearToDate: Money;
  };
  totals: {
    loansMade: { count: number; principal: Money };
    repayments: { count: number; amount: Money; principal: Money; fee: Money; penalty: Money };
    overdue: { count: number; overduePrincipal: Money; principalOutstanding: Money };
  };
}

/** The first and last day of a YYYY-MM month. */
export function monthBounds(month: string): { from: BusinessDate; to: BusinessDate } {
  const from = `${month}-01`;
  return { from, to: addDays(addMonths(from, 1), -1) };
}

const byDate = <T extends { on: BusinessDate; loanId: string }>(a: T, b: T) =>
  a.on < b.on ? -1 : a.on > b.on ? 1 : a.loanId < b.loanId ? -1 : a.loanId > b.loanId ? 1 : 0;

export function publicPosting(input: {
  associationId: string;
  associationName: string;
  treasurerPhone: string;
  month: string;
  /** Today: a month still running is posted as of today; a month to come is refused. */
  today: BusinessDate;
  loans: readonly Loan[];
  /** Full names by member id; the posting masks them. */
  names: ReadonlyMap<string, string>;
  /** The association's journal, at least up to the posting's date. */
  entries: readonly LedgerEntry[];
}): PublicPosting {
  const { from, to } = monthBounds(input.month);
  if (from > input.today) {
    throw new Refusal('POSTING_MONTH_NOT_STARTED', `${input.month} 尚未开始，不能公示`, 'refused', {
      field: 'path.month',
    });
  }
  const asOf = to <= input.today ? to : input.today;
  const borrower = (loan: Loan) => maskName(input.names.get(loan.memberId) ?? '—');
  const lent = input.loans.filter((loan) => loan.disbursedOn <= asOf);

  const loansMade = lent
    .filter((loan) => loan.disbursedOn >= from)
    .map((loan) => ({
      loanId: loan.id,
      borrower: borrower(loan),
      disbursedOn: loan.disbursedOn,
      principal: loan.principal,
      termMonths: loan.installments * monthsPerInstallment[loan.frequency],
      monthlyPermille: loan.rate.monthlyPermille,
      method: repaymentMethodLabels[loan.method],
      purpose: loan.purpose,
    }))
    .sort((a, b) => byDate({ ...a, on: a.disbursedOn }, { ...b, on: b.disbursedOn }));

  const repayments = lent
    .flatMap((loan) =>
      activeRepayments(loan, asOf)
        .filter((r) => r.on >= from)
        .map((r) => ({
          on: r.on,
          loanId: loan.id,
          borrower: borrower(loan),
          amount: r.amount,
          principal: r.allocation.principal,
          fee: r.allocation.fee,
          penalty: r.allocation.penaltyFee,
        })),
    )
    .sort(byDate);

  const positions = lent.map((loan) => ({ loan, position: loanPosition(loan, asOf) }));
  const overdue = positions
    .filter(({ position }) => position.status === 'overdue')
    .map(({ loan, position }) => ({
      loanId: loan.id,
      borrower: borrower(loan),
      disbursedOn: loan.disbursedOn,
      overdueSince: position.overdue.since ?? asOf,
      overdueDays: position.overdue.days,
      overduePrincipal: position.overdue.principal,
      principalOutstanding: position.principalOutstanding,
    }))
    .sort((a, b) => b.overdueDays - a.overdueDays || (a.loanId < b.loanId ? -1 : 1));

  const writeOffs = lent
    .filter((loan) => loan.writtenOff && loan.writtenOff.on >= from && loan.writtenOff.on <= asOf)
    .map((loan) => ({
      on: loan.writtenOff?.on ?? asOf,
      loanId: loan.id,
      borrower: borrower(loan),
      principal: loan.writtenOff?.principal ?? Money.zero,
    }))
    .sort(byDate);

  const sheet = balanceSheet(input.entries, asOf);
  const nonZero = (rows: StatementRow[]) => rows.filter((row) => !row.amount.isZero());
  const sources = [
    ...nonZero(sheet.liabilities),
    ...nonZero(sheet.equity),
    ...(sheet.result.total.isZero()
      ? []
      : [{ code: '', name: '未分配收支结余', amount: sheet.result.total }]),
  ];
  const open = positions.filter(({ position }) => position.principalOutstanding.isPositive());
  const principalOutstanding = Money.sum(open.map(({ position }) => position.principalOutstanding));
  const overduePrincipal = Money.sum(overdue.map((o) => o.overduePrincipal));
  const yearStart = `${input.month.slice(0, 4)}-01-01`;

  return {
    associationId: input.associationId,
    associationName: input.associationName,
    treasurerPhone: input.treasurerPhone,
    month: input.month,
    from,
    to,
    asOf,
    complete: asOf === to,
    loansMade,
    repayments,
    overdue,
    writeOffs,
    fund: {
      uses: nonZero(sheet.assets),
      sources,
      total: sheet.totals.assets,
      openLoans: open.length,
      principalOutstanding,
      overduePrincipal,
      overdueRatePercent: principalOutstanding.isPositive()
        ? overduePrincipal.value
            .times(100)
            .div(principalOutstanding.value)
            .toFixed(2, Decimal.ROUND_HALF_UP)
        : '0.00',
      feeIncomeMonth: incomeStatement(input.entries, from, asOf).totals.income,
      feeIncomeYearToDate: incomeStatement(input.entries, yearStart, asOf).totals.income,
    },
    totals: {
      loansMade: {
        count: loansMade.length,
        principal: Money.sum(loansMade.map((l) => l.principal)),
      },
      repayments: {
        count: repayments.length,
        amount: Money.sum(repayments.map((r) => r.amount)),
        principal: Money.sum(repayments.map((r) => r.principal)),
        fee: Money.sum(repayments.map((r) => r.fee)),
        penalty: Money.sum(repayments.map((r) => r.penalty)),
      },
      overdue: {
        count: overdue.length,
        overduePrincipal,
        principalOutstanding: Money.sum(overdue.map((o) => o.principalOutstanding)),
      },
    },
  };
}
