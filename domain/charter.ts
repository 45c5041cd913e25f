/**
 * An association's charter (章程): the rules a county or village wrote down. Every figure
 * that differs between counties lives here; the defaults are the typical values of
 * shared/DOMAIN.md.
 */
import * as z from 'zod';
import { percentText, positiveAmountText, rateWording } from './formats.ts';
import { Decimal } from './money.ts';
import { lossSettings } from './ledger/loan-losses.ts';
import { creditGradeRulesSchema } from './loans/credit-grade.ts';
import { productsSchema } from './loans/products.ts';
import { subsidyPoliciesSchema } from './subsidy/charter-policies.ts';
import { teaGardenSettings } from './tea-gardens/settings.ts';

export const lowIncomeStatuses = ['dibao', 'wubao', 'tuopin-monitor'] as const;

export const charterSchema = z
  .strictObject({
    /** One share (股) costs this much: 1 share = 1000元. */
    sharePrice: positiveAmountText.default('1000.00'),
    minShares: z.int().min(1).max(1000).default(1),
    maxShares: z.int().min(1).max(1000).default(10),
    /** Free fiscal shares (配股) a low-income household may be credited with. */
    fiscalSharesForLowIncome: z.int().min(0).max(1000).default(2),
    /** Withdrawals (退股) only after this many months of membership. */
    shareLockInMonths: z.int().min(0).max(120).default(12),
    loans: z
      .strictObject({
        firstLoanCap: positiveAmountText.default('5000.00'),
        maxLoan: positiveAmountText.default('20000.00'),
        /** A household borrows at most this multiple of the shares it holds (own and fiscal). */
        sharesMultiple: z.int().min(1).max(100).default(10),
        maxTermMonths: z.int().min(1).max(60).default(12),
        oneOpenLoanPerHousehold: z.boolean().default(true),
        guarantorsRequired: z.int().min(0).max(10).default(2),
        /**
         * On a write-off the guarantors are called for what the borrower's shares did not
         * cover: each for all of it (joint, 连带) or an equal share (pro rata, 按份).
         */
        guarantorLiability: z.enum(['joint', 'pro-rata']).default('joint'),
        /** The most principal one household may stand guarantor for at once; absent: no cap. */
        maxGuaranteeTotal: positiveAmountText.optional(),
        /**
         * On a write-off the borrower's own shares are set off against the debt (the default);
         * a charter may leave that to a later board decision (理事会决议) instead.
         */
        setOffSharesOnWriteOff: z.boolean().default(true),
      })
      .default({
        firstLoanCap: '5000.00',
        maxLoan: '20000.00',
        sharesMultiple: 10,
        maxTermMonths: 12,
        oneOpenLoanPerHousehold: true,
        guarantorsRequired: 2,
        guarantorLiability: 'joint',
        setOffSharesOnWriteOff: true,
      }),
    fees: z
      .strictObject({
        /** 月占用费率, as the treasurer writes it. */
        standard: rateWording.default({ monthlyPermille: '6' }),
        lowIncome: rateWording.default({ monthlyPermille: '4.5' }),
        /** 加收占用费 on overdue principal, as a percentage of the fee rate. */
        penaltyMarkupPercent: percentText.default('50'),
      })
      .default({
        standard: { monthlyPermille: '6' },
        lowIncome: { monthlyPermille: '4.5' },
        penaltyMarkupPercent: '50',
      }),
    /** Year-end split of fee income, in percent; must add up to 100. */
    yearEndSplit: z
      .strictObject({
        riskReserve: percentText,
        capital: percentText,
        welfare: percentText,
        runningCosts: percentText,
        shareReturn: percentText,
      })
      .default({
        riskReserve: '30',
        capital: '15',
        welfare: '5',
        runningCosts: '40',
        shareReturn: '10',
      }),
    /** Some provinces forbid any dividend: the share part then goes to capital. */
    shareReturnAllowed: z.boolean().default(true),
    /** SMS: the due reminder goes this many days before an installment (0: on the day). */
    reminders: z
      .strictObject({ daysBefore: z.int().min(0).max(14).default(3) })
      .default({ daysBefore: 3 }),
    /** Credit grade from behaviour: days late and late installments (loans/credit-grade.ts). */
    creditGrades: creditGradeRulesSchema.prefault({}),
    /** Tea-garden collateral (茶园资产评估证): eligibility, area tiers, loan-to-value cap. */
    teaGarden: teaGardenSettings.prefault({}),
    /**
     * Loan products (借款品种), each with its own cap, term, price, collateral and guarantors;
     * a product not named keeps the rules above (domain/loans/products.ts).
     */
    products: productsSchema,
    /** 贴息 policy per loan product (tea-garden, poverty-alleviation); none: no subsidy. */
    subsidyPolicies: subsidyPoliciesSchema,
    /** Losses (issue #18): who bears a write-off after the reserves, and the provision table. */
    losses: lossSettings.prefault({}),
  })
  .refine((c) => c.minShares <= c.maxShares, {
    message: '最少股数不能大于最多股数',
    path: ['minShares'],
  })
  .refine(
    (c) =>
      Object.values(c.yearEndSplit)
        .reduce((sum, part) => sum.plus(part), new Decimal(0))
        .eq(100),
    { message: '年终分配比例之和必须等于 100', path: ['yearEndSplit'] },
  );

export type Charter = z.infer<typeof charterSchema>;

/** The charter with every default of shared/DOMAIN.md. */
export function defaultCharter(): Charter {
  return charterSchema.parse({});
}
