/** Request and response shapes of the supervision dashboard (GET /federations/{fid}/dashboard). */
import * as z from 'zod';
import { businessDate } from '#domain/formats.ts';

export const dashboardQuery = z.strictObject({
  asOf: businessDate.optional().describe('统计日期，默认今天；晚于今天时按此后不再还款推算逾期'),
});

const percent = z.string().describe('百分比，两位小数，例如 "8.33"');
const percentOrNone = z.string().describe('百分比，两位小数；无法计算时为 "n/a"');

const largestLoan = z.object({
  loanId: z.string(),
  principalOutstanding: z.string(),
  ofFundPercent: percentOrNone.describe('单笔最大借款余额 ÷ 互助金总额'),
});

const indicators = {
  members: z.int().describe('当日在册会员户数'),
  fund: z.string().describe('互助金总额：3101+3102+3201+3202+3203 及 3301..3303 贷方余额'),
  loans: z.int().describe('有本金余额的借款笔数'),
  overdueLoans: z.int(),
  outstanding: z.string().describe('借出余额：各笔借款未还本金之和'),
  overduePrincipal: z.string(),
  overdueRatePercent: percent.describe('逾期率：逾期本金 ÷ 借出余额'),
  par30Principal: z.string().describe('逾期 30 天以上借款的未还本金'),
  par30Percent: percent,
  lentOutPercent: percentOrNone.describe('借出比例：借出余额 ÷ 互助金总额'),
  cashOnHand: z.string().describe('库存现金 + 银行存款（1001 + 1002）'),
  cash: z.string(),
  bank: z.string(),
  riskReserve: z.string().describe('风险准备金 3301 贷方余额'),
  riskReserveCoveragePercent: percentOrNone.describe('风险准备金 ÷ 逾期本金；无逾期时为 "n/a"'),
  placements: z.string().describe('调剂拆出资金 1201'),
  borrowings: z.string().describe('调剂拆入资金 2101'),
};

const rating = z.enum(['green', 'yellow', 'red']);

export const dashboardView = z.object({
  federationId: z.string(),
  asOf: z.string(),
  /** 'ledger-balances' for today (the balance items), 'journal' for a past date. */
  balancesFrom: z.enum(['ledger-balances', 'journal']),
  thresholds: z.object({
    overdueRatePercent: z.object({ yellow: z.string(), red: z.string() }),
    par30Percent: z.object({ yellow: z.string(), red: z.string() }),
    lentOutSharePercent: z.object({ yellow: z.string(), red: z.string() }),
  }),
  associations: z.array(
    z.object({
      associationId: z.string(),
      name: z.string(),
      ...indicators,
      largestLoan: largestLoan.nullable(),
      rating,
      reasons: z.array(z.string()).describe('评级原因：指标、数值与达到的预警线'),
    }),
  ),
  totals: z.object({
    associations: z.int(),
    ...indicators,
    largestLoan: largestLoan
      .extend({ associationId: z.string() })
      .nullable()
      .describe('全联合会单笔最大借款，对联合会互助金总额'),
    ratings: z.object({ green: z.int(), yellow: z.int(), red: z.int() }),
  }),
});
