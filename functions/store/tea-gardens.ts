/**
 * Tea-garden certificates (茶园资产评估证): the only code that knows their items.
 *   ASSOC#<aid>                 TEAGARDEN#<cid>  the certificate, its appraisals and pledges
 *   TEACERT#<county>#<number>   CLAIM            claims the number county-wide, so a garden is
 *                                                registered once in the whole county
 * The certificate item carries `pledgedLoanId` while it stands for a loan (and for good once
 * enforced); a pledge is written only if it is absent, so two pledges racing for one garden
 * cannot both win, whatever either of them read.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Loan } from '#domain/loans/loan.ts';
import { Refusal } from '#domain/refusal.ts';
import {
  certificateStatus,
  pledgedLoanId,
  type Appraisal,
  type Pledge,
  type TeaGardenCertificate,
} from '#domain/tea-gardens/certificate.ts';
import { alreadyPledged } from '#domain/tea-gardens/pledge.ts';
import type { Store } from './client.ts';
import { counterWrite, newItemWrite, versionedPut } from './guarded-writes.ts';
import { loanKey } from './loans.ts';
import { decodeCursor, encodeCursor } from './members.ts';
import { countFrom, moneyFrom, numberValue } from './numbers.ts';
import type { ItemKey } from './table-definition.ts';
import { readItems, type GuardedWrite } from './write-once.ts';

export const teaGardenKey = (aid: string, cid: string): ItemKey => ({
  PK: `ASSOC#${aid}`,
  SK: `TEAGARDEN#${cid}`,
});

export const certificateClaimKey = (county: string, number: string): ItemKey => ({
  PK: `TEACERT#${county}#${number}`,
  SK: 'CLAIM',
});

/** t0001, t0002, …: sequential within an association, like loan numbers. */
export const teaGardenIdFor = (sequence: number) => `t${String(sequence).padStart(4, '0')}`;

function appraisalItem(a: Appraisal) {
  return { ...a, value: numberValue(a.value) };
}

function pledgeItem(p: Pledge) {
  return {
    ...p,
    principal: numberValue(p.principal),
    tierCap: numberValue(p.tierCap),
    loanToValueCap: numberValue(p.loanToValueCap),
  };
}

export function teaGardenItem(certificate: TeaGardenCertificate): Record<string, unknown> {
  return {
    ...teaGardenKey(certificate.associationId, certificate.id),
    kind: 'tea-garden',
    id: certificate.id,
    associationId: certificate.associationId,
    county: certificate.county,
    number: certificate.number,
    holderId: certificate.holderId,
    location: certificate.location,
    boundaries: certificate.boundaries,
    // A string: an area is a decimal that must not pass through a float.
    areaMu: certificate.areaMu,
    variety: certificate.variety,
    appraisals: certificate.appraisals.map(appraisalItem),
    pledges: certificate.pledges.map(pledgeItem),
    status: certificateStatus(certificate),
    pledgedLoanId: pledgedLoanId(certificate),
    version: certificate.version,
  };
}

const optional = (value: unknown) => (value === undefined ? undefined : String(value));

export function teaGardenFromItem(item: Record<string, unknown>): TeaGardenCertificate {
  const boundaries = item.boundaries as Record<string, unknown>;
  return {
    id: String(item.id),
    associationId: String(item.associationId),
    county: String(item.county),
    number: String(item.number),
    holderId: String(item.holderId),
    location: String(item.location),
    boundaries: {
      east: String(boundaries.east),
      south: String(boundaries.south),
      west: String(boundaries.west),
      north: String(boundaries.north),
    },
    areaMu: String(item.areaMu),
    variety: String(item.variety),
    appraisals: (item.appraisals as Record<string, unknown>[]).map((a) => ({
      id: String(a.id),
      value: moneyFrom(a.value),
      appraiser: String(a.appraiser),
      appraisedOn: String(a.appraisedOn),
      validUntil: String(a.validUntil),
      treeAgeYears: countFrom(a.treeAgeYears),
      ...(a.recordedBy === undefined ? {} : { recordedBy: String(a.recordedBy) }),
    })),
    pledges: (item.pledges as Record<string, unknown>[]).map((p) => ({
      loanId: String(p.loanId),
      pledgedOn: String(p.pledgedOn),
      principal: moneyFrom(p.principal),
      appraisalId: String(p.appraisalId),
      tierCap: moneyFrom(p.tierCap),
      loanToValueCap: moneyFrom(p.loanToValueCap),
      state: p.state as Pledge['state'],
      ...(p.endedOn === undefined ? {} : { endedOn: optional(p.endedOn) }),
      ...(p.recordedBy === undefined ? {} : { recordedBy: String(p.recordedBy) }),
    })),
    version: countFrom(item.version),
  };
}

