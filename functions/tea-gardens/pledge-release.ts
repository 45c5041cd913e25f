/**
 * The loans Lambda's hook: a loan that ends frees or forfeits its gardens in the same
 * transaction. Paid off: each pledge is released and the certificate can be pledged again.
 * Written off: each pledge is enforced and the certificate stays taken for good. And the
 * books Lambda's: reversing the repayment that paid a loan off pledges its gardens again.
 */
import type { BusinessDate } from '#domain/dates.ts';
import type { Loan } from '#domain/loans/loan.ts';
import { pledgedLoanId } from '#domain/tea-gardens/certificate.ts';
import type { TeaGardenCertificate } from '#domain/tea-gardens/certificate.ts';
import { endPledge, restorePledge } from '#domain/tea-gardens/pledge.ts';
import type { Store } from '../store/client.ts';
import { at } from '../store/read-set.ts';
import { teaGardenWrite } from '../store/tea-gardens.ts';
import { readItems, type GuardedWrite } from '../store/write-once.ts';

/**
 * One write per certificate the loan lists that `change` changes: one BatchGet (none at all
 * for a loan without a pledge). Each write checks the version read, so a pledge or
 * re-appraisal racing it makes the whole payoff (or reversal) decide again.
 */
async function certificateWrites(
  store: Store,
  aid: string,
  loan: Loan,
  change: (certificate: TeaGardenCertificate) => TeaGardenCertificate,
): Promise<GuardedWrite[]> {
  const ids = loan.pledgedCertificateIds ?? [];
  if (ids.length === 0) return [];
  const read = await readItems(
    store,
    ids.map((cid) => at.teaGarden(aid, cid)),
  );
  const writes: GuardedWrite[] = [];
  for (const cid of ids) {
    const certificate = read.teaGarden(aid, cid);
    const changed = certificate && change(certificate);
    if (changed && changed !== certificate) writes.push(teaGardenWrite(store.tableName, changed));
  }
  return writes;
}

/** Ends the loan's active pledges: released on payoff, enforced on write-off. */
export function pledgeReleaseWrites(
  store: Store,
  aid: string,
  loan: Loan,
  outcome: 'released' | 'enforced',
  on: BusinessDate,
): Promise<GuardedWrite[]> {
  return certificateWrites(store, aid, loan, (certificate) => {
    const active = certificate.pledges.some((p) => p.loanId === loan.id && p.state === 'active');
    if (!active || pledgedLoanId(certificate) !== loan.id) return certificate;
    return endPledge(certificate, loan.id, outcome, on);
  });
}

/**
 * Pledges the gardens the payoff released again, for a reversal that reopens the loan;
 * refused (PLEDGE_NOT_RESTORABLE) when one has meanwhile gone to another loan.
 */
export function pledgeRestoreWrites(
  store: Store,
  aid: string,
  loan: Loan,
): Promise<GuardedWrite[]> {
  return certificateWrites(store, aid, loan, (certificate) => restorePledge(certificate, loan.id));
}
