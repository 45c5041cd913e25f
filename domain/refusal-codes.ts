/**
 * Every code the API can answer with, in one place: the HTTP status it answers with and a
 * generic zh-CN title (the answer itself carries a title with the figures of the case).
 * `Refusal` and the HTTP layer's problems are typed against it, so a code that is not listed
 * here does not compile; /openapi.json lists it (x-refusal-codes); a unit test proves every
 * code is raised somewhere and asserted by a test (test/domain/refusal-codes.test.ts).
 */
export interface RefusalEntry {
  status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500 | 503;
  title: string;
}

export const refusalCodes = {
  // ---- the HTTP layer: identity, routing, parsing ----------------------------------------
  UNAUTHORIZED: { status: 401, title: '请先登录' },
  FORBIDDEN_ROLE: { status: 403, title: '您的角色无权执行此操作' },
  FORBIDDEN_SCOPE: { status: 403, title: '您无权访问其他互助会或联合会的数据' },
  ROUTE_NOT_FOUND: { status: 404, title: '请求的地址不存在' },
  VALIDATION_FAILED: { status: 400, title: '请求内容不符合要求' },
  MALFORMED_JSON: { status: 400, title: '请求内容不是有效的 JSON' },
  BODY_TOO_LARGE: { status: 413, title: '请求内容过大' },
  INTERNAL_ERROR: { status: 500, title: '系统内部错误，请稍后重试' },
  CURSOR_INVALID: { status: 400, title: '分页游标无效' },
  DATE_IN_FUTURE: { status: 422, title: '业务日期晚于今天，不能登记' },

  // ---- writes: exactly once -----------------------------------------------------------------
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, title: '涉及资金的操作必须带 Idempotency-Key 请求头' },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    title: 'Idempotency-Key 必须是 8 到 100 个字母、数字、- 或 _',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: '同一个 Idempotency-Key 已用于内容不同的请求',
  },
  CONCURRENT_UPDATE: { status: 409, title: '数据正被其他操作同时修改，请稍后重试' },
  STATE_CHANGED: { status: 409, title: '数据已被其他操作修改，请稍后重试' },

  // ---- local mode only (npm start) ----------------------------------------------------------
  STARTING: { status: 503, title: '系统正在启动，请稍候再试' },
  UNKNOWN_DEMO_USER: { status: 400, title: '没有这个演示用户，请查看 GET /local/users' },

  // ---- things named that do not exist -----------------------------------------------------
  ASSOCIATION_NOT_FOUND: { status: 404, title: '互助会不存在' },
  FEDERATION_NOT_FOUND: { status: 404, title: '联合会不存在' },
  MEMBER_NOT_FOUND: { status: 404, title: '会员不存在' },
  GUARANTOR_NOT_FOUND: { status: 404, title: '担保人不是本会会员' },
  LOAN_NOT_FOUND: { status: 404, title: '借款不存在' },
  REPAYMENT_NOT_FOUND: { status: 404, title: '找不到该笔还款' },
  ENTRY_NOT_FOUND: { status: 404, title: '凭证不存在' },
  PLAN_NOT_FOUND: { status: 404, title: '调剂方案不存在' },
  TRANSFER_NOT_FOUND: { status: 404, title: '调剂划拨不存在' },
  TEA_GARDEN_NOT_FOUND: { status: 404, title: '茶园证不存在' },
  TEA_GARDEN_HOLDER_NOT_FOUND: { status: 404, title: '持证人不是本会会员' },
  SUBSIDY_RECEIPT_NOT_FOUND: { status: 404, title: '该期间的贴息尚未登记到账' },

  // ---- members and shares ---------------------------------------------------------------------
  ID_NUMBER_INVALID: { status: 400, title: '身份证号码格式或校验位不正确' },
  MOBILE_INVALID: { status: 400, title: '手机号码必须是 1 开头的 11 位数字' },
  MEMBER_DUPLICATE_ID_NUMBER: { status: 409, title: '该身份证号码已在本互助会登记入会' },
  MEMBER_EXITED: { status: 422, title: '该会员已退会，不能办理股金业务' },
  SHARES_INVALID: { status: 400, title: '股数必须是正整数' },
  SHARES_ABOVE_MAXIMUM: { status: 422, title: '持股超过章程规定的最多股数' },
  SHARES_BELOW_MINIMUM: { status: 422, title: '持股少于章程规定的最少股数' },
  SHARES_ABOVE_HELD: { status: 422, title: '退股股数超过持有股数' },
  SHARES_LOCKED_IN: { status: 422, title: '入会未满章程规定的期限，不能退股' },
  SHARES_LOAN_OUTSTANDING: { status: 422, title: '该户尚有未还清的借款，不能退股' },
  SHARES_GUARANTEE_STANDING: { status: 422, title: '该户正在为他人借款提供担保，不能退股' },
  SHARE_DATE_BEFORE_JOINING: { status: 422, title: '业务日期早于入会日期' },
  FISCAL_SHARES_NOT_ELIGIBLE: { status: 422, title: '只有低收入农户可以配股' },
  FISCAL_SHARES_ABOVE_LIMIT: { status: 422, title: '配股超过章程规定的每户上限' },

  // ---- loans: application, schedule, repayment, write-off -----------------------------------
  RATE_INVALID: { status: 400, title: '费率格式不正确' },
  RATE_NEGATIVE: { status: 400, title: '费率不能为负数' },
  LOAN_PRINCIPAL_INVALID: { status: 400, title: '借款金额必须大于零' },
  LOAN_FREQUENCY_INVALID: { status: 400, title: '还款频率不正确' },
  LOAN_INSTALLMENTS_INVALID: { status: 400, title: '还款期数必须是 1 到 600 之间的整数' },
  LOAN_PRODUCT_INVALID: { status: 400, title: '借款品种不正确' },
  LOAN_DATE_INVALID: { status: 400, title: '日期不正确' },
  LOAN_BOARD_MINUTE_MISSING: { status: 400, title: '请填写理事会决议（会议纪要）编号' },
  LOAN_ALLOCATION_ORDER_INVALID: { status: 400, title: '还款冲抵顺序不正确' },
  LOAN_DISBURSED_BEFORE_APPROVAL: { status: 422, title: '放款日期不能早于理事会批准日期' },
  LOAN_MEMBER_EXITED: { status: 422, title: '借款人已退会，不能借款' },
  LOAN_CREDIT_GRADE_D: { status: 422, title: '借款人信用等级为 D（差），不能借款' },
  LOAN_MEMBER_OVERDUE: { status: 422, title: '借款人有逾期未还的借款，不能再借' },
  LOAN_OPEN_LOAN_EXISTS: { status: 422, title: '章程规定每户只能有一笔未结清借款' },
  LOAN_ABOVE_FIRST_LOAN_CAP: { status: 422, title: '首次借款超过章程规定的上限' },
  LOAN_ABOVE_MAXIMUM: { status: 422, title: '借款超过章程规定的单笔上限' },
  LOAN_ABOVE_SHARES_MULTIPLE: { status: 422, title: '借款超过持股金额的章程倍数' },
  LOAN_ABOVE_TEA_GARDEN_CAP: { status: 422, title: '茶园抵押借款超过章程规定的上限' },
  LOAN_DEBT_ON_RECORD: { status: 422, title: '该户尚欠已核销借款（账销案存），不能借款' },
  LOAN_GUARANTOR_CALLED: { status: 422, title: '担保人尚有未清偿的担保代偿' },
  RECOVERY_NOTHING_OWED: { status: 422, title: '该借款核销后没有仍欠的款项' },
  RECOVERY_ABOVE_DEBT: { status: 422, title: '追回金额超过仍欠的款项' },
  RECOVERY_PAYER_UNRELATED: { status: 422, title: '付款户不是该借款的借款人或担保人' },
  SHARES_DEBT_ON_RECORD: { status: 422, title: '该户尚欠已核销借款，还清前不能退股' },
  SHARES_FROZEN_GUARANTEE_CALLED: { status: 422, title: '担保人被追偿期间股金冻结，不能退股' },
  LOAN_HOUSEHOLD_OWES_IN_FEDERATION: {
    status: 422,
    title: '该户在本联合会内已有未结清借款或核销欠款',
  },
  LOAN_GUARANTEE_ABOVE_CAP: { status: 422, title: '担保总额超过章程规定的每户担保上限' },
  LOAN_COLLATERAL_REQUIRED: { status: 422, title: '该借款品种须在放款时抵押合格的押品' },
  LOAN_TERM_ABOVE_MAXIMUM: { status: 422, title: '借款期限超过章程规定的最长期限' },
  LOAN_GUARANTOR_DUPLICATE: { status: 422, title: '同一担保人不能重复列出' },
  LOAN_GUARANTORS_TOO_FEW: { status: 422, title: '担保人少于章程规定的人数' },
  LOAN_BORROWER_NO_GROUP: { status: 422, title: '借款人未加入联保小组，不能由他人联保' },
  LOAN_GUARANTOR_IS_BORROWER: { status: 422, title: '借款人不能为自己担保' },
  LOAN_GUARANTOR_EXITED: { status: 422, title: '担保人已退会' },
  LOAN_GUARANTOR_OTHER_GROUP: { status: 422, title: '担保人不在借款人的联保小组' },
  LOAN_GUARANTOR_OVERDUE: { status: 422, title: '担保人自己有逾期借款' },
  LOAN_CLOSED: { status: 422, title: '该借款已结清或核销，不能再办理还款或核销' },
  LOAN_LINK_EXPIRED: { status: 422, title: '该借款已结清超过 30 天，不再提供查询链接' },
  LOAN_ENTRY_NOT_REVERSIBLE: { status: 422, title: '放款和核销凭证不能冲正' },
  SCHEDULE_PRINCIPAL_INVALID: { status: 400, title: '借款本金必须是大于零、最多两位小数的金额' },
  SCHEDULE_RATE_INVALID: { status: 400, title: '费率不正确' },
  SCHEDULE_INSTALLMENTS_INVALID: { status: 400, title: '还款期数必须是 1 到 600 之间的整数' },
  SCHEDULE_FREQUENCY_INVALID: { status: 400, title: '还款频率不正确' },
  SCHEDULE_METHOD_INVALID: { status: 400, title: '还款方式不正确' },
  SCHEDULE_DAY_COUNT_INVALID: { status: 400, title: '计息天数规则不正确' },
  SCHEDULE_ROUNDING_INVALID: { status: 400, title: '舍入规则不正确' },
  SCHEDULE_DISBURSED_ON_INVALID: { status: 400, title: '放款日期不正确' },
  POSITION_DATE_INVALID: { status: 400, title: '查询日期不正确' },
  POSITION_BEFORE_DISBURSEMENT: { status: 400, title: '查询日期早于放款日期' },
  REPAYMENT_AMOUNT_INVALID: { status: 400, title: '还款金额必须大于零' },
  REPAYMENT_DUPLICATE: { status: 409, title: '该笔还款已登记' },
  REPAYMENT_EXCEEDS_OWED: { status: 422, title: '还款超过结清所需的金额' },
  REPAYMENT_BEFORE_DISBURSEMENT: { status: 422, title: '还款日期不能早于放款日期' },
  REPAYMENT_OUT_OF_ORDER: { status: 422, title: '还款日期不能早于最近一次还款日期' },
  REPAYMENT_ALREADY_REVERSED: { status: 409, title: '该笔还款已冲正' },
  WRITE_OFF_BEFORE_DISBURSEMENT: { status: 422, title: '核销日期不能早于放款日期' },
  WRITE_OFF_OUT_OF_ORDER: { status: 422, title: '核销日期不能早于最近一次还款日期' },
  WRITE_OFF_NOTHING_OUTSTANDING: { status: 422, title: '该借款本金已还清，没有可核销的本金' },
  REVERSAL_NOT_LAST: { status: 422, title: '只能冲正最近一笔还款' },
  REVERSAL_BEFORE_REPAYMENT: { status: 422, title: '冲正日期不能早于原还款日期' },
  REVERSAL_AFTER_WRITE_OFF: { status: 422, title: '该借款已核销，不能冲正核销前的还款' },

  // ---- the books -------------------------------------------------------------------------------
  INSUFFICIENT_CASH: { status: 422, title: '库存现金余额不足' },
  INSUFFICIENT_BANK: { status: 422, title: '银行存款余额不足' },
  ACCOUNT_BALANCE_INSUFFICIENT: { status: 422, title: '科目余额不足' },
  BALANCE_NEGATIVE_ON_LATER_DATE: {
    status: 422,
    title: '补记该笔业务会使此后某日的现金或银行存款余额为负数',
  },
  PROCEEDS_LOAN_NOT_WRITTEN_OFF: { status: 422, title: '抵押物处置收入只能收回已核销的借款' },
  ENTRY_BEFORE_FOUNDING: { status: 422, title: '业务日期早于互助会成立日期' },
  ENTRY_BEFORE_JOINING: { status: 422, title: '业务日期早于该会员入会日期' },
  ENTRY_ALREADY_REVERSED: { status: 409, title: '该凭证已被冲正' },
  REVERSAL_OF_REVERSAL: { status: 422, title: '冲正凭证不能再次冲正' },
  REVERSAL_BEFORE_ORIGINAL: { status: 422, title: '冲正日期不能早于原凭证日期' },
  REVERSAL_SHARES_CHANGED: { status: 422, title: '该会员此后已退股，股份不足以冲正此凭证' },
  FEDERATION_ENTRY_NOT_REVERSIBLE: {
    status: 422,
    title: '调剂资金和风险基金的凭证不能在本会单独冲正',
  },
  PERIOD_INVALID: { status: 400, title: '开始日期不能晚于结束日期' },
  PERIOD_CLOSED: { status: 422, title: '该日期所在月份已结账，不能再登记' },
  PERIOD_CLOSE_NOT_MONTH_END: { status: 400, title: '结账按月进行，结账日须为月末' },
  PERIOD_NOT_ENDED: { status: 422, title: '该月份尚未结束，不能结账' },
  PERIOD_ALREADY_CLOSED: { status: 409, title: '账簿已结账至该日期或之后' },
  PERIOD_CLOSE_NEGATIVE_BALANCE: { status: 422, title: '结账日有科目余额为负，不能结账' },
  PERIOD_NOT_CLOSED: { status: 409, title: '账簿尚未结账，无需反结账' },
  PERIOD_REOPEN_NOT_EARLIER: { status: 422, title: '反结账后的结账日须早于现在的结账日' },

  // ---- reports: year-end distribution, public posting -----------------------------------------
  DISTRIBUTION_YEAR_NOT_ENDED: { status: 422, title: '年度尚未结束，不能办理年终分配' },
  DISTRIBUTION_NOTHING_TO_CLOSE: { status: 422, title: '该年度没有收入和费用，无需年终分配' },
  DISTRIBUTION_ALREADY_POSTED: { status: 409, title: '该年度已经做过年终分配' },
  DISTRIBUTION_CLAIM_MISMATCH: { status: 409, title: '年度分配登记与该凭证不符，不能冲正' },
  POSTING_MONTH_NOT_STARTED: { status: 422, title: '该月份尚未开始，不能公示' },

  // ---- the federation: 调剂, risk fund ---------------------------------------------------------
  LIQUIDITY_AMOUNT_INVALID: { status: 400, title: '金额须为不小于零、最多两位小数的数字字符串' },
  LIQUIDITY_DUPLICATE_ID: { status: 400, title: '互助会编号重复' },
  DEMAND_UNKNOWN_ASSOCIATION: { status: 422, title: '需求所列互助会不属于本联合会' },
  ASSOCIATION_NOT_IN_FEDERATION: { status: 422, title: '该互助会不属于本联合会' },
  APPROVAL_BEFORE_PLAN: { status: 422, title: '审批日期不能早于方案日期' },
  PLAN_EMPTY: { status: 422, title: '该调剂方案没有需要划拨的资金' },
  PLAN_TOO_LARGE: { status: 422, title: '调剂方案的划拨笔数超过一次审批可执行的上限' },
  OPERATION_TOO_LARGE: { status: 422, title: '该操作一次写入的记录超过一次事务的上限' },
  PLAN_ALREADY_APPROVED: { status: 409, title: '该调剂方案已审批执行' },
  PLAN_STALE: { status: 409, title: '方案制定后互助会的资金已变动，请重新制定调剂方案' },
  TRANSFER_REPAID: { status: 422, title: '该笔调剂资金已还清' },
  TRANSFER_OVERPAID: { status: 422, title: '还款超过应还金额' },
  REPAYMENT_BEFORE_LAST: { status: 422, title: '还款日期不能早于上次结息日期' },
  FEDERATION_BANK_INSUFFICIENT: { status: 422, title: '联合会银行存款余额不足' },
  RISK_FUND_INSUFFICIENT: { status: 422, title: '风险基金余额不足' },

  // ---- tea gardens (茶园证抵押) -----------------------------------------------------------------
  TEA_GARDEN_AREA_INVALID: { status: 400, title: '茶园面积必须大于零' },
  TEA_GARDEN_TREE_AGE_INVALID: { status: 400, title: '茶树树龄必须是非负整数（年）' },
  TEA_GARDEN_VALUE_INVALID: { status: 400, title: '评估价值必须大于零' },
  TEA_GARDEN_DATE_INVALID: { status: 400, title: '日期不正确' },
  TEA_GARDEN_VALIDITY_INVALID: { status: 400, title: '评估有效期必须晚于评估日期' },
  TEA_GARDEN_HOLDER_EXITED: { status: 422, title: '持证人已退会，不能登记茶园证' },
  TEA_GARDEN_APPRAISAL_OUT_OF_ORDER: { status: 422, title: '重新评估日期不能早于现行评估日期' },
  TEA_GARDEN_CERTIFICATE_ENFORCED: { status: 422, title: '茶园证已因借款违约处置' },
  TEA_GARDEN_NOT_APPRAISED: { status: 422, title: '茶园证在该日期还没有评估' },
  TEA_GARDEN_APPRAISAL_EXPIRED: { status: 422, title: '茶园评估已到期，请重新评估后再抵押' },
  TEA_GARDEN_AREA_TOO_SMALL: { status: 422, title: '茶园面积小于章程规定的最小面积' },
  TEA_GARDEN_TREES_TOO_YOUNG: { status: 422, title: '茶树树龄小于章程规定的年限' },
  TEA_GARDEN_ABOVE_TIER_CAP: { status: 422, title: '借款本金超过该面积档次可抵押的上限' },
  TEA_GARDEN_ABOVE_LOAN_TO_VALUE: { status: 422, title: '借款本金超过茶园评估价值' },
  CERTIFICATE_NUMBER_TAKEN: { status: 409, title: '同一县内茶园证号不能重复' },
  CERTIFICATE_ALREADY_PLEDGED: { status: 409, title: '一证同时只能担保一笔借款' },
  PLEDGE_LOAN_NOT_TEA_GARDEN: { status: 422, title: '只有茶园抵押借款可以抵押茶园证' },
  PLEDGE_LOAN_CLOSED: { status: 422, title: '借款已结清或核销，不能再抵押' },
  PLEDGE_HOLDER_NOT_BORROWER: { status: 422, title: '茶园证持证人必须是该笔借款的借款人' },
  PLEDGE_BEFORE_DISBURSEMENT: { status: 422, title: '抵押日期早于放款日期' },
  PLEDGE_NOT_RESTORABLE: { status: 409, title: '茶园证已抵押给另一笔借款，不能冲正' },

  // ---- 贴息: the calculator, claims, receipts, payouts ------------------------------------------
  SUBSIDY_AMOUNT_INVALID: { status: 400, title: '金额格式不正确' },
  SUBSIDY_RATE_INVALID: { status: 400, title: '利率或贴息比例不正确' },
  SUBSIDY_DATE_INVALID: { status: 400, title: '日期须为真实的 YYYY-MM-DD' },
  SUBSIDY_DAY_BASIS_INVALID: { status: 400, title: '计息天数基准须为 360 或 365' },
  SUBSIDY_SETTLEMENT_INVALID: { status: 400, title: '结算周期须为按月、按季或按年' },
  SUBSIDY_TERM_CAP_INVALID: { status: 400, title: '贴息期限须为正整数个月' },
  SUBSIDY_YEAR_START_INVALID: { status: 400, title: '贴息年度起始日须为每年都有的 MM-DD' },
  SUBSIDY_POLICY_UNKNOWN: { status: 400, title: '未知的贴息方式' },
  SUBSIDY_MATURITY_INVALID: { status: 400, title: '到期日须晚于放款日' },
  SUBSIDY_TERM_TOO_LONG: { status: 400, title: '借款期限超过上限' },
  SUBSIDY_SPAN_INVALID: { status: 400, title: '结束日早于开始日' },
  SUBSIDY_SPANS_OVERLAP: { status: 400, title: '期间相互重叠' },
  SUBSIDY_INTEREST_PERIOD_OUTSIDE_LOAN: { status: 400, title: '付息期间须在计息期内' },
  SUBSIDY_REPAYMENT_BEFORE_DISBURSEMENT: { status: 400, title: '还款日早于放款日' },
  SUBSIDY_REPAYMENT_AFTER_MATURITY: { status: 400, title: '还款日晚于到期日' },
  SUBSIDY_REPAYMENTS_EXCEED_PRINCIPAL: { status: 400, title: '还款本金合计超过借款本金' },
  SUBSIDY_CLAIM_PERIOD_INVALID: {
    status: 400,
    title: '申报期间格式不正确，应为季度（2026Q3）、月份（2026-09）或年份（2026）',
  },
  SUBSIDY_CLAIM_PERIOD_NOT_SETTLEMENT: { status: 400, title: '申报期间与贴息结算周期不符' },
  SUBSIDY_CLAIM_PERIOD_NOT_ENDED: { status: 422, title: '申报期间尚未结束，结束后才能申报' },
  SUBSIDY_CLAIM_EMPTY: { status: 422, title: '该期间没有可申报贴息的借款' },
  SUBSIDY_RECEIPT_ABOVE_CLAIM: { status: 422, title: '到账金额须大于零且不超过申报的贴息' },
  SUBSIDY_RECEIVED_BEFORE_PERIOD_END: { status: 422, title: '到账日期须在申报期间结束之后' },
  SUBSIDY_ALREADY_RECEIVED: { status: 409, title: '同一天的贴息不能到账两次' },
  SUBSIDY_RECEIPT_MISMATCH: { status: 409, title: '找不到该凭证对应的贴息到账登记，不能冲正' },
  SUBSIDY_RECEIPT_PAID_OUT: { status: 422, title: '贴息已发放给农户，请先冲正发放凭证' },
  SUBSIDY_PAID_BEFORE_RECEIVED: { status: 422, title: '发放日期不能早于贴息到账日期' },
  SUBSIDY_PAYOUT_UNKNOWN_LOAN: { status: 422, title: '贴息到账中没有该借款' },
  SUBSIDY_ALREADY_PAID_OUT: { status: 409, title: '贴息已发放给农户' },
} as const satisfies Record<string, RefusalEntry>;

export type RefusalCode = keyof typeof refusalCodes;

export type RefusalStatus = (typeof refusalCodes)[RefusalCode]['status'];

/** The codes answering with `status`. */
export type CodeWithStatus<S extends RefusalStatus> = {
  [C in RefusalCode]: (typeof refusalCodes)[C]['status'] extends S ? C : never;
}[RefusalCode];

export function isRefusalCode(code: unknown): code is RefusalCode {
  return typeof code === 'string' && Object.hasOwn(refusalCodes, code);
}
