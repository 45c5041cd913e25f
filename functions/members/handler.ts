/** The members Lambda: enrolment, members, and share purchases, grants and withdrawals. */
import { enrolMember } from '#domain/members/enrolment.ts';
import {
  grantFiscalShares,
  purchaseShares,
  redeemShares,
  type Booking,
} from '#domain/members/shares.ts';
import { areaHandler, implement } from '../http/area-handler.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { requireReadAssociation } from '../http/scope.ts';
import { operationDate } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import { entryWrites, newEntryId, type StoredEntry } from '../store/journal.ts';
import { enrolmentWrites, listMembers, loadMember, memberWrite } from '../store/members.ts';
import { at, type ReadSet } from '../store/read-set.ts';
import { viewEntry } from '../books/views.ts';
import type { Identity } from '../http/identity.ts';
import { setReminderOptOut } from '../store/message-preferences.ts';
import { viewMember } from './views.ts';

function requireReadMember(read: ReadSet, aid: string, mid: string) {
  const member = read.member(aid, mid);
  if (!member) throw new HttpProblem(problems.notFound('MEMBER_NOT_FOUND', '会员不存在'));
  return member;
}

/** A share booking: its entry, balances and the member's new state, in one transaction. */
function shareBookingDecision(
  tableName: string,
  aid: string,
  identity: Identity,
  booking: Booking,
) {
  const entry: StoredEntry = {
    ...booking.entry,
    recordedBy: identity.username,
    recordedAt: new Date().toISOString(),
  };
  const member = booking.member!;
  return {
    writes: [...entryWrites(tableName, aid, entry), memberWrite(tableName, member)],
    response: {
      status: 201,
      body: { entry: viewEntry(entry), member: viewMember(member) },
    },
  };
}

export const handler = areaHandler('members', [
  implement(routes.enrolMember, async (request) => {
    const { params, body, identity, store } = request;
    return request.writeOnce({
      reads: [at.association(params.aid)],
      decide(read) {
        const { memberSeq } = requireReadAssociation(read, params.aid, identity);
        const member = enrolMember(
          { ...body, joinedOn: operationDate(body.joinedOn, 'joinedOn') },
          params.aid,
          memberSeq + 1,
        );
        return {
          writes: enrolmentWrites(store.tableName, member, memberSeq),
          response: { status: 201, body: viewMember(member) },
        };
      },
    });
  }),

  implement(routes.listMembers, async (request) => {
    const { params, query, store } = request;
    await request.association();
    const page = await listMembers(store, params.aid, {
      limit: query.limit,
      cursor: query.cursor,
    });
    return { body: { members: page.members.map(viewMember), cursor: page.cursor } };
  }),

  implement(routes.getMember, async (request) => {
    const { params, store } = request;
    await request.association();
    const member = await loadMember(store, params.aid, params.mid);
    if (!member) {
      throw new HttpProblem(problems.notFound('MEMBER_NOT_FOUND', '会员不存在'));
    }
    return { body: viewMember(member) };
  }),

  implement(routes.buyShares, async (request) => {
    const { params, body, identity, store } = request;
    return request.writeOnce({
      reads: [at.association(params.aid), at.member(params.aid, params.mid)],
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
        return shareBookingDecision(store.tableName, params.aid, identity, booking);
      },
    });
  }),

  implement(routes.redeemShares, async (request) => {
    const { params, body, identity, store } = request;
    return request.writeOnce({
      reads: [at.association(params.aid), at.member(params.aid, params.mid)],
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
        return shareBookingDecision(store.tableName, params.aid, identity, booking);
      },
    });
  }),
  implement(routes.updateMemberContact, async (request) => {
    const { params, body, identity, store } = request;
    const reply = await request.writeOnce({
      reads: [at.association(params.aid), at.member(params.aid, params.mid)],
      decide(read) {
        requireReadAssociation(read, params.aid, identity);
        const member = requireReadMember(read, params.aid, params.mid);
        const updated = { ...member, mobile: body.mobile ?? member.mobile };
        return {
          writes: body.mobile ? [memberWrite(store.tableName, updated)] : [],
          response: { status: 200, body: viewMember(updated) },
        };
      },
    });
    // The notifier reads the preference when it sends, so a change applies to the next SMS.
    if (body.remindersOptOut !== undefined) {
      await setReminderOptOut(store, params.aid, params.mid, body.remindersOptOut, new Date());
    }
    return reply;
  }),
]);
