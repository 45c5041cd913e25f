/**
 * The 贴息 claim routes: the claim of an association for a period (JSON, CSV, XLSX), and the
 * audit trail of who fetched it. The claim carries full ID numbers to the county finance
 * bureau, so only a treasurer of the association or a supervisor of its federation (or an
 * admin) may fetch it, and every fetch is written to the table and logged before it is sent.
 */
import type { Association } from '#domain/association.ts';
import { parseClaimPeriod, type ClaimPeriod } from '#domain/subsidy/claim-period.ts';
import { subsidyClaim, type SubsidyClaim } from '#domain/subsidy/claim.ts';
import { implement, type Reply } from '../http/area-handler.ts';
import type { Identity, Role } from '../http/identity.ts';
import { logger } from '../http/logger.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { todayInShanghai } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import { loadAssociation } from '../store/associations.ts';
import type { Store } from '../store/client.ts';
import {
  listClaimFetches,
  loadBorrowers,
  loadLoansOfProducts,
  recordClaimFetch,
} from '../store/subsidy-claims.ts';
import { claimCsv, claimDisposition, claimXlsx } from './claim-files.ts';
import type { ClaimFormat } from '#api/subsidy-claims.ts';

/** The path's association, or 404: who may fetch its claim is claimRole's to say. */
async function requireAssociation(store: Store, aid: string): Promise<Association> {
  const association = await loadAssociation(store, aid);
  if (!association) {
    throw new HttpProblem(problems.notFound('ASSOCIATION_NOT_FOUND', '互助会不存在'));
  }
  return association;
}

/**
 * The role that lets this user fetch this association's claim: its own treasurer, a
 * supervisor of its federation, an admin. An auditor reads everything else, but not this.
 */
function claimRole(identity: Identity, association: Association): Role | undefined {
  if (identity.roles.includes('treasurer') && identity.associationId === association.id) {
    return 'treasurer';
  }
  if (identity.roles.includes('supervisor') && identity.federationId === association.federationId) {
    return 'supervisor';
  }
  return identity.roles.includes('admin') ? 'admin' : undefined;
}

/** The association's claim for the period, from its loans as they stand now. */
export async function claimOf(
  store: Store,
  association: Association,
  period: ClaimPeriod,
): Promise<SubsidyClaim> {
  const policies = association.charter.subsidyPolicies;
  const products = Object.entries(policies)
    .filter(([, policy]) => policy !== undefined)
    .map(([product]) => product);
  const loans = await loadLoansOfProducts(store, association.id, products, period.to);
  const borrowers = await loadBorrowers(store, association.id, [
    ...new Set(loans.map((loan) => loan.memberId)),
  ]);
  return subsidyClaim({
    associationId: association.id,
    period,
    policies,
    loans,
    borrowers,
    today: todayInShanghai(),
  });
}

async function claimReply(claim: SubsidyClaim, format: ClaimFormat): Promise<Reply> {
  switch (format) {
    case 'json':
      return { body: claim };
    case 'csv':
      return {
        raw: claimCsv(claim),
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': claimDisposition(claim, 'csv'),
        },
      };
    case 'xlsx':
      return {
        binary: await claimXlsx(claim),
        headers: {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': claimDisposition(claim, 'xlsx'),
        },
      };
  }
}

export const claimRoutes = [
  implement(routes.subsidyClaim, async ({ params, query, identity, requestId, store }) => {
    const association = await requireAssociation(store, params.aid);
    const role = claimRole(identity, association);
    if (!role) throw new HttpProblem(problems.forbiddenScope());

    const claim = await claimOf(store, association, parseClaimPeriod(query.period));
    const reply = await claimReply(claim, query.format);

    // Audited before anything leaves: if the record cannot be written, nothing is sent.
    const fetch = {
      associationId: association.id,
      at: new Date().toISOString(),
      requestId,
      user: identity.username,
      role,
      period: claim.period,
      format: query.format,
      rows: claim.rows.length,
      subsidy: claim.totals.subsidy,
    };
    await recordClaimFetch(store, fetch);
    logger.info('subsidy claim fetched', { audit: fetch });
    return reply;
  }),

  implement(routes.subsidyClaimAudit, async (request) => {
    const { query, store } = request;
    const association = await request.association();
    return { body: await listClaimFetches(store, association.id, query) };
  }),
];
