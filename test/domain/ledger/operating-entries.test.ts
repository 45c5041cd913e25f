import { describe, expect, it } from 'vitest';
import { balancesFromEntries } from '#domain/ledger/trial-balance.ts';
import { bookOperatingEntry, requireWrittenOff } from '#domain/ledger/operating-entries.ts';
import { Money } from '#domain/money.ts';
import { refusalOf } from '../../support/refusal.ts';

const common = {
  entryId: 'je-20260610-aaaaaaaaaa',
  on: '2026-06-10',
  amount: Money.of('600.00'),
  voucher: { number: 'PZ-01', attachments: 1 },
} as const;

const linesOf = (entry: ReturnType<typeof bookOperatingEntry>) =>
  entry.lines.map((l) => [l.account, l.debit.toString(), l.credit.toString()]);

describe('operating entries (issue #18, item 2)', () => {
  it('books each kind against cash or bank on the right side', () => {
    const kinds = [
      [{ kind: 'running-cost', category: 'stipend' }, '5101', 'out', '管理费用：会计出纳补贴'],
      [{ kind: 'other-income', category: 'bank-interest' }, '4201', 'in', '银行存款利息'],
      [{ kind: 'share-return-payout', memberId: 'm0001' }, '2202', 'out', '支付股金分红'],
      [{ kind: 'welfare-spending' }, '3303', 'out', '公益金支出'],
      [
        { kind: 'collateral-proceeds', loanId: 'l0007', certificateNumber: 'LQ-0042' },
        '3301',
        'in',
      ],
    ] as const;
    for (const [request, account, direction, memo] of kinds) {
      const entry = bookOperatingEntry({ ...common, ...request, channel: 'bank' });
      expect(entry.kind).toBe(request.kind);
      expect(entry.voucher).toEqual({ number: 'PZ-01', attachments: 1 });
      const expected =
        direction === 'in'
          ? [
              ['1002', '600.00', '0.00'],
              [account, '0.00', '600.00'],
            ]
          : [
              [account, '600.00', '0.00'],
              ['1002', '0.00', '600.00'],
            ];
      expect(linesOf(entry)).toEqual(expected);
      if (memo) expect(entry.memo).toBe(memo);
      const sum = [...balancesFromEntries([entry]).values()].reduce((a, b) => a.plus(b));
      expect(sum.isZero()).toBe(true);
    }
  });

  it('names the loan and the certificate on collateral proceeds, and the member on a payout', () => {
    const proceeds = bookOperatingEntry({
      ...common,
      kind: 'collateral-proceeds',
      loanId: 'l0007',
      certificateNumber: 'LQ-0042',
      channel: 'cash',
      memo: '拍卖',
    });
    expect(proceeds.loanId).toBe('l0007');
    expect(proceeds.memo).toBe('抵押物处置收入（借款 l0007，证号 LQ-0042），收回已核销借款：拍卖');
    const payout = bookOperatingEntry({
      ...common,
      kind: 'share-return-payout',
      memberId: 'm0003',
      channel: 'cash',
    });
    expect(payout.memberId).toBe('m0003');
  });

  it('takes collateral proceeds only on a written-off loan', () => {
    const refusal = refusalOf(() => requireWrittenOff({ id: 'l0007' }));
    expect(refusal.code).toBe('PROCEEDS_LOAN_NOT_WRITTEN_OFF');
    expect(() =>
      requireWrittenOff({
        id: 'l0007',
        writtenOff: { on: '2026-05-01', principal: Money.of('1.00'), entryId: 'je-x' },
      }),
    ).not.toThrow();
  });
});
