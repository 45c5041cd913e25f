/** View models of the farmer page, for the render tests. */
import { addMonths } from '#domain/dates.ts';
import { Money } from '#domain/money.ts';
import type { LoanPageView } from '../../../functions/farmer-page/render.ts';

/** 12,000 in 4 installments, the first paid, the second overdue on 2024-04-05. */
export function overdueLoanView(): LoanPageView {
  return {
    associationName: '竹垟畲族乡竹垟村资金互助会',
    treasurerPhone: '13857801000',
    householdName: '雷*山',
    loanAmount: Money.of('12000.00'),
    disbursedOn: '2024-01-31',
    status: 'overdue',
    overdueDays: 5,
    owedNow: Money.of('3164.86'),
    principalOutstanding: Money.of('9088.51'),
    nextDue: { dueOn: '2024-04-30', amount: Money.of('3151.49') },
    schedule: [
      ['2024-02-29', '2911.49', '240.00', '0.00', 'paid'],
      ['2024-03-31', '2969.72', '181.77', '3151.49', 'overdue'],
      ['2024-04-30', '3029.11', '122.38', '3151.49', 'not-due'],
      ['2024-05-31', '3089.68', '61.79', '3151.47', 'not-due'],
    ].map(([dueOn, principal, fee, outstanding, status], i) => ({
      number: i + 1,
      dueOn: dueOn!,
      principal: Money.of(principal!),
      fee: Money.of(fee!),
      outstanding: Money.of(outstanding!),
      status: status as LoanPageView['schedule'][number]['status'],
    })),
    repayments: [
      {
        on: '2024-02-29',
        amount: Money.of('3151.49'),
        principal: Money.of('2911.49'),
        fee: Money.of('240.00'),
        penalty: Money.zero,
      },
    ],
    subsidyReceived: Money.of('120.00'),
    subsidyHeld: Money.zero,
    asOf: '2024-04-05',
  };
}

/** A long loan: 60 monthly installments, 59 repaid, the longest page the charter allows. */
export function longLoanView(): LoanPageView {
  const base = overdueLoanView();
  const dueOn = (i: number) => addMonths('2020-01-15', i + 1);
  return {
    ...base,
    associationName: '龙泉市竹垟畲族乡盖竹村资金互助会',
    loanAmount: Money.of('100000.00'),
    status: 'current',
    overdueDays: 0,
    schedule: Array.from({ length: 60 }, (_, i) => ({
      number: i + 1,
      dueOn: dueOn(i),
      principal: Money.of('1666.67'),
      fee: Money.of('999.99'),
      outstanding: i < 59 ? Money.zero : Money.of('2666.66'),
      status: i < 59 ? ('paid' as const) : ('not-due' as const),
    })),
    repayments: Array.from({ length: 59 }, (_, i) => ({
      on: dueOn(i),
      amount: Money.of('102666.66'),
      principal: Money.of('101666.67'),
      fee: Money.of('999.99'),
      penalty: Money.of('12.34'),
    })),
  };
}
