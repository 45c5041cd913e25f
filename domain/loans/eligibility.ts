/**
 * Who may borrow how much (借款条件), from the charter, and opening an approved loan (放款).
 * Every rule that says no gives its own refusal with the figures; cash on hand is not checked
 * here: the ledger's floor on the cash account refuses a disbursement it cannot pay.
 */
import type { Charter } from '../charter.ts';
import { isBusinessDate, type BusinessDate } from '../dates.ts';
import type { Member } from '../members/member.ts';
import type { Channel } from '../members/shares.ts';
import { Money, type RoundingMode } from '../money.ts';
import { describeRate, parseRate, type Rate, type RateWording } from '../rate.ts';
import type { CodeWithStatus } from '../refusal-codes.ts';
import { Refusal } from '../refusal.ts';
import type { TeaGardenCertificate } from '../tea-gardens/certificate.ts';
import { pledgeCertificate, type PledgeResult } from '../tea-gardens/pledge.ts';
import { productRules, type ProductRules } from './products.ts';
import { loanProducts, loanRules, type Loan, type LoanProduct, type LoanRules } from './loan.ts';
import { disbursementLines, loanEntry, type LoanJournalEntry } from './postings.ts';
import { buildSchedule, type DayCount, type Frequency, type RepaymentMethod } from './schedule.ts';

export const monthsPerInstallment: Record<Frequency, number> = { monthly: 1, quarterly: 3 };

export interface LoanApplication {
  member: Member;
  /** The household has a loan of its own overdue today (from its loans' positions). */
  hasOverdue: boolean;
  /** The household has never borrowed before: the first-loan cap applies. */
  firstLoan: boolean;
  principal: Money;
  installments: number;
  frequency: Frequency;
  /** The guarantor households (联保小组 members), as loaded. */
  guarantors: readonly Member[];
  /** Ids of guarantors that have an overdue loan of their own today. */
  guarantorsOverdue: readonly string[];
  /** An agreed rate; absent means the charter's rate (the low-income one for 低收入户). */
  rate?: RateWording;
  /** Absent means 'standard'. A tea-garden loan has its own cap (charter.teaGarden.maxLoan). */
  product?: LoanProduct;
}

export interface Eligibility {
  eligible: boolean;
  /** Every rule that said no, in the order checked. */
  refusals: Refusal[];
  /** The rate the loan gets; absent when the given rate was refused. */
  rate?: Rate;
  /** The highest principal the household may borrow now: caps and shares multiple. */
  limit: Money;
  termMonths: number;
}

const yuan = (amount: Money) => amount.format();

type Refuse = (code: CodeWithStatus<422>, title: string, details: Record<string, unknown>) => void;

/** Checks an application against the charter; returns every reason it is refused. */
export function checkLoanEligibility(charter: Charter, application: LoanApplication): Eligibility {
  const refusals: Refusal[] = [];
  const refuse: Refuse = (code, title, details) =>
    refusals.push(new Refusal(code, title, 'refused', details));
  const product = productRules(charter, application.product ?? 'standard');
  const months = checkTerms(application, refusals);
  checkHousehold(charter, application, refuse);
  const limit = checkAmount(charter, product, application, refuse);
  // How long: a quarterly installment is three months.
  const { installments, frequency } = application;
  const termMonths = Number.isInteger(installments) ? installments * (months ?? 1) : 0;
  if (termMonths > product.maxTermMonths) {
    refuse(
      'LOAN_TERM_ABOVE_MAXIMUM',
      `借款期限 ${termMonths} 个月，超过章程规定的 ${product.maxTermMonths} 个月`,
      { termMonths, maxTermMonths: product.maxTermMonths, installments, frequency },
    );
  }
  checkGuarantors(application, product.guarantorsRequired, refuse);
  checkGuaranteeCap(charter.loans.maxGuaranteeTotal, application, refuse);

  // The price: an agreed rate, else the product's, else the charter's for the household.
  let rate: Rate | undefined;
  const wording =
    application.rate ??
    product.rate ??
    (application.member.lowIncome === 'none' ? charter.fees.standard : charter.fees.lowIncome);
  try {
    rate = parseRate(wording);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    refusals.push(error);
  }
  return { eligible: refusals.length === 0, refusals, rate, limit, termMonths };
}

