/** Request and response shapes of the reports: distribution, 公示, statements. */
import * as z from 'zod';
import { businessDate, slugId } from '#domain/formats.ts';
import { entryView } from './books.ts';
import { memberId } from './members.ts';

const year = z
  .string()
  .regex(/^(19|20|21)\d{2}$/, '年度必须是四位数字，例如 2025')
  .transform(Number);

export const distributionPath = z.strictObject({ aid: slugId, year });
export const associationPath = z.strictObject({ aid: slugId });
export const postingPath = z.strictObject({
  aid: slugId,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份必须是 YYYY-MM 格式，例如 2025-07'),
});
export const memberStatementPath = z.strictObject({ aid: slugId, mid: memberId });

export const postingQuery = z.strictObject({
  format: z
    .enum(['html', 'xlsx', 'json'])
    .default('html')
    .describe('html：可打印的 A4 公示页；xlsx：Excel 表格；json：数据'),
});

export const asOfQuery = z.strictObject({ asOf: businessDate.optional() });

export const periodQuery = z
  .strictObject({ from: businessDate.optional(), to: businessDate.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: '开始日期不能晚于结束日期',
    path: ['from'],
  });

const amount = z.string();
const row = z.object({ code: z.string(), name: z.string(), amount });
const line = z.object({
  account: z.string(),
  accountName: z.string(),
  debit: amount,
  credit: amount,
});
const parts = z.object({
  riskReserve: amount,
  capital: amount,
  welfare: amount,
  runningCosts: amount,
  shareReturn: amount,
});

export const distributionView = z.object({
  associationId: z.string(),
  year: z.number(),
  closingDate: z.string(),
  yearEnded: z.boolean(),
  posted: z
    .object({ entryId: z.string(), postedBy: z.string(), postedAt: z.string() })
    .optional()
    .describe('已过账时：年终分配凭证'),
  income: z.object({ fees: amount, penaltyFees: amount, total: amount }),
  costs: z.object({
    managementCosts: amount,
    riskFundContributions: amount,
    total: amount,
    coveredByRunningCostsReserve: amount,
  }),
  runningCostsReserveBefore: amount,
  writeOffs: amount,
  netIncome: amount,
  writeOffsMadeGood: amount,
  distributable: amount,
  percentages: parts,
  parts,
  shareReturnToCapital: z.enum(['forbidden-by-charter', 'no-shares-held']).optional(),
  riskReserveChange: amount,
  shareDaysTotal: z.number(),
  memberReturns: z.array(
    z.object({ memberId: z.string(), name: z.string(), shareDays: z.number(), amount }),
  ),
  lines: z.array(line),
  entry: entryView.optional().describe('过账时：年终分配凭证'),
});

export const balanceSheetView = z.object({
  associationId: z.string(),
  asOf: z.string(),
  assets: z.array(row),
  liabilities: z.array(row),
  equity: z.array(row),
  result: z.object({ currentYear: amount, earlierYears: amount, total: amount }),
  totals: z.object({
    assets: amount,
    liabilities: amount,
    equity: amount,
    liabilitiesAndEquity: amount,
  }),
  balanced: z.boolean(),
});

export const incomeStatementView = z.object({
  associationId: z.string(),
  from: z.string(),
  to: z.string(),
  income: z.array(row),
  expenses: z.array(row),
  totals: z.object({ income: amount, expenses: amount }),
  result: amount,
  memo: z.object({ writeOffs: amount, riskFundRelief: amount }),
});

const holding = z.object({
  own: z.number(),
  ownAmount: amount,
  fiscal: z.number(),
  fiscalAmount: amount,
});

export const memberStatementView = z.object({
  associationId: z.string(),
  member: z.object({
    id: z.string(),
    name: z.string(),
    idNumber: z.string().describe('脱敏'),
    status: z.string(),
    joinedOn: z.string(),
  }),
  from: z.string(),
  to: z.string(),
  shares: z.object({
    opening: holding,
    movements: z.array(
      z.object({
        date: z.string(),
        entryId: z.string(),
        kind: z.string(),
        memo: z.string(),
        change: holding,
      }),
    ),
    closing: holding,
  }),
  loans: z.array(
    z.object({
      loanId: z.string(),
      disbursedOn: z.string(),
      principal: amount,
      status: z.string(),
      principalOutstanding: amount,
      overdueDays: z.number(),
      paidOffOn: z.string().optional(),
      writtenOffOn: z.string().optional(),
    }),
  ),
  repayments: z.array(
    z.object({
      on: z.string(),
      loanId: z.string(),
      amount,
      principal: amount,
      fee: amount,
      penalty: amount,
    }),
  ),
  distributions: z.array(
    z.object({
      year: z.number(),
      entryId: z.string(),
      date: z.string(),
      shareDays: z.number(),
      amount,
      reversed: z.boolean(),
    }),
  ),
  totals: z.object({
    repaid: amount,
    principalRepaid: amount,
    feesPaid: amount,
    penaltiesPaid: amount,
    distributions: amount,
  }),
});

export const federationPath = z.strictObject({ fid: slugId });

export const activityQuery = z
  .strictObject({
    from: businessDate.optional().describe('统计起始日，默认联合会成立之日（累计）'),
    to: businessDate.optional().describe('统计截止日，默认今天'),
    format: z
      .enum(['json', 'xlsx', 'html'])
      .default('json')
      .describe('json：数据；xlsx：Excel 表格；html：可打印的 A4 报表'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: '开始日期不能晚于结束日期',
    path: ['from'],
  });

const tally = z.object({
  households: z.int().describe('户数（同一户多笔只计一次）'),
  loans: z.int(),
  amount: amount.describe('金额（元），本金'),
});
const activityFigures = {
  lent: tally.describe('期内发放的借款'),
  repaidOnMaturity: tally.describe('期内按期（不晚于最后一期到期日）还清的借款'),
  feeIncome: amount.describe('期内占用费收入（4101 + 4102）'),
  lowIncomeHouseholdsServed: z.int().describe('期内借款的低收入农户户数'),
  writtenOff: tally.describe('期内核销的借款及核销本金'),
};

export const activityReportView = z.object({
  federationId: z.string(),
  federationName: z.string(),
  from: businessDate,
  to: businessDate,
  associations: z.array(
    z.object({ associationId: z.string(), name: z.string(), ...activityFigures }),
  ),
  totals: z.object(activityFigures),
  riskFund: z.object({
    balance: amount.describe('期末风险基金余额'),
    contributed: amount.describe('期内缴入'),
    relieved: amount.describe('期内核销救助支出'),
  }),
});
