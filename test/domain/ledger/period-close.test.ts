import { describe, expect, it } from 'vitest';
import type { AccountCode } from '#domain/ledger/chart.ts';
import {
  closePeriod,
  noPeriodClosed,
  reopenPeriod,
  type PeriodClose,
} from '#domain/ledger/period-close.ts';
import { Money } from '#domain/money.ts';
import { refusalOf } from '../../support/refusal.ts';

const sound = new Map<AccountCode, Money>([
  ['1001', Money.of('1200.00')],
  ['1002', Money.of('0.00')],
]);
const close = (current: PeriodClose, through: string, balances = sound) =>
  closePeriod(current, {
    through,
    today: '2026-11-29',
    balancesThrough: balances,
    by: 'treasurer-01',
    at: '2026-11-29T02:00:00.000Z',
  });

describe('结账: closing the books month by month', () => {
  it('closes an ended month and keeps the history', () => {
    const october = close(noPeriodClosed, '2026-10-31');
    expect(october).toEqual({
      closedThrough: '2026-10-31',
      history: [
        {
          action: 'close',
          closedThrough: '2026-10-31',
          by: 'treasurer-01',
          at: '2026-11-29T02:00:00.000Z',
        },
      ],
    });
    // Leap years; and September then October, each once.
    expect(close(noPeriodClosed, '2024-02-29').closedThrough).toBe('2024-02-29');
    expect(close(noPeriodClosed, '2023-02-28').closedThrough).toBe('2023-02-28');
    const september = close(noPeriodClosed, '2026-09-30');
    expect(close(september, '2026-10-31').history.map((e) => e.closedThrough)).toEqual([
      '2026-09-30',
      '2026-10-31',
    ]);
  });

  it('refuses a day that is not a month end, a month not over, and a month already closed', () => {
    expect(refusalOf(() => close(noPeriodClosed, '2026-10-30'))).toMatchObject({
      code: 'PERIOD_CLOSE_NOT_MONTH_END',
      kind: 'invalid',
    });
    expect(refusalOf(() => close(noPeriodClosed, '2024-02-28')).code).toBe(
      'PERIOD_CLOSE_NOT_MONTH_END',
    );
    expect(refusalOf(() => close(noPeriodClosed, '2026-11-30')).code).toBe('PERIOD_NOT_ENDED');
    const october = close(noPeriodClosed, '2026-10-31');
    expect(refusalOf(() => close(october, '2026-10-31')).code).toBe('PERIOD_ALREADY_CLOSED');
    expect(refusalOf(() => close(october, '2026-09-30')).code).toBe('PERIOD_ALREADY_CLOSED');
  });

  it('refuses to close books that show negative cash or bank on the last day', () => {
    const overdrawn = new Map<AccountCode, Money>([['1002', Money.of('-0.01')]]);
    const refusal = refusalOf(() => close(noPeriodClosed, '2026-10-31', overdrawn));
    expect(refusal.code).toBe('PERIOD_CLOSE_NEGATIVE_BALANCE');
    expect(refusal.details).toEqual({ account: '1002', balance: '-0.01', through: '2026-10-31' });
    expect(refusal.title).toContain('银行存款');
  });
});

describe('反结账: reopening', () => {
  const closed = close(close(noPeriodClosed, '2026-09-30'), '2026-10-31');
  const reopen = (current: PeriodClose, through?: string) =>
    reopenPeriod(current, { through, reason: '补记漏登的还款', by: 'supervisor', at: 'now' });

  it('reopens the months after a month end, or all of them', () => {
    const september = reopen(closed, '2026-09-30');
    expect(september.closedThrough).toBe('2026-09-30');
    expect(september.history.at(-1)).toEqual({
      action: 'reopen',
      closedThrough: '2026-09-30',
      by: 'supervisor',
      at: 'now',
      reason: '补记漏登的还款',
    });
    const all = reopen(closed);
    expect(all.closedThrough).toBeUndefined();
    expect(all.history.map((e) => e.action)).toEqual(['close', 'close', 'reopen']);
  });

  it('refuses when nothing is closed, a later day, and a day that is not a month end', () => {
    expect(refusalOf(() => reopen(noPeriodClosed)).code).toBe('PERIOD_NOT_CLOSED');
    expect(refusalOf(() => reopen(closed, '2026-10-31')).code).toBe('PERIOD_REOPEN_NOT_EARLIER');
    expect(refusalOf(() => reopen(closed, '2026-09-15')).code).toBe('PERIOD_CLOSE_NOT_MONTH_END');
  });
});