/** Refused at once when the county's number is already claimed; a race is the claim's to decide. */
export async function refuseTakenNumber(store: Store, county: string, number: string) {
  const claim = await readItems(store, [certificateClaimKey(county, number)]);
  if (claim.item(certificateClaimKey(county, number))) throw numberTaken(county, number);
}

export function numberTaken(county: string, number: string): Refusal {
  return new Refusal(
    'CERTIFICATE_NUMBER_TAKEN',
    `${county} 茶园证 ${number} 已经登记过，同一县内证号不能重复`,
    'conflict',
    { field: 'number', county, number },
  );
}

/** A new certificate, its county-wide number claim and the association's counter, or nothing. */
export function registrationWrites(
  tableName: string,
  certificate: TeaGardenCertificate,
  seqRead: number,
): GuardedWrite[] {
  return [
    newItemWrite(tableName, teaGardenItem(certificate)),
    newItemWrite(
      tableName,
      {
        ...certificateClaimKey(certificate.county, certificate.number),
        kind: 'tea-garden-claim',
        associationId: certificate.associationId,
        certificateId: certificate.id,
      },
      numberTaken(certificate.county, certificate.number),
    ),
    counterWrite(tableName, certificate.associationId, 'teaGardenSeq', seqRead, {
      missingIsZero: true,
    }),
  ];
}

/** The certificate rewritten (a re-appraisal, a pledge ended), if nobody changed it since. */
export function teaGardenWrite(tableName: string, certificate: TeaGardenCertificate): GuardedWrite {
  return versionedPut(
    tableName,
    teaGardenItem({ ...certificate, version: certificate.version + 1 }),
    certificate.version,
  );
}

/**
 * The certificate's new pledge, written only while no other loan holds it (the race's
 * arbiter, a refusal, not a retry). A disbursement that pledges writes this beside the new
 * loan, which lists the certificate already.
 */
export function certificatePledgeWrite(
  tableName: string,
  certificate: TeaGardenCertificate,
  pledge: Pledge,
): GuardedWrite {
  return {
    item: {
      Update: {
        TableName: tableName,
        Key: teaGardenKey(certificate.associationId, certificate.id),
        UpdateExpression:
          'SET pledgedLoanId = :loan, pledges = list_append(pledges, :pledge), #status = :pledged, version = version + :one',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(pledgedLoanId)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':loan': pledge.loanId,
          ':pledge': [pledgeItem(pledge)],
          ':pledged': 'pledged',
          ':one': 1,
        },
      },
    },
    onConditionFailed: alreadyPledged(certificate.number, undefined),
  };
}

/**
 * A pledge for a loan already out: the certificate's write, and the loan lists the
 * certificate only if it did not change since it was read (a payoff racing the pledge makes
 * the pledge decide again on the closed loan).
 */
export function pledgeWrites(
  tableName: string,
  certificate: TeaGardenCertificate,
  pledge: Pledge,
  loan: Loan,
): GuardedWrite[] {
  return [
    certificatePledgeWrite(tableName, certificate, pledge),
    {
      item: {
        Update: {
          TableName: tableName,
          Key: loanKey(loan.associationId, loan.id),
          UpdateExpression:
            'SET pledgedCertificateIds = list_append(if_not_exists(pledgedCertificateIds, :none), :certificate), version = :next',
          ConditionExpression: 'version = :read',
          ExpressionAttributeValues: {
            ':none': [],
            ':certificate': [certificate.id],
            ':read': loan.version,
            ':next': loan.version + 1,
          },
        },
      },
      onConditionFailed: 'retry',
    },
  ];
}

/** An association's certificates, by id, page by page. */
export async function listTeaGardens(
  store: Store,
  aid: string,
  page: { limit: number; cursor?: string },
): Promise<{ certificates: TeaGardenCertificate[]; cursor?: string }> {
  const start = page.cursor ? decodeCursor(page.cursor, `ASSOC#${aid}`) : undefined;
  if (start && !String(start.SK).startsWith('TEAGARDEN#')) {
    throw new Refusal('CURSOR_INVALID', '分页游标无效', 'invalid', { field: 'query.cursor' });
  }
  const result = await store.db.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :garden)',
      ExpressionAttributeValues: { ':pk': `ASSOC#${aid}`, ':garden': 'TEAGARDEN#' },
      Limit: page.limit,
      ConsistentRead: true,
      ExclusiveStartKey: start,
    }),
  );
  return {
    certificates: (result.Items ?? []).map(teaGardenFromItem),
    cursor: result.LastEvaluatedKey ? encodeCursor(result.LastEvaluatedKey) : undefined,
  };
}
