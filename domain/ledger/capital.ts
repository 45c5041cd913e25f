/** Capital that is not member shares: fiscal money, special support money, donations. */
import type { BusinessDate } from '../dates.ts';
import type { Money } from '../money.ts';
import type { Booking, Channel } from '../members/shares.ts';
import { channelAccount } from '../members/shares.ts';
import { accounts } from './chart.ts';
import { balancedEntry, credit, debit } from './journal.ts';

export const capitalKinds = {
  fiscal: { account: accounts.fiscalMoney.code, label: '省财政原渠道扶持资金' },
  'special-support': { account: accounts.specialSupport.code, label: '特扶资金' },
  donation: { account: accounts.donations.code, label: '捐赠资金' },
} as const;

export type CapitalKind = keyof typeof capitalKinds;

export function bookCapital(request: {
  entryId: string;
  kind: CapitalKind;
  amount: Money;
  on: BusinessDate;
  channel: Channel;
  memo?: string;
}): Booking {
  const { account, label } = capitalKinds[request.kind];
  return {
    entry: balancedEntry({
      id: request.entryId,
      date: request.on,
      kind: 'capital',
      memo: request.memo ? `${label}：${request.memo}` : `收到${label}`,
      lines: [
        debit(channelAccount[request.channel], request.amount),
        credit(account, request.amount),
      ],
    }),
  };
}
