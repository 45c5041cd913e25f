/**
 * Money and decimals. Every amount and rate in Huzhu is a decimal.js value built from a
 * string; a JS number never carries money (shared/DESIGN.md, Money).
 */
import { Decimal as DecimalJs } from 'decimal.js';

/** decimal.js with enough precision for any fee computation and no silent float. */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

export type RoundingMode = 'half-up' | 'half-even';

export const roundingModes: Record<RoundingMode, DecimalJs.Rounding> = {
  'half-up': DecimalJs.ROUND_HALF_UP,
  'half-even': DecimalJs.ROUND_HALF_EVEN,
};

/** A non-negative or signed amount written as a plain decimal string: "1234.5", "-3", "0.07". */
const decimalPattern = /^-?\d+(\.\d+)?$/;

/** Parses a decimal string strictly: no exponent, no spaces, no thousands separators. */
export function parseDecimal(text: string): Decimal {
  if (typeof text !== 'string' || !decimalPattern.test(text)) {
    throw new RangeError(`not a decimal string: ${String(text)}`);
  }
  return new Decimal(text);
}

/** Rounds a decimal to `digits` places, or to a multiple of `inMultiplesOf` when given. */
export function roundDecimal(
  value: Decimal,
  options: { digits?: number; mode?: RoundingMode; inMultiplesOf?: string } = {},
): Decimal {
  const mode = roundingModes[options.mode ?? 'half-up'];
  if (options.inMultiplesOf !== undefined) {
    const step = parseDecimal(options.inMultiplesOf);
    if (step.lte(0)) throw new RangeError('inMultiplesOf must be positive');
    return value.div(step).toDecimalPlaces(0, mode).times(step);
  }
  return value.toDecimalPlaces(options.digits ?? 2, mode);
}

/** An amount of CNY, exact to the 分 (two decimals). Immutable. */
export class Money {
  private constructor(readonly value: Decimal) {}

  static readonly zero = new Money(new Decimal(0));

  /** Parses "1234.50" (at most two decimals, sign allowed). Throws on anything else. */
  static of(text: string): Money {
    const value = parseDecimal(text);
    if (value.decimalPlaces() > 2) throw new RangeError(`more than two decimals: ${text}`);
    return new Money(value);
  }

  /** Rounds an exact decimal result (a fee, a share of a split) to the 分. */
  static round(value: Decimal, mode: RoundingMode = 'half-up'): Money {
    return new Money(value.toDecimalPlaces(2, roundingModes[mode]));
  }

  /** Wraps a decimal that is already exact to the 分; throws if it is not. */
  static exact(value: Decimal): Money {
    if (!value.isFinite() || value.decimalPlaces() > 2) {
      throw new RangeError(`not an amount in 分: ${value.toString()}`);
    }
    return new Money(value);
  }

  static sum(amounts: Iterable<Money>): Money {
    let total = new Decimal(0);
    for (const amount of amounts) total = total.plus(amount.value);
    return new Money(total);
  }

  plus(other: Money): Money {
    return new Money(this.value.plus(other.value));
  }

  minus(other: Money): Money {
    return new Money(this.value.minus(other.value));
  }

  negated(): Money {
    return new Money(this.value.negated());
  }

  /** Multiplies by a whole number of units (shares, installments); stays exact. */
  times(count: number | bigint): Money {
    if (typeof count === 'number' && !Number.isInteger(count)) {
      throw new RangeError(
        'Money.times takes a whole count; round a rate product with Money.round',
      );
    }
    return new Money(this.value.times(count.toString()));
  }

  isZero(): boolean {
    return this.value.isZero();
  }

  isNegative(): boolean {
    return this.value.isNegative() && !this.value.isZero();
  }

  isPositive(): boolean {
    return this.value.gt(0);
  }

  compare(other: Money): -1 | 0 | 1 {
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }

  equals(other: Money): boolean {
    return this.value.eq(other.value);
  }

  gt(other: Money): boolean {
    return this.value.gt(other.value);
  }

  lt(other: Money): boolean {
    return this.value.lt(other.value);
  }

  min(other: Money): Money {
    return this.lt(other) ? this : other;
  }

