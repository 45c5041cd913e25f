/**
 * A 茶园资产评估证 (tea-garden asset appraisal certificate) issued by the county: the garden
 * (location, 四至, area, variety), its holder, every appraisal (the latest in force) and every
 * pledge it has stood for. One certificate secures at most one loan at a time; a pledge ends
 * released (the loan paid off) or enforced (the loan written off; the garden is taken).
 */
import { addMonths, isBusinessDate, type BusinessDate } from '../dates.ts';
import type { Member } from '../members/member.ts';
import { Decimal, Money } from '../money.ts';
import { Refusal } from '../refusal.ts';

export interface Boundaries {
  east: string;
  south: string;
  west: string;
  north: string;
}

export interface Appraisal {
  /** a1, a2, …: in the order recorded. */
  id: string;
  value: Money;
  appraiser: string;
  appraisedOn: BusinessDate;
  validUntil: BusinessDate;
  /** The tea trees' age in whole years on the appraisal date. */
  treeAgeYears: number;
  /** Who recorded it (the treasurer's user name). */
  recordedBy?: string;
}

export type PledgeState = 'active' | 'released' | 'enforced';

export interface Pledge {
  loanId: string;
  pledgedOn: BusinessDate;
  /** The loan's principal and the caps it was checked against. */
  principal: Money;
  appraisalId: string;
  tierCap: Money;
  loanToValueCap: Money;
  state: PledgeState;
  /** The loan paid off (released) or written off (enforced) on this date. */
  endedOn?: BusinessDate;
  recordedBy?: string;
}

export type CertificateStatus = 'free' | 'pledged' | 'enforced';

export interface TeaGardenCertificate {
  id: string;
  associationId: string;
  /** The issuing county; the number is unique within it. */
  county: string;
  number: string;
  holderId: string;
  location: string;
  boundaries: Boundaries;
  /** 亩, as a decimal string: "15", "2.5". */
  areaMu: string;
  variety: string;
  appraisals: Appraisal[];
  pledges: Pledge[];
  /** Optimistic concurrency: every full rewrite checks the version it read. */
  version: number;
}

export interface AppraisalInput {
  value: Money;
  appraiser: string;
  appraisedOn: BusinessDate;
  validUntil: BusinessDate;
  treeAgeYears: number;
  recordedBy?: string;
}

export interface Registration {
  id: string;
  associationId: string;
  county: string;
  number: string;
  holder: Member;
  location: string;
  boundaries: Boundaries;
  areaMu: string;
  variety: string;
  appraisal: AppraisalInput;
}

/** The loan the certificate stands for now, or the one that took it. */
export function pledgedLoanId(certificate: TeaGardenCertificate): string | undefined {
  return certificate.pledges.find((p) => p.state !== 'released')?.loanId;
}

export function certificateStatus(certificate: TeaGardenCertificate): CertificateStatus {
  if (certificate.pledges.some((p) => p.state === 'enforced')) return 'enforced';
  return certificate.pledges.some((p) => p.state === 'active') ? 'pledged' : 'free';
}

/** The appraisal in force on a date: the latest dated on or before it (later recorded wins). */
export function appraisalInForce(
  certificate: TeaGardenCertificate,
  on: BusinessDate,
): Appraisal | undefined {
  let found: Appraisal | undefined;
  for (const appraisal of certificate.appraisals) {
    if (appraisal.appraisedOn <= on && (!found || appraisal.appraisedOn >= found.appraisedOn)) {
      found = appraisal;
    }
  }
  return found;
}

/** Whole years from `from` to `to` (a birthday count: 2024-05-01 → 2025-04-30 is 0). */
export function wholeYearsBetween(from: BusinessDate, to: BusinessDate): number {
  let years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  if (addMonths(from, 12 * years) > to) years -= 1;
  return Math.max(0, years);
}

/** The trees' age on a date: as appraised, plus the whole years since the appraisal. */
export function treeAgeOn(appraisal: Appraisal, on: BusinessDate): number {
  return appraisal.treeAgeYears + wholeYearsBetween(appraisal.appraisedOn, on);
}

