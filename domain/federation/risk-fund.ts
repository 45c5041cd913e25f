/**
 * The federation's risk fund (风险防范救助, shared/DOMAIN.md): associations contribute a share
 * of their fee income; the federation pays relief to an association hit by defaults. The
 * federation keeps its own books for it (bank 1002, risk fund 3401); each operation is one
 * entry in the association's books and one in the federation's, written together.
 *
 *   contribution  association Dr 5201 风险基金缴款  Cr 1002 银行存款
 *                 federation  Dr 1002 银行存款      Cr 3401 风险基金
 *   relief        federation  Dr 3401 风险基金      Cr 1002 银行存款
 *                 association Dr 1002 银行存款      Cr 3301 风险准备金 (restores the reserve
 *                                                    that write-offs used up)
 */
import type { BusinessDate } from '../dates.ts';
import { accounts } from '../ledger/chart.ts';
import { credit, debit, type JournalEntry } from '../ledger/journal.ts';
import { Money } from '../money.ts';
import { Refusal } from '../refusal.ts';
import { percentOf, type FederationSettings } from './settings.ts';
import { federationPosting } from './transfers.ts';

export interface TwoBooks {
  association: JournalEntry;
  federation: JournalEntry;
}

interface RiskFundRequest {
  associationId: string;
  amount: Money;
  on: BusinessDate;
  associationEntryId: string;
  federationEntryId: string;
}

/** What an association owes the fund on its fee income, at the federation's rate. */
export function contributionDue(feeIncome: Money, settings: FederationSettings): Money {
  return percentOf(feeIncome, settings.riskFundContributionPercent);
}

export function riskFundContribution(request: RiskFundRequest): TwoBooks {
  const { amount, on } = request;
  return {
    association: federationPosting({
      id: request.associationEntryId,
      date: on,
      kind: 'risk-fund-contribution',
      memo: '缴纳联合会风险基金',
      lines: [
        debit(accounts.riskFundContributions.code, amount),
        credit(accounts.bank.code, amount),
      ],
    }),
    federation: federationPosting({
      id: request.federationEntryId,
      date: on,
      kind: 'risk-fund-contribution',
      memo: `收到 ${request.associationId} 缴纳的风险基金`,
      lines: [debit(accounts.bank.code, amount), credit(accounts.riskFund.code, amount)],
    }),
  };
}

/** Relief is paid only from what the fund holds; the writes carry the same floors. */
export function riskFundRelief(
  request: RiskFundRequest & {
    /** Credit balance of 3401 and debit balance of 1002 in the federation's books. */
    riskFund: Money;
    federationBank: Money;
    writeOffEntryId?: string;
  },
): TwoBooks {
  const { amount, on } = request;
  if (amount.gt(request.riskFund)) {
    throw new Refusal(
      'RISK_FUND_INSUFFICIENT',
      `风险基金余额 ${request.riskFund.format()}，不足以支付救助 ${amount.format()}`,
      'refused',
      { field: 'amount', available: request.riskFund.toString() },
    );
  }
  if (amount.gt(request.federationBank)) {
    throw new Refusal(
      'FEDERATION_BANK_INSUFFICIENT',
      `联合会银行存款 ${request.federationBank.format()}，不足以支付救助 ${amount.format()}`,
      'refused',
      { field: 'amount', available: request.federationBank.toString() },
    );
  }
  const reason = request.writeOffEntryId ? `（核销凭证 ${request.writeOffEntryId}）` : '';
  return {
    federation: federationPosting({
      id: request.federationEntryId,
      date: on,
      kind: 'risk-fund-relief',
      memo: `向 ${request.associationId} 支付风险救助${reason}`,
      lines: [debit(accounts.riskFund.code, amount), credit(accounts.bank.code, amount)],
    }),
    association: federationPosting({
      id: request.associationEntryId,
      date: on,
      kind: 'risk-fund-relief',
      memo: `收到联合会风险救助，补充风险准备金${reason}`,
      lines: [debit(accounts.bank.code, amount), credit(accounts.riskReserve.code, amount)],
    }),
  };
}

/**
 * What the fund took in and paid out over its history: the risk-fund (3401) side of every
 * contribution and every relief in the federation's books.
 */
export function riskFundMovements(entries: readonly Pick<JournalEntry, 'kind' | 'lines'>[]): {
  contributed: Money;
  relieved: Money;
} {
  const total = (kind: JournalEntry['kind']) =>
    Money.sum(
      entries
        .filter((entry) => entry.kind === kind)
        .flatMap((entry) => entry.lines.filter((l) => l.account === accounts.riskFund.code))
        .map((line) => line.credit.plus(line.debit)),
    );
  return { contributed: total('risk-fund-contribution'), relieved: total('risk-fund-relief') };
}
