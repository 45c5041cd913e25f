/**
 * Pledging a 茶园资产评估证 for a loan (茶园抵押), and ending the pledge with the loan. The
 * rules (charter.teaGarden): trees old enough, an appraisal in force, the area's tier cap and
 * the loan-to-value cap, each against the loan's principal. Every rule that says no names
 * its figures; the first refuses, the others follow in details.otherReasons.
 */
import type { BusinessDate } from '../dates.ts';
import type { Loan } from '../loans/loan.ts';
import { Decimal, Money } from '../money.ts';
import type { CodeWithStatus } from '../refusal-codes.ts';
import { Refusal } from '../refusal.ts';
import {
  appraisalInForce,
  certificateStatus,
  pledgedLoanId,
  treeAgeOn,
  type Appraisal,
  type Pledge,
  type TeaGardenCertificate,
} from './certificate.ts';
import type { TeaGardenSettings } from './settings.ts';

/** What a pledge is checked against: the loan as it stands. */
export type PledgedLoan = Pick<
  Loan,
  'id' | 'memberId' | 'principal' | 'status' | 'product' | 'disbursedOn'
>;

export interface GardenLimits {
  /** The highest loan the garden's area qualifies for; absent below the smallest tier. */
  tierCap?: Money;
  /** The appraised value × the loan-to-value percentage, down to the 分. */
  loanToValueCap: Money;
  treeAgeYears: number;
}

export interface PledgeCheck {
  eligible: boolean;
  refusals: Refusal[];
  appraisal?: Appraisal;
  limits?: GardenLimits;
}

const yuan = (amount: Money) => amount.format();

/** The tier a garden of this area reaches: the largest minimum area it meets. */
export function tierCapFor(settings: TeaGardenSettings, areaMu: string): Money | undefined {
  const area = new Decimal(areaMu);
  const reached = settings.tiers.filter((tier) => area.gte(tier.minAreaMu));
  if (reached.length === 0) return undefined;
  const best = reached.reduce((a, b) => (Money.of(b.maxLoan).gt(Money.of(a.maxLoan)) ? b : a));
  return Money.of(best.maxLoan).min(Money.of(settings.maxLoan));
}

/** value × percent / 100, rounded down: a principal in 分 is within the cap iff it is ≤ this. */
export function loanToValueCap(settings: TeaGardenSettings, value: Money): Money {
  return Money.exact(
    value.value
      .times(settings.loanToValuePercent)
      .dividedBy(100)
      .toDecimalPlaces(2, Decimal.ROUND_DOWN),
  );
}

/**
 * The most a certificate may secure on a date under the charter: the lower of its tier cap
 * and its loan-to-value cap, and nothing while the appraisal is expired, the trees too young,
 * the area below every tier or the pledge enforced. Undefined with no appraisal in force.
 */
export function gardenLoanLimits(
  settings: TeaGardenSettings,
  certificate: TeaGardenCertificate,
  asOf: BusinessDate,
): { tierCap?: Money; loanToValueCap: Money; maxLoan: Money } | undefined {
  const inForce = appraisalInForce(certificate, asOf);
  if (!inForce) return undefined;
  const tierCap = tierCapFor(settings, certificate.areaMu);
  const ltvCap = loanToValueCap(settings, inForce.value);
  const usable =
    tierCap !== undefined &&
    inForce.validUntil >= asOf &&
    treeAgeOn(inForce, asOf) >= settings.minTreeAgeYears &&
    certificateStatus(certificate) !== 'enforced';
  return {
    ...(tierCap ? { tierCap } : {}),
    loanToValueCap: ltvCap,
    maxLoan: usable ? tierCap.min(ltvCap) : Money.zero,
  };
}