/** The figures themselves: principal, frequency, installments. Returns months per installment. */
function checkTerms(application: LoanApplication, refusals: Refusal[]): number | undefined {
  const { principal, installments, frequency } = application;
  if (!principal.isPositive()) {
    refusals.push(
      new Refusal('LOAN_PRINCIPAL_INVALID', '借款金额必须大于零', 'invalid', {
        field: 'principal',
        principal: principal.toString(),
      }),
    );
  }
  const months = Object.hasOwn(monthsPerInstallment, frequency)
    ? monthsPerInstallment[frequency]
    : undefined;
  if (months === undefined) {
    refusals.push(
      new Refusal('LOAN_FREQUENCY_INVALID', '还款频率不正确', 'invalid', {
        field: 'frequency',
        value: frequency,
      }),
    );
  }
  if (!Number.isInteger(installments) || installments < 1 || installments > 600) {
    refusals.push(
      new Refusal('LOAN_INSTALLMENTS_INVALID', '还款期数必须是 1 到 600 之间的整数', 'invalid', {
        field: 'installments',
        value: installments,
      }),
    );
  }
  return months;
}

/** The household itself: a member, not grade D, nothing overdue, no other open loan. */
function checkHousehold(charter: Charter, application: LoanApplication, refuse: Refuse): void {
  const { member } = application;
  if (member.status !== 'active') {
    refuse('LOAN_MEMBER_EXITED', `${member.name} 已退会，不能借款`, { memberId: member.id });
  }
  if (member.creditGrade === 'D') {
    refuse('LOAN_CREDIT_GRADE_D', `${member.name} 信用等级为 D（差），不能借款`, {
      memberId: member.id,
      creditGrade: member.creditGrade,
    });
  }
  if (member.debtOnRecord?.isPositive()) {
    refuse(
      'LOAN_DEBT_ON_RECORD',
      `${member.name} 尚欠已核销借款 ${yuan(member.debtOnRecord)}，不能借款`,
      {
        memberId: member.id,
        debtOnRecord: member.debtOnRecord.toString(),
      },
    );
  }
  if (application.hasOverdue) {
    refuse('LOAN_MEMBER_OVERDUE', `${member.name} 有逾期未还的借款，不能再借`, {
      memberId: member.id,
    });
  }
  if (charter.loans.oneOpenLoanPerHousehold && member.openLoans > 0) {
    refuse('LOAN_OPEN_LOAN_EXISTS', '章程规定每户只能有一笔未结清借款', {
      memberId: member.id,
      openLoans: member.openLoans,
    });
  }
}

/**
 * How much, by the product's rules: its cap, the first-loan cap and the shares multiple where
 * the product applies them. Returns the highest principal the household may borrow now.
 */
