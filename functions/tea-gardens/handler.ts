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
import { idempotencyOf } from '../http/idempotency.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { replyFrom, requireAssociationScope, requireReadAssociation } from '../http/scope.ts';
import { operationDate, todayInShanghai } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import { loadAssociation } from '../store/associations.ts';
import { store } from '../store/client.ts';
import { loanFromItem, loanKey } from '../store/loans.ts';
import { memberFromItem } from '../store/members.ts';
import { countFrom } from '../store/numbers.ts';
import { keyString, keys } from '../store/table-definition.ts';
import {
  certificateClaimKey,
  listTeaGardens,
  numberTaken,
  pledgeWrites,
  registrationWrites,
  teaGardenFromItem,
  teaGardenIdFor,
  teaGardenKey,
  teaGardenWrite,
} from '../store/tea-gardens.ts';
import { readItems, writeOnce, type ReadItems } from '../store/write-once.ts';
import { viewCertificate, viewPledge } from './views.ts';

function requireCertificateIn(read: ReadItems, aid: string, cid: string) {
  const item = read.get(keyString(teaGardenKey(aid, cid)));
  if (!item) {
    throw new HttpProblem(problems.notFound('TEA_GARDEN_NOT_FOUND', `茶园证 ${cid} 不存在`));
  }
  return teaGardenFromItem(item);
}

/** The county that issued the association's certificates: its federation's county. */
async function countyOf(federationId: string): Promise<string> {
  const read = await readItems(store(), [keys.federation(federationId)]);
  const county = read.get(keyString(keys.federation(federationId)))?.county;
  if (typeof county !== 'string' || county === '') {
    throw new HttpProblem(problems.notFound('FEDERATION_NOT_FOUND', '联合会不存在或未登记所在县'));
  }
  return county;
}

const by = (identity: Identity) => ({ recordedBy: identity.username });

export const handler = areaHandler('tea-gardens', [
  implement(routes.registerTeaGarden, async (request) => {
    const { params, body, identity } = request;
    const result = await writeOnce(store(), {
      idempotency: idempotencyOf(request, { association: params.aid }, { required: false }),
      reads: [keys.association(params.aid), keys.member(params.aid, body.holderId)],
      async decide(read) {
        const { association } = requireReadAssociation(read, params.aid, identity);
        const meta = read.get(keyString(keys.association(params.aid)))!;
        const seq = meta.teaGardenSeq === undefined ? 0 : countFrom(meta.teaGardenSeq);
        const holderItem = read.get(keyString(keys.member(params.aid, body.holderId)));
        if (!holderItem) {
          throw new HttpProblem(
            problems.notFound(
              'TEA_GARDEN_HOLDER_NOT_FOUND',
              `持证人 ${body.holderId} 不是本会会员`,
            ),
          );
        }
        const holder = memberFromItem(holderItem);
        const county = await countyOf(association.federationId);
        // Say so at once when the number is known; the claim's condition still decides a race.
        const claim = await readItems(store(), [certificateClaimKey(county, body.number)]);
        if (claim.size > 0) throw numberTaken(county, body.number);
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
          writes: registrationWrites(store().tableName, certificate, seq),
          response: {
            status: 201,
            body: viewCertificate(certificate, association.charter.teaGarden, todayInShanghai()),
          },
        };
      },
    });
    return replyFrom(result);
  }),

  implement(routes.listTeaGardens, async ({ params, query, identity }) => {
    const association = await loadAssociation(store(), params.aid);
    if (!association)
      throw new HttpProblem(problems.notFound('ASSOCIATION_NOT_FOUND', '互助会不存在'));
    requireAssociationScope(identity, association);
    const page = await listTeaGardens(store(), params.aid, {
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

  implement(routes.getTeaGarden, async ({ params, query, identity }) => {
    const read = await readItems(store(), [
      keys.association(params.aid),
      teaGardenKey(params.aid, params.cid),
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
    const { params, body, identity } = request;
    const result = await writeOnce(store(), {
      idempotency: idempotencyOf(request, { association: params.aid }, { required: false }),
      reads: [keys.association(params.aid), teaGardenKey(params.aid, params.cid)],
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
          writes: [teaGardenWrite(store().tableName, certificate)],
          response: {
            status: 201,
            body: viewCertificate(certificate, association.charter.teaGarden, todayInShanghai()),
          },
        };
      },
    });
    return replyFrom(result);
  }),

  implement(routes.pledgeTeaGarden, async (request) => {
    const { params, body, identity } = request;
    const result = await writeOnce(store(), {
      idempotency: idempotencyOf(request, { association: params.aid }),
      reads: [
        keys.association(params.aid),
        loanKey(params.aid, params.lid),
        teaGardenKey(params.aid, body.certificateId),
      ],
      decide(read) {
        const { association } = requireReadAssociation(read, params.aid, identity);
        const loanItem = read.get(keyString(loanKey(params.aid, params.lid)));
        if (!loanItem) throw new HttpProblem(problems.notFound('LOAN_NOT_FOUND', '借款不存在'));
        const loan = loanFromItem(loanItem);
        const certificate = requireCertificateIn(read, params.aid, body.certificateId);
        const on = operationDate(body.on);
        const settings = association.charter.teaGarden;
        const pledged = pledgeCertificate(settings, certificate, loan, on, identity.username);
        return {
          writes: pledgeWrites(store().tableName, certificate, pledged.pledge, loan),
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
    return replyFrom(result);
  }),
]);