/** Checks a pledge of `certificate` for `loan` on `on`; returns every reason it is refused. */
export function checkPledge(
  settings: TeaGardenSettings,
  certificate: TeaGardenCertificate,
  loan: PledgedLoan,
  on: BusinessDate,
): PledgeCheck {
  const refusals: Refusal[] = [];
  const refuse = (code: CodeWithStatus<422>, title: string, details: Record<string, unknown>) =>
    refusals.push(new Refusal(code, title, 'refused', details));
  const cert = { certificateId: certificate.id, number: certificate.number };

  // The certificate is free: one loan at a time, and never again once enforced.
  const status = certificateStatus(certificate);
  if (status === 'enforced') {
    refuse(
      'TEA_GARDEN_CERTIFICATE_ENFORCED',
      `茶园证 ${certificate.number} 已因借款 ${pledgedLoanId(certificate)} 核销被处置，不能再抵押`,
      { ...cert, enforcedForLoanId: pledgedLoanId(certificate) },
    );
  } else if (status === 'pledged') {
    refusals.push(alreadyPledged(certificate.number, pledgedLoanId(certificate)));
  }

  // The loan: open, the holder's own, a tea-garden loan, already disbursed on that date.
  if (loan.memberId !== certificate.holderId) {
    refuse('PLEDGE_HOLDER_NOT_BORROWER', '茶园证持证人必须是该笔借款的借款人', {
      ...cert,
      holderId: certificate.holderId,
      borrowerId: loan.memberId,
    });
  }
  if (loan.status !== 'open') {
    refuse('PLEDGE_LOAN_CLOSED', `借款 ${loan.id} 已结清或核销，不能再抵押`, {
      loanId: loan.id,
      loanStatus: loan.status,
    });
  }
  if (loan.product !== 'tea-garden') {
    refuse('PLEDGE_LOAN_NOT_TEA_GARDEN', `只有茶园抵押借款可以抵押茶园证，借款 ${loan.id} 不是`, {
      loanId: loan.id,
      product: loan.product,
    });
  }
  if (on < loan.disbursedOn) {
    refuse('PLEDGE_BEFORE_DISBURSEMENT', `抵押日期 ${on} 早于放款日期 ${loan.disbursedOn}`, {
      field: 'on',
      on,
      disbursedOn: loan.disbursedOn,
    });
  }

  // The garden, as appraised on that date.
  const appraisal = appraisalInForce(certificate, on);
  if (!appraisal) {
    refuse('TEA_GARDEN_NOT_APPRAISED', `茶园证 ${certificate.number} 在 ${on} 还没有评估`, {
      ...cert,
      on,
      firstAppraisedOn: certificate.appraisals[0]?.appraisedOn,
    });
    return { eligible: false, refusals };
  }
  if (appraisal.validUntil < on) {
    refuse(
      'TEA_GARDEN_APPRAISAL_EXPIRED',
      `茶园评估已于 ${appraisal.validUntil} 到期，请重新评估后再抵押`,
      { ...cert, appraisalId: appraisal.id, validUntil: appraisal.validUntil, on },
    );
  }
  const treeAgeYears = treeAgeOn(appraisal, on);
  if (treeAgeYears < settings.minTreeAgeYears) {
    refuse(
      'TEA_GARDEN_TREES_TOO_YOUNG',
      `茶树树龄 ${treeAgeYears} 年，章程要求至少 ${settings.minTreeAgeYears} 年`,
      { ...cert, treeAgeYears, minTreeAgeYears: settings.minTreeAgeYears },
    );
  }
  const tierCap = tierCapFor(settings, certificate.areaMu);
  const smallest = settings.tiers[0]!;
  if (!tierCap) {
    refuse(
      'TEA_GARDEN_AREA_TOO_SMALL',
      `茶园面积 ${certificate.areaMu} 亩，章程要求至少 ${smallest.minAreaMu} 亩才能抵押`,
      { ...cert, areaMu: certificate.areaMu, minAreaMu: smallest.minAreaMu },
    );
  } else if (loan.principal.gt(tierCap)) {
    const needed = settings.tiers.find((tier) => !loan.principal.gt(Money.of(tier.maxLoan)));
    refuse(
      'TEA_GARDEN_ABOVE_TIER_CAP',
      `茶园面积 ${certificate.areaMu} 亩最多可抵押借款 ${yuan(tierCap)}，借款本金 ${yuan(loan.principal)}` +
        (needed ? `（需要至少 ${needed.minAreaMu} 亩）` : ''),
      {
        ...cert,
        areaMu: certificate.areaMu,
        tierCap: tierCap.toString(),
        principal: loan.principal.toString(),
        ...(needed ? { minAreaMuNeeded: needed.minAreaMu } : {}),
      },
    );
  }
  const ltvCap = loanToValueCap(settings, appraisal.value);
  if (loan.principal.gt(ltvCap)) {
    refuse(
      'TEA_GARDEN_ABOVE_LOAN_TO_VALUE',
      `借款本金 ${yuan(loan.principal)} 超过评估价值 ${yuan(appraisal.value)} 的 ${settings.loanToValuePercent}%（${yuan(ltvCap)}）`,
      {
        ...cert,
        appraisalId: appraisal.id,
        appraisedValue: appraisal.value.toString(),
        loanToValuePercent: settings.loanToValuePercent,
        loanToValueCap: ltvCap.toString(),
        principal: loan.principal.toString(),
      },
    );
  }
  return {
    eligible: refusals.length === 0,
    refusals,
    appraisal,
    limits: { tierCap, loanToValueCap: ltvCap, treeAgeYears },
  };
}