function checkAmount(
  charter: Charter,
  product: ProductRules,
  application: LoanApplication,
  refuse: Refuse,
): Money {
  const { member, principal } = application;
  const rules = charter.loans;
  const firstLoanCap = Money.of(rules.firstLoanCap);
  const productCap = Money.of(product.maxLoan);
  const sharesHeld = member.ownShareAmount.plus(member.fiscalShareAmount);
  const sharesCap = sharesHeld.times(rules.sharesMultiple);
  const firstLoan = application.firstLoan && product.firstLoanCapApplies;
  const cap = firstLoan ? firstLoanCap.min(productCap) : productCap;
  if (firstLoan && principal.gt(firstLoanCap)) {
    refuse(
      'LOAN_ABOVE_FIRST_LOAN_CAP',
      `首次借款不能超过 ${yuan(firstLoanCap)}，申请 ${yuan(principal)}`,
      { cap: firstLoanCap.toString(), requested: principal.toString() },
    );
  }
  if (product.product === 'tea-garden' && principal.gt(productCap)) {
    refuse(
      'LOAN_ABOVE_TEA_GARDEN_CAP',
      `茶园抵押借款不能超过 ${yuan(productCap)}，申请 ${yuan(principal)}`,
      { cap: productCap.toString(), requested: principal.toString(), product: 'tea-garden' },
    );
  } else if (principal.gt(productCap)) {
    refuse('LOAN_ABOVE_MAXIMUM', `单笔借款不能超过 ${yuan(productCap)}，申请 ${yuan(principal)}`, {
      cap: productCap.toString(),
      requested: principal.toString(),
      product: product.product,
    });
  }
  if (!product.sharesMultipleApplies) return Money.zero.max(cap);
  if (principal.gt(sharesCap)) {
    refuse(
      'LOAN_ABOVE_SHARES_MULTIPLE',
      `借款不能超过持股金额 ${yuan(sharesHeld)} 的 ${rules.sharesMultiple} 倍（${yuan(sharesCap)}），申请 ${yuan(principal)}`,
      {
        sharesHeld: sharesHeld.toString(),
        ownShareAmount: member.ownShareAmount.toString(),
        fiscalShareAmount: member.fiscalShareAmount.toString(),
        multiple: rules.sharesMultiple,
        cap: sharesCap.toString(),
        requested: principal.toString(),
      },
    );
  }
  return Money.zero.max(cap.min(sharesCap));
}

/** No household stands guarantor for more principal in all than the charter's cap. */
function checkGuaranteeCap(
  cap: string | undefined,
  application: LoanApplication,
  refuse: Refuse,
): void {
  if (cap === undefined) return;
  for (const guarantor of application.guarantors) {
    const standing = guarantor.guaranteedAmount ?? Money.zero;
    const total = standing.plus(application.principal);
    if (total.gt(Money.of(cap))) {
      refuse(
        'LOAN_GUARANTEE_ABOVE_CAP',
        `担保人 ${guarantor.name} 已担保 ${yuan(standing)}，再担保 ${yuan(application.principal)} 超过章程上限 ${yuan(Money.of(cap))}`,
        { guarantorId: guarantor.id, standing: standing.toString(), cap, total: total.toString() },
      );
    }
  }
}

function checkGuarantors(application: LoanApplication, required: number, refuse: Refuse): void {
  const { member, guarantors } = application;
  const overdue = new Set(application.guarantorsOverdue);
  const ids = guarantors.map((g) => g.id);
  const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (duplicates.length > 0) {
    refuse('LOAN_GUARANTOR_DUPLICATE', '同一担保人不能重复列出', { guarantorIds: duplicates });
  }
  const others = new Set(ids.filter((id) => id !== member.id));
  if (others.size < required) {
    refuse('LOAN_GUARANTORS_TOO_FEW', `章程要求至少 ${required} 名联保小组成员担保`, {
      required,
      given: others.size,
    });
  }
  if (guarantors.length > 0 && !member.group) {
    refuse('LOAN_BORROWER_NO_GROUP', `${member.name} 未加入联保小组，不能由他人联保`, {
      memberId: member.id,
    });
  }
  for (const guarantor of guarantors) {
    const who = { guarantorId: guarantor.id, guarantorName: guarantor.name };
    if (guarantor.id === member.id) {
      refuse('LOAN_GUARANTOR_IS_BORROWER', '借款人不能为自己担保', who);
      continue;
    }
    if (guarantor.status !== 'active') {
      refuse('LOAN_GUARANTOR_EXITED', `担保人 ${guarantor.name} 已退会`, who);
    }
    if (
      member.group &&
      (guarantor.group !== member.group || guarantor.associationId !== member.associationId)
    ) {
      refuse(
        'LOAN_GUARANTOR_OTHER_GROUP',
        `担保人 ${guarantor.name} 不在借款人的联保小组（${member.group}）`,
        { ...who, guarantorGroup: guarantor.group, borrowerGroup: member.group },
      );
    }
    if (guarantor.guaranteeCalled?.isPositive() || guarantor.debtOnRecord?.isPositive()) {
      refuse('LOAN_GUARANTOR_CALLED', `担保人 ${guarantor.name} 尚有未清偿的担保代偿或核销欠款`, {
        ...who,
        guaranteeCalled: (guarantor.guaranteeCalled ?? Money.zero).toString(),
      });
    }
    if (overdue.has(guarantor.id)) {
      refuse('LOAN_GUARANTOR_OVERDUE', `担保人 ${guarantor.name} 自己有逾期借款`, who);
    }
  }
}

