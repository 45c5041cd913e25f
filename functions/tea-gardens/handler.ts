/**
 * The tea-gardens Lambda: the county's 茶园资产评估证 registered once in the whole county,
 * re-appraised, and pledged for a tea-garden loan of its holder. The pledge ends with the loan
 * (functions/tea-gardens/pledge-release.ts, called by the loans Lambda in its own transaction).
 */
import type { Identity } from '../http/identity.ts';
import { Money } from '#domain/money.ts';
import { reappraise, registerCertificate } from '#domain/tea-gardens/certificate.ts';
import { pledgeCertificate } from '#domain/tea-gardens/pledge.ts';
import { areaHandler, implement } from '../http/area-handler.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { requireReadAssociation } from '../http/scope.ts';
import { operationDate, todayInShanghai } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import { loadFederation } from '../store/associations.ts';
import type { Store } from '../store/client.ts';
import { at, type ReadSet } from '../store/read-set.ts';
import {
  listTeaGardens,
  pledgeWrites,
  refuseTakenNumber,
  registrationWrites,
  teaGardenIdFor,
  teaGardenWrite,
} from '../store/tea-gardens.ts';
import { readItems } from '../store/write-once.ts';
import { viewCertificate, viewPledge } from './views.ts';

function requireCertificateIn(read: ReadSet, aid: string, cid: string) {
  const certificate = read.teaGarden(aid, cid);
  if (!certificate) {
    throw new HttpProblem(problems.notFound('TEA_GARDEN_NOT_FOUND', `茶园证 ${cid} 不存在`));
  }
  return certificate;
}

/** The county that issued the association's certificates: its federation's county. */
async function countyOf(store: Store, federationId: string): Promise<string> {
  const county = (await loadFederation(store, federationId))?.county;
  if (typeof county !== 'string' || county === '') {
    throw new HttpProblem(problems.notFound('FEDERATION_NOT_FOUND', '联合会不存在或未登记所在县'));
  }
  return county;
}

const by = (identity: Identity) => ({ recordedBy: identity.username });

export const handler = areaHandler('tea-gardens', [
  implement(routes.registerTeaGarden, async (request) => {
    const { params, body, identity, store } = request;
    return request.writeOnce({
      reads: [at.association(params.aid), at.member(params.aid, body.holderId)],
      async decide(read) {
        const { association, teaGardenSeq: seq } = requireReadAssociation(
          read,
          params.aid,
          identity,
        );
        const holder = read.member(params.aid, body.holderId);
        if (!holder) {
          throw new HttpProblem(
            problems.notFound(
              'TEA_GARDEN_HOLDER_NOT_FOUND',
              `持证人 ${body.holderId} 不是本会会员`,
            ),
          );
        }
        const county = await countyOf(store, association.federationId);
        await refuseTakenNumber(store, county, body.number);
        const certificate = registerCertificate({
          id: teaGardenIdFor(seq + 1),
          associationId: params.aid,
          county,
          number: body.number,
          holder,
          location: body.location,
          boundaries: body.boundaries,
          areaMu: body.areaMu,
          variety: body.variety,
          appraisal: {
            value: Money.of(body.appraisedValue),
            appraiser: body.appraiser,
            appraisedOn: operationDate(body.appraisedOn, 'appraisedOn'),
            validUntil: body.validUntil,
            treeAgeYears: body.treeAgeYears,
            ...by(identity),
          },
        });
        return {
          writes: registrationWrites(store.tableName, certificate, seq),
          response: {
            status: 201,
            body: viewCertificate(certificate, association.charter.teaGarden, todayInShanghai()),
          },
        };
      },
    });
  }),

  implement(routes.listTeaGardens, async (request) => {
    const { params, query, store } = request;
    const association = await request.association();
    const page = await listTeaGardens(store, params.aid, {
      limit: query.limit,
      cursor: query.cursor,
    });
    const today = todayInShanghai();
    return {
      body: {
        // Filtered within the page: a short page may still carry a cursor to the next.
        certificates: page.certificates
          .filter((c) => query.holderId === undefined || c.holderId === query.holderId)
          .map((c) => viewCertificate(c, association.charter.teaGarden, today)),
        cursor: page.cursor,
      },
    };
  }),

  implement(routes.getTeaGarden, async ({ params, query, identity, store }) => {
    const read = await readItems(store, [
      at.association(params.aid),
      at.teaGarden(params.aid, params.cid),
    ]);
    const { association } = requireReadAssociation(read, params.aid, identity);
    const certificate = requireCertificateIn(read, params.aid, params.cid);
    return {
      body: viewCertificate(
        certificate,
        association.charter.teaGarden,
        query.asOf ?? todayInShanghai(),
      ),
    };
  }),

  implement(routes.reappraiseTeaGarden, async (request) => {
    const { params, body, identity, store } = request;
    return request.writeOnce({
      reads: [at.association(params.aid), at.teaGarden(params.aid, params.cid)],
      decide(read) {
        const { association } = requireReadAssociation(read, params.aid, identity);
        const certificate = reappraise(requireCertificateIn(read, params.aid, params.cid), {
          value: Money.of(body.appraisedValue),
          appraiser: body.appraiser,
          appraisedOn: operationDate(body.appraisedOn, 'appraisedOn'),
          validUntil: body.validUntil,
          treeAgeYears: body.treeAgeYears,
          ...by(identity),
        });
        return {
          writes: [teaGardenWrite(store.tableName, certificate)],
          response: {
            status: 201,
            body: viewCertificate(certificate, association.charter.teaGarden, todayInShanghai()),
          },
        };
      },
    });
  }),

  implement(routes.pledgeTeaGarden, async (request) => {
    const { params, body, identity, store } = request;
    return request.writeOnce({
      reads: [
        at.association(params.aid),
        at.loan(params.aid, params.lid),
        at.teaGarden(params.aid, body.certificateId),
      ],
      decide(read) {
        const { association } = requireReadAssociation(read, params.aid, identity);
        const loan = read.loan(params.aid, params.lid);
        if (!loan) throw new HttpProblem(problems.notFound('LOAN_NOT_FOUND', '借款不存在'));
        const certificate = requireCertificateIn(read, params.aid, body.certificateId);
        const on = operationDate(body.on);
        const settings = association.charter.teaGarden;
        const pledged = pledgeCertificate(settings, certificate, loan, on, identity.username);
        return {
          writes: pledgeWrites(store.tableName, certificate, pledged.pledge, loan),
          response: {
            status: 201,
            body: {
              pledge: viewPledge(pledged.pledge),
              certificate: viewCertificate(
                { ...pledged.certificate, version: certificate.version + 1 },
                settings,
                on,
              ),
            },
          },
        };
      },
    });
  }),
]);
