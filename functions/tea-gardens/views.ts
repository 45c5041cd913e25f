/** Certificates as the API shows them: the appraisal in force on a date and the pledge history. */
import type { z } from 'zod';
import type { BusinessDate } from '#domain/dates.ts';
import {
  appraisalInForce,
  certificateStatus,
  pledgedLoanId,
  treeAgeOn,
  type Appraisal,
  type Pledge,
  type TeaGardenCertificate,
} from '#domain/tea-gardens/certificate.ts';
import { gardenLoanLimits } from '#domain/tea-gardens/pledge.ts';
import type { TeaGardenSettings } from '#domain/tea-gardens/settings.ts';
import type { certificateView, pledgeView } from '#api/tea-gardens.ts';

function viewAppraisal(appraisal: Appraisal, inForce: Appraisal | undefined) {
  return {
    id: appraisal.id,
    appraisedValue: appraisal.value.toString(),
    appraiser: appraisal.appraiser,
    appraisedOn: appraisal.appraisedOn,
    validUntil: appraisal.validUntil,
    treeAgeYears: appraisal.treeAgeYears,
    inForce: appraisal === inForce,
    ...(appraisal.recordedBy ? { recordedBy: appraisal.recordedBy } : {}),
  };
}

export function viewPledge(pledge: Pledge): z.infer<typeof pledgeView> {
  return {
    loanId: pledge.loanId,
    pledgedOn: pledge.pledgedOn,
    principal: pledge.principal.toString(),
    appraisalId: pledge.appraisalId,
    tierCap: pledge.tierCap.toString(),
    loanToValueCap: pledge.loanToValueCap.toString(),
    state: pledge.state,
    ...(pledge.state === 'released' ? { releasedOn: pledge.endedOn } : {}),
    ...(pledge.state === 'enforced' ? { enforcedOn: pledge.endedOn } : {}),
    ...(pledge.recordedBy ? { recordedBy: pledge.recordedBy } : {}),
  };
}

/**
 * The certificate as of a date: its appraisal in force then, and the most it may secure under
 * the charter (nothing while the appraisal is expired, the trees too young or the area too small).
 */
export function viewCertificate(
  certificate: TeaGardenCertificate,
  settings: TeaGardenSettings,
  asOf: BusinessDate,
): z.infer<typeof certificateView> {
  const inForce = appraisalInForce(certificate, asOf);
  const status = certificateStatus(certificate);
  const limits = gardenLoanLimits(settings, certificate, asOf);
  return {
    id: certificate.id,
    associationId: certificate.associationId,
    county: certificate.county,
    number: certificate.number,
    holderId: certificate.holderId,
    location: certificate.location,
    boundaries: certificate.boundaries,
    areaMu: certificate.areaMu,
    variety: certificate.variety,
    status,
    ...(pledgedLoanId(certificate) ? { pledgedLoanId: pledgedLoanId(certificate) } : {}),
    asOf,
    ...(inForce
      ? {
          appraisal: {
            ...viewAppraisal(inForce, inForce),
            expired: inForce.validUntil < asOf,
            treeAgeYearsNow: treeAgeOn(inForce, asOf),
          },
        }
      : {}),
    ...(limits
      ? {
          limits: {
            ...(limits.tierCap ? { tierCap: limits.tierCap.toString() } : {}),
            loanToValueCap: limits.loanToValueCap.toString(),
            maxLoan: limits.maxLoan.toString(),
          },
        }
      : {}),
    appraisals: certificate.appraisals.map((a) => viewAppraisal(a, inForce)),
    pledges: certificate.pledges.map(viewPledge),
  };
}