  max(other: Money): Money {
    return this.gt(other) ? this : other;
  }

  /** The wire form: two decimals, no grouping, "-" for negatives: "1234.50". */
  toString(): string {
    return this.value.toFixed(2);
  }

  toJSON(): string {
    return this.toString();
  }

  /** For people: "¥12,345.60", "-¥8.00". */
  format(): string {
    const [whole = '0', cents = '00'] = this.value.abs().toFixed(2).split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${this.isNegative() ? '-' : ''}¥${grouped}.${cents}`;
  }

  /** The amount in Chinese capitals for receipts and contracts: 壹万贰仟叁佰肆拾伍元陆角整. */
  toChineseCapital(): string {
    if (this.isNegative()) return `负${this.negated().toChineseCapital()}`;
    const [whole = '0', cents = '00'] = this.value.toFixed(2).split('.');
    const jiao = Number(cents.charAt(0));
    const fen = Number(cents.charAt(1));
    const yuan = whole === '0' ? '' : `${integerToCapital(whole)}元`;
    if (jiao === 0 && fen === 0) return `${yuan || '零元'}整`;
    const jiaoText = jiao > 0 ? `${capitalDigits.charAt(jiao)}角` : yuan ? '零' : '';
    const fenText = fen > 0 ? `${capitalDigits.charAt(fen)}分` : '整';
    return yuan + jiaoText + fenText;
  }
}

const capitalDigits = '零壹贰叁肆伍陆柒捌玖';
const smallUnits = ['仟', '佰', '拾', ''] as const;
const groupUnits = ['', '万', '亿', '万亿'];

/** A whole number (as digits) in capitals, grouped by 万: 100001 → 壹拾万零壹. */
function integerToCapital(digits: string): string {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 4)
    groups.unshift(digits.slice(Math.max(0, end - 4), end));
  if (groups.length > groupUnits.length) throw new RangeError('amount too large for capitals');
  let text = '';
  let zeroPending = false;
  groups.forEach((group, index) => {
    const padded = group.padStart(4, '0');
    if (/^0+$/.test(padded)) {
      zeroPending = text !== '';
      return;
    }
    if (text !== '' && (zeroPending || padded.startsWith('0'))) text += '零';
    text += groupToCapital(padded) + groupUnits[groups.length - 1 - index];
    zeroPending = padded.endsWith('0');
  });
  return text;
}

/** Four digits (not all zero) in capitals, one 零 for each run of inner zeros. */
function groupToCapital(fourDigits: string): string {
  let text = '';
  let zeroRun = false;
  for (let i = 0; i < 4; i += 1) {
    const digit = Number(fourDigits[i]);
    if (digit === 0) {
      zeroRun = text !== '';
      continue;
    }
    if (zeroRun) text += '零';
    text += capitalDigits.charAt(digit) + (smallUnits[i] ?? '');
    zeroRun = false;
  }
  return text;
}

/** An amount in whole 分, for integer arithmetic. */
export const inCents = (amount: Money): bigint => BigInt(amount.value.times(100).toFixed(0));
const fromCents = (value: bigint) => Money.exact(new Decimal(value.toString()).div(100));

/**
 * Splits `total` in proportion to whole-number weights, to the 分: each part gets the floor of
 * its exact share, and the 分 left over go one each to the largest remainders; equal remainders
 * go in the order given (the caller sorts: members by id, parts in charter order). Integer
 * arithmetic throughout, so the parts always sum exactly to the total.
 */
export function largestRemainder(total: Money, weights: readonly bigint[]): Money[] {
  if (total.isNegative()) throw new RangeError('cannot split a negative amount');
  if (weights.some((w) => w < 0n)) throw new RangeError('weights must not be negative');
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new RangeError('weights must not all be zero');
  const whole = inCents(total);
  const parts = weights.map((w) => (whole * w) / sum);
  const remainders = weights.map((w) => (whole * w) % sum);
  let left = whole - parts.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = remainders[a] ?? 0n;
      const rb = remainders[b] ?? 0n;
      return ra === rb ? a - b : ra > rb ? -1 : 1;
    });
  for (const i of order) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map(fromCents);
}
