/**
 * The repayment schedule of a loan: when each installment falls due and how it splits into
 * principal and fee (资金占用费). Pure: the same input always gives the same schedule, so fees,
 * overdue days and ratings can be recomputed from it at any date (shared/DESIGN.md).
 */
import { addMonths, daysBetween, isBusinessDate, type BusinessDate } from '../dates.ts';
import { Decimal, Money, parseDecimal, roundDecimal, roundingModes } from '../money.ts';
import type { RoundingMode } from '../money.ts';
import { parseRate, type RateWording } from '../rate.ts';
import type { CodeWithStatus } from '../refusal-codes.ts';
import { Refusal } from '../refusal.ts';

export type Frequency = 'monthly' | 'quarterly';
/** 等额本息, 等额本金, 按期付费到期还本, 利随本清, fixed fee on the original principal. */
export type RepaymentMethod =
  'equal-installment' | 'equal-principal' | 'interest-only' | 'bullet' | 'flat';
export type DayCount = '30/360' | 'ACT/360' | 'ACT/365';

export interface ScheduleInput {
  /** Decimal string, positive, at most two decimals: "12000.00". */
  principal: string;
  rate: RateWording;
  /** Number of periods, 1..600 (a bullet loan still has one row, due after all of them). */
  installments: number;
  frequency: Frequency;
  method: RepaymentMethod;
  disbursedOn: BusinessDate;
  dayCount: DayCount;
  /** Defaults: 2 digits, half-up. `inMultiplesOf` (e.g. "1" for whole yuan) wins over digits. */
  rounding?: { digits?: number; mode?: RoundingMode; inMultiplesOf?: string };
}

export interface ScheduleRow {
  number: number;
  dueOn: BusinessDate;
  principal: string;
  fee: string;
  total: string;
  balanceAfter: string;
}

export interface Schedule {
  installments: ScheduleRow[];
  totalFee: string;
  totalDue: string;
}

const monthsPerPeriod: Record<Frequency, number> = { monthly: 1, quarterly: 3 };
const methods: readonly RepaymentMethod[] = [
  'equal-installment',
  'equal-principal',
  'interest-only',
  'bullet',
  'flat',
];
const dayCountBasis: Record<DayCount, number | undefined> = {
  '30/360': undefined,
  'ACT/360': 360,
  'ACT/365': 365,
};
const amountPattern = /^\d+(\.\d{1,2})?$/;

function invalid(code: CodeWithStatus<400>, title: string, field: string, value: unknown): Refusal {
  return new Refusal(code, title, 'invalid', { field, value });
}

export function buildSchedule(input: ScheduleInput): Schedule {
  const { principal, round, n, months, method, dayCount, disbursedOn, annual } = validate(input);
  const dueOn = (k: number): BusinessDate => addMonths(disbursedOn, k * months);
  // 30/360: every month counts as 1/12 of a year; ACT: the real days between due dates.
  const basis = dayCountBasis[dayCount];
  const periodRate = annual.times(months).div(12);
  const feeOn = (balance: Decimal, from: BusinessDate, to: BusinessDate, periods: number) =>
    round(
      basis === undefined
        ? balance.times(periodRate).times(periods)
        : balance.times(annual).times(daysBetween(from, to)).div(basis),
    );

  const rows: ScheduleRow[] = [];
  const addRow = (dueDate: BusinessDate, part: Decimal, fee: Decimal, balanceAfter: Decimal) =>
    rows.push({
      number: rows.length + 1,
      dueOn: dueDate,
      principal: cents(part),
      fee: cents(fee),
      total: cents(part.plus(fee)),
      balanceAfter: cents(balanceAfter),
    });

  if (method === 'bullet') {
    // 利随本清: one payment at maturity, the fee for the whole term rounded once.
    const maturity = dueOn(n);
    addRow(maturity, principal, feeOn(principal, disbursedOn, maturity, n), new Decimal(0));
  } else {
    const level = method === 'equal-installment' ? round(annuity(principal, periodRate, n)) : null;
    const equalPart = round(principal.div(n));
    let balance = principal;
    for (let k = 1; k <= n; k += 1) {
      const fee = feeOn(method === 'flat' ? principal : balance, dueOn(k - 1), dueOn(k), 1);
      let part =
        level !== null
          ? level.minus(fee) // with ACT only the split moves; the total stays `level`
          : method === 'interest-only'
            ? new Decimal(0)
            : equalPart;
      // The last row takes what is left, so the parts sum exactly to the principal. Rounding
      // (or a long ACT month) can push a part outside [0, balance]: clamp it rather than owe
      // a negative amount or overpay.
      part = k === n ? balance : Decimal.min(Decimal.max(part, 0), balance);
      balance = balance.minus(part);
      addRow(dueOn(k), part, fee, balance);
    }
  }

  const totalFee = rows.reduce((sum, row) => sum.plus(row.fee), new Decimal(0));
  return {
    installments: rows,
    totalFee: cents(totalFee),
    totalDue: cents(principal.plus(totalFee)),
  };
}

