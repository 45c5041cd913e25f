/**
 * Share rules (入股, 配股, 退股) and their postings. Each operation checks the charter and the
 * member's state and returns one balanced journal entry with the member's new state.
 */
import type { Charter } from '../charter.ts';
import { addMonths, type BusinessDate } from '../dates.ts';
import { accounts } from '../ledger/chart.ts';
import { balancedEntry, credit, debit, type JournalEntry } from '../ledger/journal.ts';
import { Money } from '../money.ts';
import { Refusal } from '../refusal.ts';
import type { Member, ShareChange } from './member.ts';

export type Channel = 'cash' | 'bank';

export const channelAccount = {
  cash: accounts.cash.code,
  bank: accounts.bank.code,
} as const;

export interface Booking {
  entry: JournalEntry & { shareChange?: ShareChange };
  /** The member as it will be after the entry; written only if it did not change meanwhile. */
  member?: Member;
}

interface ShareRequest {
  entryId: string;
  shares: number;
  on: BusinessDate;
}

function requireActive(member: Member, on: BusinessDate): void {
  if (member.status !== 'active') {
    throw new Refusal('MEMBER_EXITED', '该会员已退会，不能办理股金业务');
  }
  // Past balances must stay true too: nothing is booked for a household before it joined.
  if (on < member.joinedOn) {
    throw new Refusal(
      'SHARE_DATE_BEFORE_JOINING',
      `业务日期早于入会日期（${member.joinedOn}）`,
      'refused',
      {
        field: 'on',
        joinedOn: member.joinedOn,
      },
    );
  }
}

function requireWholeShares(shares: number): void {
  if (!Number.isInteger(shares) || shares < 1) {
    throw new Refusal('SHARES_INVALID', '股数必须是正整数', 'invalid', { field: 'shares' });
  }
}

export function applyShareChange(member: Member, change: ShareChange): Member {
  return {
    ...member,
    ownShares: member.ownShares + change.ownShares,
    ownShareAmount: member.ownShareAmount.plus(change.ownShareAmount),
    fiscalShares: member.fiscalShares + change.fiscalShares,
    fiscalShareAmount: member.fiscalShareAmount.plus(change.fiscalShareAmount),
  };
}

/** 入股: the household pays cash or by bank for shares at the charter's price. */
export function purchaseShares(
  member: Member,
  charter: Charter,
  request: ShareRequest & { channel: Channel },
): Booking {
  requireActive(member, request.on);
  requireWholeShares(request.shares);
  const held = member.ownShares + request.shares;
  if (held > charter.maxShares) {
    throw new Refusal(
      'SHARES_ABOVE_MAXIMUM',
      `入股后持股 ${held} 股，超过章程规定的最多 ${charter.maxShares} 股`,
      'refused',
      { maxShares: charter.maxShares, held: member.ownShares, requested: request.shares },
    );
  }
  if (held < charter.minShares) {
    throw new Refusal(
      'SHARES_BELOW_MINIMUM',
      `入股后持股 ${held} 股，少于章程规定的最少 ${charter.minShares} 股`,
      'refused',
      { minShares: charter.minShares, held: member.ownShares, requested: request.shares },
    );
  }
  const amount = Money.of(charter.sharePrice).times(request.shares);
  const shareChange: ShareChange = {
    ownShares: request.shares,
    ownShareAmount: amount,
    fiscalShares: 0,
    fiscalShareAmount: Money.zero,
  };
  return {
    entry: {
      ...balancedEntry({
        id: request.entryId,
        date: request.on,
        kind: 'share-purchase',
        memo: `${member.name} 入股 ${request.shares} 股`,
        memberId: member.id,
        lines: [
          debit(channelAccount[request.channel], amount),
          credit(accounts.memberShares.code, amount),
        ],
      }),
      shareChange,
    },
    member: applyShareChange(member, shareChange),
  };
}

/** 配股: fiscal money credited to a low-income household as shares; no cash moves. */
export function grantFiscalShares(
  member: Member,
  charter: Charter,
  request: ShareRequest,
): Booking {
  requireActive(member, request.on);
  requireWholeShares(request.shares);
  if (member.lowIncome === 'none') {
    throw new Refusal(
      'FISCAL_SHARES_NOT_ELIGIBLE',
      '只有低收入农户（低保、五保、脱贫监测户）可以配股',
    );
  }
  const held = member.fiscalShares + request.shares;
  if (held > charter.fiscalSharesForLowIncome) {
    throw new Refusal(
      'FISCAL_SHARES_ABOVE_LIMIT',
      `配股后共 ${held} 股，超过章程规定的每户最多 ${charter.fiscalSharesForLowIncome} 股`,
      'refused',
      {
        limit: charter.fiscalSharesForLowIncome,
        held: member.fiscalShares,
        requested: request.shares,
      },
    );
  }
  const amount = Money.of(charter.sharePrice).times(request.shares);
  const shareChange: ShareChange = {
    ownShares: 0,
    ownShareAmount: Money.zero,
    fiscalShares: request.shares,
    fiscalShareAmount: amount,
  };
  return {
    entry: {
      ...balancedEntry({
        id: request.entryId,
        date: request.on,
        kind: 'fiscal-share-grant',
        memo: `${member.name} 配股 ${request.shares} 股`,
        memberId: member.id,
        lines: [
          debit(accounts.fiscalMoney.code, amount),
          credit(accounts.fiscalShares.code, amount),
        ],
      }),
      shareChange,
    },
    member: applyShareChange(member, shareChange),
  };
}

