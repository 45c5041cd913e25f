/**
 * A federation's rules (shared/DOMAIN.md, Federation rules): the 调剂 fee rate and term, how
 * much cash an association keeps and may place, the risk-fund share of fee income, and the
 * rating thresholds the dashboard will use. Every figure is a setting; the defaults are the
 * typical values. An absent setting means the default.
 */
import * as z from 'zod';
import { percentText, rateWording } from '../formats.ts';
import { accounts, type AccountCode } from '../ledger/chart.ts';
import { Decimal, Money } from '../money.ts';

/** Yellow at or above the first figure, red at or above the second (percent strings). */
const threshold = (yellow: string, red: string) =>
  z
    .strictObject({ yellow: percentText, red: percentText })
    .refine((t) => new Decimal(t.yellow).lte(t.red), {
      message: '黄色预警线不能高于红色预警线',
      path: ['yellow'],
    })
    .default({ yellow, red });

export const federationSettingsSchema = z.strictObject({
  /** 调剂 fee rate, as the federation words it (月 ‰ or annual %). */
  transferFee: rateWording.default({ monthlyPermille: '5' }),
  transferTermMonths: z.int().min(1).max(60).default(6),
  /** Cash an association must keep, as a percentage of its fund. */
  reserveFloorPercent: percentText.default('10'),
  /** No association may place more than this share of its fund with others. */
  placementCapPercent: percentText.default('30'),
  /** Associations pay this share of their fee income into the risk fund. */
  riskFundContributionPercent: percentText.default('10'),
  ratingThresholds: z
    .strictObject({
      overdueRatePercent: threshold('5', '10'),
      par30Percent: threshold('3', '8'),
      lentOutSharePercent: threshold('90', '100'),
    })
    .default({
      overdueRatePercent: { yellow: '5', red: '10' },
      par30Percent: { yellow: '3', red: '8' },
      lentOutSharePercent: { yellow: '90', red: '100' },
    }),
});

export type FederationSettings = z.infer<typeof federationSettingsSchema>;

export function defaultFederationSettings(): FederationSettings {
  return federationSettingsSchema.parse({});
}

/** The equity accounts that make up an association's fund: shares, capital, reserves. */
export const fundAccounts: readonly AccountCode[] = [
  accounts.memberShares.code,
  accounts.fiscalShares.code,
  accounts.fiscalMoney.code,
  accounts.specialSupport.code,
  accounts.donations.code,
  accounts.riskReserve.code,
  accounts.capitalReserve.code,
  accounts.welfareFund.code,
];

/** The fund: the credit balance of the fund accounts (balances are signed debit − credit). */
export function fundOf(balances: ReadonlyMap<string, Money>): Money {
  return Money.sum(fundAccounts.map((code) => balances.get(code) ?? Money.zero)).negated();
}

/** `percent` % of an amount, rounded half-up to the 分. */
export function percentOf(amount: Money, percent: string): Money {
  return Money.round(amount.value.times(percent).div(100));
}