/** The constant installment of an annuity: P·r / (1 − (1+r)^−n); P/n when there is no fee. */
function annuity(principal: Decimal, rate: Decimal, n: number): Decimal {
  if (rate.isZero()) return principal.div(n);
  return principal.times(rate).div(new Decimal(1).minus(rate.plus(1).pow(-n)));
}

/** Wire form; Money.exact also proves every amount is still on the 分 grid. */
function cents(value: Decimal): string {
  return Money.exact(value).toString();
}

function validate(input: ScheduleInput) {
  const { principal, installments, frequency, method, dayCount, disbursedOn } = input;
  if (
    typeof principal !== 'string' ||
    !amountPattern.test(principal) ||
    parseDecimal(principal).isZero()
  ) {
    throw invalid(
      'SCHEDULE_PRINCIPAL_INVALID',
      '借款本金必须是大于零、最多两位小数的金额',
      'principal',
      principal,
    );
  }
  if (!Number.isInteger(installments) || installments < 1 || installments > 600) {
    throw invalid(
      'SCHEDULE_INSTALLMENTS_INVALID',
      '还款期数必须是 1 到 600 之间的整数',
      'installments',
      installments,
    );
  }
  if (!Object.hasOwn(monthsPerPeriod, frequency)) {
    throw invalid('SCHEDULE_FREQUENCY_INVALID', '还款频率不正确', 'frequency', frequency);
  }
  if (!methods.includes(method)) {
    throw invalid('SCHEDULE_METHOD_INVALID', '还款方式不正确', 'method', method);
  }
  if (!Object.hasOwn(dayCountBasis, dayCount)) {
    throw invalid('SCHEDULE_DAY_COUNT_INVALID', '计息天数规则不正确', 'dayCount', dayCount);
  }
  if (typeof disbursedOn !== 'string' || !isBusinessDate(disbursedOn)) {
    throw invalid('SCHEDULE_DISBURSED_ON_INVALID', '放款日期不正确', 'disbursedOn', disbursedOn);
  }
  if (typeof input.rate !== 'object' || input.rate === null) {
    throw invalid('SCHEDULE_RATE_INVALID', '费率不正确', 'rate', input.rate);
  }
  const { annual } = parseRate(input.rate); // refuses a malformed or negative rate itself

  // Amounts must stay in whole 分: at most 2 digits, a step of at least 0.01.
  const { digits = 2, mode = 'half-up', inMultiplesOf } = input.rounding ?? {};
  const badRounding = (value: unknown) =>
    invalid('SCHEDULE_ROUNDING_INVALID', '舍入规则不正确', 'rounding', value);
  if (!Number.isInteger(digits) || digits < 0 || digits > 2) throw badRounding(digits);
  if (!Object.hasOwn(roundingModes, mode)) throw badRounding(mode);
  if (
    inMultiplesOf !== undefined &&
    (typeof inMultiplesOf !== 'string' ||
      !amountPattern.test(inMultiplesOf) ||
      parseDecimal(inMultiplesOf).isZero())
  ) {
    throw badRounding(inMultiplesOf);
  }
  const round = (value: Decimal) => roundDecimal(value, { digits, mode, inMultiplesOf });

  return {
    principal: parseDecimal(principal),
    round,
    n: installments,
    months: monthsPerPeriod[frequency],
    method,
    dayCount,
    disbursedOn,
    annual,
  };
}
