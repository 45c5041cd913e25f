/**
 * Losses on loans (issue #18, item 1), booked as a fund books them:
 *   - a write-off is borne first by the loan-loss provision (贷款损失准备 1103) already made,
 *     then by the risk reserve (风险准备金 3301), then, in the charter's order, by 公积金
 *     (3302) or the year's result (贷款损失 5301, an expense): never more than each holds, so
 *     a loss larger than the reserve is booked, not refused;
 *   - the provision is made by overdue age, the five-tier classification (五级分类) or the
 *     charter's own table, and shown on the balance sheet against 借出互助金.
 */
import * as z from 'zod';
import type { BusinessDate } from '../dates.ts';
import { percentText } from '../formats.ts';
import { Decimal, Money } from '../money.ts';
import { accounts } from './chart.ts';
import { balancedEntry, credit, debit, type JournalEntry, type JournalLine } from './journal.ts';

export const provisionTiers = [
  'normal',
  'special-mention',
  'substandard',
  'doubtful',
  'loss',
] as const;
export type ProvisionTier = (typeof provisionTiers)[number];

export const tierNames: Record<ProvisionTier, string> = {
  normal: '正常',
  'special-mention': '关注',
  substandard: '次级',
  doubtful: '可疑',
  loss: '损失',
};

/** The charter's loss rules; the defaults are the usual 五级分类 provision rates. */
export const lossSettings = z.strictObject({
  afterRiskReserve: z.enum(['capital-reserve', 'result']).default('capital-reserve'),
  /** Overdue days from which a loan falls in each tier (normal: not overdue). */
  tierFromOverdueDays: z
    .strictObject({
      'special-mention': z.int().min(1).default(1),
      substandard: z.int().min(1).default(91),
      doubtful: z.int().min(1).default(181),
      loss: z.int().min(1).default(361),
    })
    .prefault({}),
  provisionPercent: z
    .strictObject({
      normal: percentText.default('1'),
      'special-mention': percentText.default('2'),
      substandard: percentText.default('25'),
      doubtful: percentText.default('50'),
      loss: percentText.default('100'),
    })
    .prefault({}),
});
export type LossSettings = z.infer<typeof lossSettings>;

/** What each source of cover holds now (positive amounts; a negative balance counts as 0). */
export interface LossCover {
  provision: Money;
  riskReserve: Money;
  capitalReserve: Money;
}

const held = (amount: Money) => (amount.isPositive() ? amount : Money.zero);

/** How a write-off of `principal` is borne, source by source, in the charter's order. */
export function writeOffShares(
  principal: Money,
  cover: LossCover,
  afterRiskReserve: LossSettings['afterRiskReserve'],
): { account: string; amount: Money }[] {
  const order = [
    { account: accounts.loanLossProvision.code, limit: held(cover.provision) },
    { account: accounts.riskReserve.code, limit: held(cover.riskReserve) },
    ...(afterRiskReserve === 'capital-reserve'
      ? [{ account: accounts.capitalReserve.code, limit: held(cover.capitalReserve) }]
      : []),
  ];
  const shares: { account: string; amount: Money }[] = [];
  let left = principal;
  for (const source of order) {
    const amount = left.min(source.limit);
    if (amount.isPositive()) shares.push({ account: source.account, amount });
    left = left.minus(amount);
  }
  if (left.isPositive()) shares.push({ account: accounts.loanLosses.code, amount: left });
  return shares;
}

/** The accounts a write-off's loss may be borne by, in the order they bear it. */
const lossBearers: readonly string[] = [
  accounts.loanLossProvision.code,
  accounts.riskReserve.code,
  accounts.capitalReserve.code,
  accounts.loanLosses.code,
];

/**
 * A write-off's lines when `recovered` of its principal is recovered in the same entry (the
 * borrower's shares set off): the loss borne shrinks by it, the source that bore last giving
 * back first (the year's result before 公积金, before the reserve, before the provision), so
 * the entry books only the loss that remains.
 */