export interface LoanOpening extends LoanApplication {
  id: string;
  /** The disbursement's journal entry. */
  entryId: string;
  method: RepaymentMethod;
  dayCount: DayCount;
  disbursedOn: BusinessDate;
  approvedOn: BusinessDate;
  boardMinute: string;
  purpose: string;
  product: LoanProduct;
  channel: Channel;
  /** Default half-up (四舍五入). */
  rounding?: RoundingMode;
  /** 茶园资产评估证 pledged by this disbursement, in its own transaction. */
  certificates?: readonly TeaGardenCertificate[];
  recordedBy?: string;
}

export interface OpenedLoan {
  loan: Loan;
  entry: LoanJournalEntry;
  /** The borrower with one more open loan; written only if it did not change meanwhile. */
  member: Member;
  /** The guarantors, each standing for one more loan. */
  guarantors: Member[];
  /** The certificates pledged for the loan, each with its new pledge. */
  pledges: PledgeResult[];
}

/** The request's own fields: dates, board minute, product. Throws the first that is wrong. */
function checkOpening(request: LoanOpening): void {
  for (const field of ['disbursedOn', 'approvedOn'] as const) {
    const value = request[field];
    if (typeof value !== 'string' || !isBusinessDate(value)) {
      throw new Refusal('LOAN_DATE_INVALID', '日期不正确', 'invalid', { field, value });
    }
  }
  if (request.approvedOn > request.disbursedOn) {
    throw new Refusal(
      'LOAN_DISBURSED_BEFORE_APPROVAL',
      '放款日期不能早于理事会批准日期',
      'refused',
      {
        approvedOn: request.approvedOn,
        disbursedOn: request.disbursedOn,
      },
    );
  }
  if (!request.boardMinute?.trim()) {
    throw new Refusal('LOAN_BOARD_MINUTE_MISSING', '请填写理事会决议（会议纪要）编号', 'invalid', {
      field: 'boardMinute',
    });
  }
  if (!loanProducts.includes(request.product)) {
    throw new Refusal('LOAN_PRODUCT_INVALID', '借款品种不正确', 'invalid', {
      field: 'product',
      value: request.product,
    });
  }
}

/** Throws the first refusal, the others listed in details.otherReasons. */
function throwFirst(refusals: readonly Refusal[]): void {
  const [first, ...others] = refusals;
  if (first) {
    throw new Refusal(first.code, first.title, first.kind, {
      ...first.details,
      ...(others.length > 0
        ? { otherReasons: others.map((r) => ({ code: r.code, title: r.title })) }
        : {}),
    });
  }
}

/**
 * The product's collateral, pledged by the disbursement itself: a tea-garden loan goes out
 * only with at least one certificate that passes every pledge rule for this loan on the day
 * the money moves. Certificates given for a product that needs none are refused as well.
 */
