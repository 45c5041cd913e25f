/**
 * The chart of accounts of a village association (shared/DESIGN.md, The ledger). Balances
 * are kept signed, debit minus credit, so the trial balance always sums to zero; an account's
 * normal side says which sign is healthy.
 */
export type AccountType = 'asset' | 'liability' | 'equity' | 'income' | 'expense';

export interface Account {
  code: string;
  name: string;
  type: AccountType;
  /** A contra account (贷款损失准备) keeps the other side's balance from its type's. */
  contra?: boolean;
}

export const accounts = {
  cash: { code: '1001', name: '现金', type: 'asset' },
  bank: { code: '1002', name: '银行存款', type: 'asset' },
  loansOut: { code: '1101', name: '借出互助金', type: 'asset' },
  /** Contra-asset: the loan-loss provision (贷款损失准备) by overdue age, a credit balance. */
  loanLossProvision: { code: '1103', name: '贷款损失准备', type: 'asset', contra: true },
  feeReceivable: { code: '1102', name: '应收占用费', type: 'asset' },
  placements: { code: '1201', name: '调剂拆出资金', type: 'asset' },
  borrowings: { code: '2101', name: '调剂拆入资金', type: 'liability' },
  /** Year-end distribution: the return on shares declared, owed to members until paid. */
  shareReturnsPayable: { code: '2202', name: '应付股金分红', type: 'liability' },
  /** 贴息 the county paid on a claim, held for the households until paid out to them. */
  subsidyPayable: { code: '2203', name: '应付贴息款', type: 'liability' },
  memberShares: { code: '3101', name: '会员入会互助金', type: 'equity' },
  fiscalShares: { code: '3102', name: '配股互助金', type: 'equity' },
  fiscalMoney: { code: '3201', name: '政府拨入互助资金', type: 'equity' },
  specialSupport: { code: '3202', name: '特扶资金', type: 'equity' },
  donations: { code: '3203', name: '捐赠资金', type: 'equity' },
  riskReserve: { code: '3301', name: '风险准备金', type: 'equity' },
  capitalReserve: { code: '3302', name: '公积金', type: 'equity' },
  welfareFund: { code: '3303', name: '公益金', type: 'equity' },
  /** Year-end distribution: the running-costs part, kept to meet next year's costs. */
  runningCostsReserve: { code: '3304', name: '运营费用准备', type: 'equity' },
  /** The federation's books: the risk fund associations pay into. */
  riskFund: { code: '3401', name: '风险基金', type: 'equity' },
  feeIncome: { code: '4101', name: '占用费收入', type: 'income' },
  penaltyIncome: { code: '4102', name: '加收占用费收入', type: 'income' },
  /** 调剂 fees earned by lending to another association, apart from household fees. */
  placementIncome: { code: '4103', name: '调剂占用费收入', type: 'income' },
  /** Bank interest and other income that is not a household's fee. */
  otherIncome: { code: '4201', name: '其他收入', type: 'income' },
  managementCosts: { code: '5101', name: '管理费用', type: 'expense' },
  /** An association's contribution to the federation's risk fund. */
  riskFundContributions: { code: '5201', name: '风险基金缴款', type: 'expense' },
  /** Loan losses the reserves could not bear, and the provision charged (资产减值损失). */
  loanLosses: { code: '5301', name: '贷款损失', type: 'expense' },
} as const satisfies Record<string, Account>;

export type AccountKey = keyof typeof accounts;
export type AccountCode = (typeof accounts)[AccountKey]['code'];

const byCode = new Map<string, Account>(Object.values(accounts).map((a) => [a.code, a]));

export function accountByCode(code: string): Account {
  const account = byCode.get(code);
  if (!account) throw new RangeError(`unknown account ${code}`);
  return account;
}

export const chartOfAccounts: readonly Account[] = [...byCode.values()];

/** Assets and expenses grow on the debit side, the rest on the credit side; contra the other way. */
export function isDebitNormal(account: Account): boolean {
  const debitType = account.type === 'asset' || account.type === 'expense';
  return account.contra ? !debitType : debitType;
}
