/**
 * Fee rates. Treasurers quote a monthly per-mille (月占用费率 6‰), banks and subsidy rules an
 * annual percentage; both are kept in one normal form beside the original wording.
 */
import { Decimal, parseDecimal } from './money.ts';
import { Refusal } from './refusal.ts';

export type RateWording = { annualPercent: string } | { monthlyPermille: string };

export interface Rate {
  /** Annual rate as a fraction: 0.072 for 7.2% a year or 6‰ a month. */
  readonly annual: Decimal;
  /** Monthly rate as a fraction: annual / 12. */
  readonly monthly: Decimal;
  /** What the treasurer or the contract said. */
  readonly wording: RateWording;
}

export function parseRate(wording: RateWording): Rate {
  const [unit, text] =
    'annualPercent' in wording
      ? (['annualPercent', wording.annualPercent] as const)
      : (['monthlyPermille', wording.monthlyPermille] as const);
  let value: Decimal;
  try {
    value = parseDecimal(text);
  } catch {
    throw new Refusal('RATE_INVALID', `费率格式不正确：${String(text)}`, 'invalid', {
      field: unit,
    });
  }
  if (value.isNegative()) {
    throw new Refusal('RATE_NEGATIVE', '费率不能为负数', 'invalid', { field: unit });
  }
  if (unit === 'annualPercent') {
    const annual = value.div(100);
    return { annual, monthly: annual.div(12), wording };
  }
  const monthly = value.div(1000);
  return { annual: monthly.times(12), monthly, wording };
}

/** The normal form as it is stored and sent: both units as decimal strings, and the wording. */
export function describeRate(rate: Rate): {
  annualPercent: string;
  monthlyPermille: string;
  wording: RateWording;
} {
  return {
    annualPercent: rate.annual.times(100).toDecimalPlaces(6).toString(),
    monthlyPermille: rate.monthly.times(1000).toDecimalPlaces(6).toString(),
    wording: rate.wording,
  };
}
