/**
 * The loans Lambda's hook: a loan that ends frees or forfeits its gardens in the same
 * transaction. Paid off: each pledge is released and the certificate can be pledged again.
 * Written off: each pledge is enforced and the certificate stays taken for good.
 */
import type { BusinessDate } from '../../domain/dates.ts';
import type { Loan } from '../../domain/loans/loan.ts';
import { pledgedLoanId } from '../../domain/tea-gardens/certificate.ts';
import { endPledge } from '../../domain/tea-gardens/pledge.ts';
import { store } from '../store/client.ts';
import { teaGardenFromItem, teaGardenKey, teaGardenWrite } from '../store/tea-gardens.ts';
import { readItems, type GuardedWrite } from '../store/write-once.ts';

/**
 * The certificate writes that end the loan's pledges: one BatchGet of the certificates the
 * loan lists (none at all for a loan without a pledge). Each write checks the version read,
 * so a pledge or re-appraisal racing it makes the whole payoff decide again.
 */
export async function pledgeReleaseWrites(
  aid: string,
  loan: Loan,
  outcome: 'released' | 'enforced',
  on: BusinessDate,
): Promise<GuardedWrite[]> {
  const ids = loan.pledgedCertificateIds ?? [];
  if (ids.length === 0) return [];
  const read = await readItems(
    store(),
    ids.map((cid) => teaGardenKey(aid, cid)),
  );
  const writes: GuardedWrite[] = [];
  for (const item of read.values()) {
    const certificate = teaGardenFromItem(item);
    const active = certificate.pledges.some((p) => p.loanId === loan.id && p.state === 'active');
    if (!active || pledgedLoanId(certificate) !== loan.id) continue;
    writes.push(teaGardenWrite(store().tableName, endPledge(certificate, loan.id, outcome, on)));
  }
  return writes;
}
