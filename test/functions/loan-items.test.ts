/**
 * How a loan is stored (functions/store/loans.ts): the schedule and the repayments as JSON
 * text with amounts as decimal strings, read back to the same loan; items written before,
 * with the same fields as DynamoDB maps and Numbers, are still read.
 */
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Loan } from '#domain/loans/loan.ts';
import { loanPosition } from '#domain/loans/position.ts';
import { recordRepayment, reverseRepayment } from '#domain/loans/repayment.ts';
import { Money } from '#domain/money.ts';
import { loanFromItem, loanItem } from '../../functions/store/loans.ts';
import { loan12k } from '../domain/loans/loan-fixtures.ts';

/** Money serialises as its text, so two loans compare by value. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

function repaidLoan(): Loan {
  let loan = loan12k();
  for (const [id, on, amount] of [
    ['r1', '2024-02-29', '3151.49'],
    ['r2', '2024-04-05', '1000.00'],
    ['r3', '2024-04-06', '0.50'],
  ] as const) {
    loan = recordRepayment(loan, {
      id,
      entryId: `je-${id}`,
      on,
      amount: Money.of(amount),
      channel: 'bank',
    }).loan;
  }
  return reverseRepayment(loan, 'r3', '2024-04-07').loan;
}

describe('loan items', () => {
  const loan = { ...repaidLoan(), pledgedCertificateIds: ['ZJ-LQ-2024-0001'] };
  const item = loanItem(loan, loanPosition(loan, '2024-04-07'));

  it('keeps the schedule and the repayments as JSON text, amounts as strings', () => {
    expect(typeof item.schedule).toBe('string');
    expect(typeof item.repayments).toBe('string');
    const repayments = JSON.parse(item.repayments as string);
    expect(repayments).toHaveLength(3);
    expect(repayments[0]).toMatchObject({
      on: '2024-02-29',
      amount: '3151.49',
      allocation: { penaltyFee: '0.00', fee: '240.00', principal: '2911.49' },
      reversed: false,
    });
    expect(repayments[2]).toMatchObject({
      amount: '0.50',
      reversed: true,
      reversedOn: '2024-04-07',
    });
    // No amount anywhere in the text is a JSON number.
    expect(item.schedule).not.toMatch(/"(principal|fee|total|balanceAfter|totalFee|totalDue)":\d/);
    expect(item.repayments).not.toMatch(/":\d/);
  });

  it('reads back the same loan, and the same position', () => {
    const read = loanFromItem(item);
    expect(plain(read)).toEqual(plain(loan));
    expect(plain(loanPosition(read, '2024-06-30'))).toEqual(
      plain(loanPosition(loan, '2024-06-30')),
    );
  });

  it('still reads an item written with maps and Numbers (trailing zeros dropped)', () => {
    const number = (text: string) => NumberValue.from(text.replace(/\.?0+$/, '') || '0');
    const legacy = {
      ...item,
      schedule: {
        installments: loan.schedule.installments.map((row) => ({
          number: NumberValue.from(String(row.number)),
          dueOn: row.dueOn,
          principal: number(row.principal),
          fee: number(row.fee),
          total: number(row.total),
          balanceAfter: number(row.balanceAfter),
        })),
        totalFee: number(loan.schedule.totalFee),
        totalDue: number(loan.schedule.totalDue),
      },
      repayments: loan.repayments.map((r) => ({
        id: r.id,
        entryId: r.entryId,
        on: r.on,
        amount: number(r.amount.toString()),
        channel: r.channel,
        allocation: {
          penaltyFee: number(r.allocation.penaltyFee.toString()),
          fee: number(r.allocation.fee.toString()),
          principal: number(r.allocation.principal.toString()),
        },
        reversed: r.reversed,
        reversedOn: r.reversedOn,
      })),
    };
    expect(legacy.schedule.installments[0]!.fee.toString()).toBe('240');
    expect(plain(loanFromItem(legacy))).toEqual(plain(loan));
  });
});