/**
 * 退股: after the lock-in, with no loan outstanding and no guarantee standing. Withdrawing
 * every own share ends the membership, and fiscal shares return to the fund's fiscal money.
 */
export function redeemShares(
  member: Member,
  charter: Charter,
  request: ShareRequest & { channel: Channel },
): Booking {
  requireActive(member, request.on);
  requireWholeShares(request.shares);
  const unlockedOn = addMonths(member.joinedOn, charter.shareLockInMonths);
  if (request.on < unlockedOn) {
    throw new Refusal(
      'SHARES_LOCKED_IN',
      `入会满 ${charter.shareLockInMonths} 个月后才能退股（${unlockedOn} 起）`,
      'refused',
      { joinedOn: member.joinedOn, unlockedOn },
    );
  }
  if (member.openLoans > 0) {
    throw new Refusal('SHARES_LOAN_OUTSTANDING', '该户尚有未还清的借款，不能退股', 'refused', {
      openLoans: member.openLoans,
    });
  }
  if (member.debtOnRecord?.isPositive()) {
    throw new Refusal(
      'SHARES_DEBT_ON_RECORD',
      `该户尚欠已核销借款 ${member.debtOnRecord.format()}，还清前不能退股`,
      'refused',
      { debtOnRecord: member.debtOnRecord.toString() },
    );
  }
  if (member.guaranteeCalled?.isPositive()) {
    throw new Refusal(
      'SHARES_FROZEN_GUARANTEE_CALLED',
      `该户作为担保人被追偿 ${member.guaranteeCalled.format()}，清偿前股金冻结`,
      'refused',
      { guaranteeCalled: member.guaranteeCalled.toString() },
    );
  }
  if (member.guaranteesStanding > 0) {
    throw new Refusal(
      'SHARES_GUARANTEE_STANDING',
      '该户正在为他人借款提供担保，不能退股',
      'refused',
      {
        guaranteesStanding: member.guaranteesStanding,
      },
    );
  }
  if (request.shares > member.ownShares) {
    throw new Refusal(
      'SHARES_ABOVE_HELD',
      `退股 ${request.shares} 股，超过持有的 ${member.ownShares} 股`,
      'refused',
      { held: member.ownShares, requested: request.shares },
    );
  }
  const remaining = member.ownShares - request.shares;
  if (remaining > 0 && remaining < charter.minShares) {
    throw new Refusal(
      'SHARES_BELOW_MINIMUM',
      `退股后剩余 ${remaining} 股，少于章程规定的最少 ${charter.minShares} 股；可全部退股退会`,
      'refused',
      { minShares: charter.minShares, held: member.ownShares, requested: request.shares },
    );
  }
  const exits = remaining === 0;
  // Shares bought at different prices are repaid at their average; the last one takes the rest.
  const amount = exits
    ? member.ownShareAmount
    : Money.round(member.ownShareAmount.value.times(request.shares).div(member.ownShares));
  const fiscalAmount = exits ? member.fiscalShareAmount : Money.zero;
  const lines = [
    debit(accounts.memberShares.code, amount),
    credit(channelAccount[request.channel], amount),
  ];
  if (fiscalAmount.isPositive()) {
    lines.push(
      debit(accounts.fiscalShares.code, fiscalAmount),
      credit(accounts.fiscalMoney.code, fiscalAmount),
    );
  }
  const shareChange: ShareChange = {
    ownShares: -request.shares,
    ownShareAmount: amount.negated(),
    fiscalShares: exits ? -member.fiscalShares : 0,
    fiscalShareAmount: fiscalAmount.negated(),
  };
  const after = applyShareChange(member, shareChange);
  return {
    entry: {
      ...balancedEntry({
        id: request.entryId,
        date: request.on,
        kind: 'share-redemption',
        memo: `${member.name} 退股 ${request.shares} 股${exits ? '（退会）' : ''}`,
        memberId: member.id,
        lines,
      }),
      shareChange,
    },
    member: exits ? { ...after, status: 'exited' } : after,
  };
}
