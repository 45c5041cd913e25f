/**
 * Money that enters or leaves the books other than as shares, loans and 调剂 (issue #18):
 *   - running costs (管理费用): the clerk's stipend, stationery, bank charges, other costs;
 *   - other income (其他收入): bank interest and the like;
 *   - paying the declared returns on shares (应付股金分红) to the households;
 *   - spending the welfare fund (公益金);
 *   - the proceeds of an enforced tea garden (抵押物处置收入) on a written-off loan, which
 *     go back to the risk reserve that bore the loss (收回已核销借款).
 * Each is one balanced entry with its voucher; like every entry it is undone by a reversal.
 * Floors: cash and bank never go negative; returns payable and the welfare fund never go
 * below zero (the store puts every floor on the write).
 */
import type { BusinessDate } from '../dates.ts';
import type { Loan } from '../loans/loan.ts';
import type { Money } from '../money.ts';
import { Refusal } from '../refusal.ts';
import { channelAccount, type Channel } from '../members/shares.ts';
import { accounts, type AccountCode } from './chart.ts';
import { balancedEntry, credit, debit, type JournalEntry, type Voucher } from './journal.ts';

export const runningCostCategories = {
  stipend: '会计出纳补贴',
  stationery: '办公用品',
  'bank-charges': '银行手续费',
  other: '其他管理费用',
} as const;

export const otherIncomeCategories = {
  'bank-interest': '银行存款利息',
  other: '其他收入',
} as const;

export type OperatingEntryRequest =
  | { kind: 'running-cost'; category: keyof typeof runningCostCategories }
  | { kind: 'other-income'; category: keyof typeof otherIncomeCategories }
  | { kind: 'share-return-payout'; memberId?: string }
  | { kind: 'welfare-spending' }
  | { kind: 'collateral-proceeds'; loanId: string; certificateNumber?: string };

export type OperatingEntryKind = OperatingEntryRequest['kind'];

export interface OperatingEntryCommon {
  entryId: string;
  on: BusinessDate;
  amount: Money;
  channel: Channel;
  voucher: Voucher;
  memo?: string;
}

/** The account on the other side of cash or bank, whether money comes in, and the label. */
function sideOf(request: OperatingEntryRequest): {
  account: AccountCode;
  incoming: boolean;
  label: string;
} {
  switch (request.kind) {
    case 'running-cost':
      return {
        account: accounts.managementCosts.code,
        incoming: false,
        label: `管理费用：${runningCostCategories[request.category]}`,
      };
    case 'other-income':
      return {
        account: accounts.otherIncome.code,
        incoming: true,
        label: otherIncomeCategories[request.category],
      };
    case 'share-return-payout':
      return {
        account: accounts.shareReturnsPayable.code,
        incoming: false,
        label: '支付股金分红',
      };
    case 'welfare-spending':
      return { account: accounts.welfareFund.code, incoming: false, label: '公益金支出' };
    case 'collateral-proceeds':
      return {
        account: accounts.riskReserve.code,
        incoming: true,
        label: `抵押物处置收入（借款 ${request.loanId}${
          request.certificateNumber ? `，证号 ${request.certificateNumber}` : ''
        }），收回已核销借款`,
      };
  }
}

/** Proceeds of an enforced garden recover a loan that was written off, and only such a loan. */
export function requireWrittenOff(loan: Pick<Loan, 'id' | 'writtenOff'>): void {
  if (loan.writtenOff) return;
  throw new Refusal(
    'PROCEEDS_LOAN_NOT_WRITTEN_OFF',
    `借款 ${loan.id} 未核销；抵押物处置收入只能收回已核销的借款`,
    'refused',
    { loanId: loan.id },
  );
}

export function bookOperatingEntry(
  request: OperatingEntryRequest & OperatingEntryCommon,
): JournalEntry {
  const side = sideOf(request);
  const money = channelAccount[request.channel];
  const lines = side.incoming
    ? [debit(money, request.amount), credit(side.account, request.amount)]
    : [debit(side.account, request.amount), credit(money, request.amount)];
  return balancedEntry({
    id: request.entryId,
    date: request.on,
    kind: request.kind,
    memo: request.memo ? `${side.label}：${request.memo}` : side.label,
    lines,
    voucher: request.voucher,
    ...(request.kind === 'share-return-payout' && request.memberId
      ? { memberId: request.memberId }
      : {}),
    ...(request.kind === 'collateral-proceeds' ? { loanId: request.loanId } : {}),
  });
}
