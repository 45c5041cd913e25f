/** The members Lambda: enrolment, members, and share purchases, grants and withdrawals. */
import { enrolMember } from '#domain/members/enrolment.ts';
import {
  grantFiscalShares,
  purchaseShares,
  redeemShares,
  type Booking,
} from '#domain/members/shares.ts';
import { areaHandler, implement } from '../http/area-handler.ts';
import { idempotencyOf } from '../http/idempotency.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { replyFrom, requireReadAssociation } from '../http/scope.ts';
import { operationDate } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import { loadAssociation } from '../store/associations.ts';
import { store } from '../store/client.ts';
import { entryWrites, newEntryId, type StoredEntry } from '../store/journal.ts';
import {
  enrolmentWrites,
  listMembers,
  loadMember,
  memberFromItem,
  memberWrite,
} from '../store/members.ts';
import { keyString, keys } from '../store/table-definition.ts';
import { writeOnce, type ReadItems } from '../store/write-once.ts';
import { viewEntry } from '../books/views.ts';
import { requireAssociationScope } from '../http/scope.ts';
import type { Identity } from '../http/identity.ts';
import { setReminderOptOut } from '../store/message-preferences.ts';
import { viewMember } from './views.ts';

function requireReadMember(read: ReadItems, aid: string, mid: string) {
  const item = read.get(keyString(keys.member(aid, mid)));
  if (!item) throw new HttpProblem(problems.notFound('MEMBER_NOT_FOUND', '会员不存在'));
  return memberFromItem(item);
}

/** A share booking: its entry, balances and the member's new state, in one transaction. */
function shareBookingDecision(aid: string, identity: Identity, booking: Booking) {
  const entry: StoredEntry = {
    ...booking.entry,
    recordedBy: identity.username,
    recordedAt: new Date().toISOString(),
  };
  const member = booking.member!;
  return {
    writes: [...entryWrites(store().tableName, aid, entry), memberWrite(store().tableName, member)],
    response: {
      status: 201,
      body: { entry: viewEntry(entry), member: viewMember(member) },
    },
  };
}

export const handler = areaHandler('members', [
  implement(routes.enrolMember, async (request) => {
    const { params, body, identity } = request;
    const result = await writeOnce(store(), {
      idempotency: idempotencyOf(request, { association: params.aid }, { required: false }),
      reads: [keys.association(params.aid)],
      decide(read) {
        const { memberSeq } = requireReadAssociation(read, params.aid, identity);
        const member = enrolMember(
          { ...body, joinedOn: operationDate(body.joinedOn, 'joinedOn') },
          params.aid,
          memberSeq + 1,
        );
        return {
          writes: enrolmentWrites(store().tableName, member, memberSeq),
          response: { status: 201, body: viewMember(member) },
        };
      },
    });
    return replyFrom(result);
  }),

  implement(routes.listMembers, async ({ params, query, identity }) => {
    const association = await loadAssociation(store(), params.aid);
    if (!association)
      throw new HttpProblem(problems.notFound('ASSOCIATION_NOT_FOUND', '互助会不存在'));
    requireAssociationScope(identity, association);
    const page = await listMembers(store(), params.aid, {
      limit: query.limit,
      cursor: query.cursor,
    });
    return { body: { members: page.members.map(viewMember), cursor: page.cursor } };
  }),

  implement(routes.getMember, async ({ params, identity }) => {
    const association = await loadAssociation(store(), params.aid);
    if (!association)
      throw new HttpProblem(problems.notFound('ASSOCIATION_NOT_FOUND', '互助会不存在'));
    requireAssociationScope(identity, association);
    const member = await loadMember(store(), params.aid, params.mid);
    if (!member) {
      throw new HttpProblem(problems.notFound('MEMBER_NOT_FOUND', '会员不存在'));
    }
    return { body: viewMember(member) };
  }),

  implement(routes.buyShares, async (request) => {
    const { params, body, identity } = request;
    const result = await writeOnce(store(), {
      idempotency: idempotencyOf(request, { association: params.aid }),
      reads: [keys.association(params.aid), keys.member(params.aid, params.mid)],
      decide(read) {
        const { association } = requireReadAssociation(read, params.aid, identity);
        const member = requireReadMember(read, params.aid, params.mid);
        const on = operationDate(body.on);
        const shareRequest = { entryId: newEntryId(on), shares: body.shares, on };
        const booking =
          body.kind === 'purchase'
            ? purchaseShares(member, association.charter, {
                ...shareRequest,
                channel: body.channel,
              })
            : grantFiscalShares(member, association.charter, shareRequest);
        return shareBookingDecision(params.aid, identity, booking);
      },
    });
    return replyFrom(result);
  }),

  implement(routes.redeemShares, async (request) => {
    const { params, body, identity } = request;
    const result = await writeOnce(store(), {
      idempotency: idempotencyOf(request, { association: params.aid }),
      reads: [keys.association(params.aid), keys.member(params.aid, params.mid)],
      decide(read) {
        const { association } = requireReadAssociation(read, params.aid, identity);
        const member = requireReadMember(read, params.aid, params.mid);
        const on = operationDate(body.on);
        const booking = redeemShares(member, association.charter, {
          entryId: newEntryId(on),
          shares: body.shares,
          on,
          channel: body.channel,
        });
        return shareBookingDecision(params.aid, identity, booking);
      },
    });
    return replyFrom(result);
  }),
  implement(routes.updateMemberContact, async ({ params, body, identity }) => {
    const result = await writeOnce(store(), {
      reads: [keys.association(params.aid), keys.member(params.aid, params.mid)],
      decide(read) {
        requireReadAssociation(read, params.aid, identity);
        const member = requireReadMember(read, params.aid, params.mid);
        const updated = { ...member, mobile: body.mobile ?? member.mobile };
        return {
          writes: body.mobile ? [memberWrite(store().tableName, updated)] : [],
          response: { status: 200, body: viewMember(updated) },
        };
      },
    });
    // The notifier reads the preference when it sends, so a change applies to the next SMS.
    if (body.remindersOptOut !== undefined) {
      await setReminderOptOut(store(), params.aid, params.mid, body.remindersOptOut, new Date());
    }
    return replyFrom(result);
  }),
]);