export function lessLoss(lines: readonly JournalLine[], recovered: Money): JournalLine[] {
  let left = recovered;
  const reduced = new Map<JournalLine, Money>();
  for (const account of [...lossBearers].reverse()) {
    for (const line of lines.filter((l) => l.account === account && l.debit.isPositive())) {
      const taken = left.min(line.debit);
      reduced.set(line, line.debit.minus(taken));
      left = left.minus(taken);
    }
  }
  if (left.isPositive()) throw new Error('recovered more than the write-off bore');
  return lines
    .map((line) => (reduced.has(line) ? { ...line, debit: reduced.get(line)! } : line))
    .filter((line) => line.debit.isPositive() || line.credit.isPositive());
}

/** 核销: Dr each source that bears it / Cr 借出互助金 1101. */
export function writeOffLossLines(
  principal: Money,
  cover: LossCover,
  afterRiskReserve: LossSettings['afterRiskReserve'],
): JournalLine[] {
  return [
    ...writeOffShares(principal, cover, afterRiskReserve).map((share) =>
      debit(share.account as JournalLine['account'], share.amount),
    ),
    credit(accounts.loansOut.code, principal),
  ];
}

/** The memo's words for who bore a write-off: "由风险准备金 ¥124.46、公积金 … 承担". */
export function bornBy(
  principal: Money,
  cover: LossCover,
  afterRiskReserve: LossSettings['afterRiskReserve'],
): string {
  const names: Record<string, string> = {
    [accounts.loanLossProvision.code]: '贷款损失准备',
    [accounts.riskReserve.code]: '风险准备金',
    [accounts.capitalReserve.code]: '公积金',
    [accounts.loanLosses.code]: '当年收支（贷款损失）',
  };
  const parts = writeOffShares(principal, cover, afterRiskReserve).map(
    (share) => `${names[share.account]} ${share.amount.format()}`,
  );
  return `由${parts.join('、')}承担`;
}

/** The tier of a loan overdue `days` days. */
export function tierOf(days: number, settings: LossSettings): ProvisionTier {
  const from = settings.tierFromOverdueDays;
  if (days >= from.loss) return 'loss';
  if (days >= from.doubtful) return 'doubtful';
  if (days >= from.substandard) return 'substandard';
  if (days >= from['special-mention']) return 'special-mention';
  return 'normal';
}

export interface ProvisionRow {
  tier: ProvisionTier;
  name: string;
  loans: number;
  principal: Money;
  percent: string;
  required: Money;
}

/** The provision the loans outstanding on a date require, tier by tier (rounded per tier). */
export function requiredProvision(
  loans: readonly { principalOutstanding: Money; overdueDays: number }[],
  settings: LossSettings,
): { rows: ProvisionRow[]; total: Money } {
  const rows = provisionTiers.map((tier) => {
    const inTier = loans.filter(
      (l) => l.principalOutstanding.isPositive() && tierOf(l.overdueDays, settings) === tier,
    );
    const principal = Money.sum(inTier.map((l) => l.principalOutstanding));
    const percent = settings.provisionPercent[tier];
    const required = Money.round(principal.value.times(new Decimal(percent)).dividedBy(100));
    return { tier, name: tierNames[tier], loans: inTier.length, principal, percent, required };
  });
  return { rows, total: Money.sum(rows.map((r) => r.required)) };
}

/**
 * The entry that brings the provision (held: its credit balance now) to what is required:
 * Dr 5301 / Cr 1103 to raise it, the reverse to release it; undefined when it is right.
 */
export function provisionEntry(request: {
  entryId: string;
  on: BusinessDate;
  held: Money;
  required: Money;
}): JournalEntry | undefined {
  const change = request.required.minus(held(request.held));
  if (change.isZero()) return undefined;
  const amount = change.isPositive() ? change : change.negated();
  const lines = change.isPositive()
    ? [debit(accounts.loanLosses.code, amount), credit(accounts.loanLossProvision.code, amount)]
    : [debit(accounts.loanLossProvision.code, amount), credit(accounts.loanLosses.code, amount)];
  return balancedEntry({
    id: request.entryId,
    date: request.on,
    kind: 'loan-loss-provision',
    memo: `按五级分类计提贷款损失准备：应提 ${request.required.format()}，${
      change.isPositive() ? '补提' : '冲回'
    } ${amount.format()}`,
    lines,
  });
}