/** The refusal of a second pledge; also what the store's condition answers when two race. */
export function alreadyPledged(number: string, loanId: string | undefined): Refusal {
  return new Refusal(
    'CERTIFICATE_ALREADY_PLEDGED',
    `茶园证 ${number} 已抵押给${loanId ? `借款 ${loanId}` : '另一笔借款'}，一证同时只能担保一笔借款`,
    'conflict',
    { number, ...(loanId ? { pledgedLoanId: loanId } : {}) },
  );
}

export interface PledgeResult {
  certificate: TeaGardenCertificate;
  pledge: Pledge;
}

/** Pledges the certificate for the loan, or refuses with the first reason (others in details). */
export function pledgeCertificate(
  settings: TeaGardenSettings,
  certificate: TeaGardenCertificate,
  loan: PledgedLoan,
  on: BusinessDate,
  recordedBy?: string,
): PledgeResult {
  const check = checkPledge(settings, certificate, loan, on);
  const [first, ...others] = check.refusals;
  if (first) {
    throw new Refusal(first.code, first.title, first.kind, {
      ...first.details,
      ...(others.length > 0
        ? { otherReasons: others.map((r) => ({ code: r.code, title: r.title })) }
        : {}),
    });
  }
  const pledge: Pledge = {
    loanId: loan.id,
    pledgedOn: on,
    principal: loan.principal,
    appraisalId: check.appraisal!.id,
    tierCap: check.limits!.tierCap!,
    loanToValueCap: check.limits!.loanToValueCap,
    state: 'active',
    ...(recordedBy ? { recordedBy } : {}),
  };
  return { certificate: { ...certificate, pledges: [...certificate.pledges, pledge] }, pledge };
}

/**
 * Ends the certificate's active pledge for the loan: released when the loan is paid off,
 * enforced when it is written off. A certificate not pledged for this loan is unchanged.
 */
export function endPledge(
  certificate: TeaGardenCertificate,
  loanId: string,
  outcome: 'released' | 'enforced',
  on: BusinessDate,
): TeaGardenCertificate {
  return {
    ...certificate,
    pledges: certificate.pledges.map((p) =>
      p.loanId === loanId && p.state === 'active' ? { ...p, state: outcome, endedOn: on } : p,
    ),
  };
}

/**
 * Undoes a release: the repayment that paid the loan off was reversed, so the loan is open
 * again and the garden stands for it again, as if the payoff had never been. Refused when the
 * certificate has since been pledged for (or enforced by) another loan: a correction to one
 * loan cannot take another loan's security away. A certificate this loan never released is
 * unchanged.
 */
export function restorePledge(
  certificate: TeaGardenCertificate,
  loanId: string,
): TeaGardenCertificate {
  const holder = pledgedLoanId(certificate);
  if (holder !== undefined && holder !== loanId) {
    throw new Refusal(
      'PLEDGE_NOT_RESTORABLE',
      `茶园证 ${certificate.number} 结清后已抵押给借款 ${holder}，不能冲正借款 ${loanId} 的结清还款`,
      'conflict',
      { number: certificate.number, loanId, pledgedLoanId: holder },
    );
  }
  const released = certificate.pledges.findLastIndex(
    (p) => p.loanId === loanId && p.state === 'released',
  );
  if (holder === loanId || released < 0) return certificate;
  return {
    ...certificate,
    pledges: certificate.pledges.map((p, i) => {
      if (i !== released) return p;
      const { endedOn: _ended, ...standing } = p;
      return { ...standing, state: 'active' };
    }),
  };
}