function pledgeCollateral(charter: Charter, request: LoanOpening, loan: Loan): PledgeResult[] {
  const product = productRules(charter, request.product);
  const certificates = request.certificates ?? [];
  if (product.collateral === 'tea-garden-certificate' && certificates.length === 0) {
    throw new Refusal(
      'LOAN_COLLATERAL_REQUIRED',
      '茶园抵押借款必须在放款时抵押合格的茶园资产评估证',
      'refused',
      { product: request.product, collateral: product.collateral, field: 'certificateIds' },
    );
  }
  if (product.collateral === 'none' && certificates.length > 0) {
    throw new Refusal('PLEDGE_LOAN_NOT_TEA_GARDEN', '该借款品种不接受茶园证抵押', 'refused', {
      product: request.product,
    });
  }
  return certificates.map((certificate) =>
    pledgeCertificate(
      charter.teaGarden,
      certificate,
      loan,
      request.disbursedOn,
      request.recordedBy,
    ),
  );
}

/** The loan as agreed: the schedule at the rate, the terms copied from the charter. */
function agreedLoan(
  charter: Charter,
  request: LoanOpening,
  rate: Rate,
  rules: Partial<LoanRules>,
): Loan {
  const terms = { ...loanRules(rules), penaltyMarkupPercent: charter.fees.penaltyMarkupPercent };
  const rounding = request.rounding ?? 'half-up';
  const schedule = buildSchedule({
    principal: request.principal.toString(),
    rate: rate.wording,
    installments: request.installments,
    frequency: request.frequency,
    method: request.method,
    disbursedOn: request.disbursedOn,
    dayCount: request.dayCount,
    rounding: { mode: rounding },
  });
  const { member } = request;
  const described = describeRate(rate);
  const certificateIds = (request.certificates ?? []).map((c) => c.id);
  return {
    id: request.id,
    associationId: member.associationId,
    memberId: member.id,
    principal: request.principal,
    rate: {
      wording: rate.wording,
      annualPercent: described.annualPercent,
      monthlyPermille: described.monthlyPermille,
    },
    method: request.method,
    frequency: request.frequency,
    installments: request.installments,
    dayCount: request.dayCount,
    rounding,
    disbursedOn: request.disbursedOn,
    approvedOn: request.approvedOn,
    boardMinute: request.boardMinute.trim(),
    guarantorIds: request.guarantors.map((g) => g.id),
    purpose: request.purpose,
    product: request.product,
    channel: request.channel,
    disbursementEntryId: request.entryId,
    terms,
    schedule,
    repayments: [],
    status: 'open',
    version: 0,
    ...(certificateIds.length > 0 ? { pledgedCertificateIds: certificateIds } : {}),
  };
}

/**
 * Records a board-approved loan and disburses it: refuses with the first reason (the others
 * in details.otherReasons), builds the schedule, pledges the product's collateral, and books
 * Dr loans out / Cr cash or bank. `rules` are the loan rules the charter does not carry yet;
 * they are copied onto the loan.
 */
export function openLoan(
  charter: Charter,
  request: LoanOpening,
  rules: Partial<LoanRules> = {},
): OpenedLoan {
  checkOpening(request);
  const eligibility = checkLoanEligibility(charter, request);
  throwFirst(eligibility.refusals);
  const rate = eligibility.rate ?? parseRate(request.rate ?? charter.fees.standard);
  const loan = agreedLoan(charter, request, rate, rules);
  const pledges = pledgeCollateral(charter, request, loan);
  const { member } = request;
  const entry = loanEntry({
    id: request.entryId,
    loanId: loan.id,
    memberId: member.id,
    date: request.disbursedOn,
    kind: 'loan-disbursement',
    memo: `${member.name} 借款 ${request.principal.format()}（${request.boardMinute.trim()}）`,
    lines: disbursementLines(request.principal, request.channel),
  });
  return {
    loan,
    entry,
    member: { ...member, openLoans: member.openLoans + 1 },
    guarantors: request.guarantors.map((g) => ({
      ...g,
      guaranteesStanding: g.guaranteesStanding + 1,
      guaranteedAmount: (g.guaranteedAmount ?? Money.zero).plus(request.principal),
    })),
    pledges,
  };
}