function checkAppraisal(input: AppraisalInput): void {
  for (const field of ['appraisedOn', 'validUntil'] as const) {
    if (typeof input[field] !== 'string' || !isBusinessDate(input[field])) {
      throw new Refusal('TEA_GARDEN_DATE_INVALID', '日期不正确', 'invalid', {
        field,
        value: input[field],
      });
    }
  }
  if (!input.value.isPositive()) {
    throw new Refusal('TEA_GARDEN_VALUE_INVALID', '评估价值必须大于零', 'invalid', {
      field: 'appraisedValue',
      value: input.value.toString(),
    });
  }
  if (input.validUntil <= input.appraisedOn) {
    throw new Refusal(
      'TEA_GARDEN_VALIDITY_INVALID',
      `评估有效期（${input.validUntil}）必须晚于评估日期（${input.appraisedOn}）`,
      'invalid',
      { field: 'validUntil', appraisedOn: input.appraisedOn, validUntil: input.validUntil },
    );
  }
  if (!Number.isInteger(input.treeAgeYears) || input.treeAgeYears < 0) {
    throw new Refusal('TEA_GARDEN_TREE_AGE_INVALID', '茶树树龄必须是非负整数（年）', 'invalid', {
      field: 'treeAgeYears',
      value: input.treeAgeYears,
    });
  }
}

/** Registers a certificate with its first appraisal; the holder must be a member in good standing. */
export function registerCertificate(request: Registration): TeaGardenCertificate {
  const { holder } = request;
  if (holder.status !== 'active') {
    throw new Refusal(
      'TEA_GARDEN_HOLDER_EXITED',
      `${holder.name} 已退会，不能登记茶园证`,
      'refused',
      {
        holderId: holder.id,
      },
    );
  }
  const area = new Decimal(request.areaMu);
  if (!area.isPositive() || area.isZero()) {
    throw new Refusal('TEA_GARDEN_AREA_INVALID', '茶园面积必须大于零', 'invalid', {
      field: 'areaMu',
      value: request.areaMu,
    });
  }
  checkAppraisal(request.appraisal);
  return {
    id: request.id,
    associationId: request.associationId,
    county: request.county,
    number: request.number,
    holderId: holder.id,
    location: request.location,
    boundaries: { ...request.boundaries },
    // One written form per area: "15.50" and "15.5" are the same garden.
    areaMu: area.toString(),
    variety: request.variety,
    appraisals: [{ id: 'a1', ...request.appraisal }],
    pledges: [],
    version: 0,
  };
}

/** A re-appraisal: kept beside the earlier ones; it is in force from its date on. */
export function reappraise(
  certificate: TeaGardenCertificate,
  input: AppraisalInput,
): TeaGardenCertificate {
  if (certificateStatus(certificate) === 'enforced') {
    throw new Refusal(
      'TEA_GARDEN_CERTIFICATE_ENFORCED',
      `茶园证 ${certificate.number} 已因借款 ${pledgedLoanId(certificate)} 核销被处置，不能再评估`,
      'refused',
      { certificateId: certificate.id, loanId: pledgedLoanId(certificate) },
    );
  }
  checkAppraisal(input);
  const latest = certificate.appraisals.reduce((a, b) => (b.appraisedOn >= a.appraisedOn ? b : a));
  if (input.appraisedOn < latest.appraisedOn) {
    throw new Refusal(
      'TEA_GARDEN_APPRAISAL_OUT_OF_ORDER',
      `重新评估日期（${input.appraisedOn}）不能早于现行评估日期（${latest.appraisedOn}）`,
      'refused',
      { field: 'appraisedOn', latestAppraisalId: latest.id, latestAppraisedOn: latest.appraisedOn },
    );
  }
  return {
    ...certificate,
    appraisals: [
      ...certificate.appraisals,
      { id: `a${certificate.appraisals.length + 1}`, ...input },
    ],
  };
}
