/** Member households: their items, and the writes that enrol them and change their shares. */
import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Member } from '#domain/members/member.ts';
import { maskIdNumber } from '#domain/members/household.ts';
import { Refusal } from '#domain/refusal.ts';
import type { Store } from './client.ts';
import { counterWrite, newItemWrite, versionedPut } from './guarded-writes.ts';
import { countFrom, moneyFrom, numberValue } from './numbers.ts';
import { keys } from './table-definition.ts';
import type { GuardedWrite } from './write-once.ts';

/** The ID number's claim key: a hash, so the key itself never shows the number. */
export function idNumberHash(idNumber: string): string {
  return createHash('sha256').update(`huzhu-id:${idNumber}`).digest('hex').slice(0, 40);
}

export function memberItem(member: Member): Record<string, unknown> {
  return {
    ...keys.member(member.associationId, member.id),
    kind: 'member',
    id: member.id,
    associationId: member.associationId,
    name: member.name,
    idNumber: member.idNumber,
    idNumberMasked: maskIdNumber(member.idNumber),
    mobile: member.mobile,
    lowIncome: member.lowIncome,
    group: member.group,
    creditGrade: member.creditGrade,
    joinedOn: member.joinedOn,
    status: member.status,
    ownShares: member.ownShares,
    ownShareAmount: numberValue(member.ownShareAmount),
    fiscalShares: member.fiscalShares,
    fiscalShareAmount: numberValue(member.fiscalShareAmount),
    openLoans: member.openLoans,
    guaranteesStanding: member.guaranteesStanding,
    ...(member.debtOnRecord ? { debtOnRecord: numberValue(member.debtOnRecord) } : {}),
    ...(member.guaranteeCalled ? { guaranteeCalled: numberValue(member.guaranteeCalled) } : {}),
    ...(member.guaranteedAmount ? { guaranteedAmount: numberValue(member.guaranteedAmount) } : {}),
    loanIds: member.loanIds ?? [],
    ...(member.gradeHistory ? { gradeHistory: JSON.stringify(member.gradeHistory) } : {}),
    version: member.version,
  };
}

export function memberFromItem(item: Record<string, unknown>): Member {
  return {
    id: String(item.id),
    associationId: String(item.associationId),
    name: String(item.name),
    idNumber: String(item.idNumber),
    mobile: String(item.mobile),
    lowIncome: item.lowIncome as Member['lowIncome'],
    group: item.group === undefined ? undefined : String(item.group),
    creditGrade: item.creditGrade as Member['creditGrade'],
    joinedOn: String(item.joinedOn),
    status: item.status as Member['status'],
    ownShares: countFrom(item.ownShares),
    ownShareAmount: moneyFrom(item.ownShareAmount),
    fiscalShares: countFrom(item.fiscalShares),
    fiscalShareAmount: moneyFrom(item.fiscalShareAmount),
    openLoans: countFrom(item.openLoans),
    guaranteesStanding: countFrom(item.guaranteesStanding),
    ...(item.debtOnRecord === undefined ? {} : { debtOnRecord: moneyFrom(item.debtOnRecord) }),
    ...(item.guaranteedAmount === undefined
      ? {}
      : { guaranteedAmount: moneyFrom(item.guaranteedAmount) }),
    ...(item.guaranteeCalled === undefined
      ? {}
      : { guaranteeCalled: moneyFrom(item.guaranteeCalled) }),
    loanIds: Array.isArray(item.loanIds) ? item.loanIds.map(String) : [],
    ...(typeof item.gradeHistory === 'string'
      ? { gradeHistory: JSON.parse(item.gradeHistory) as Member['gradeHistory'] }
      : {}),
    version: countFrom(item.version),
  };
}

/** Writes the member's new state if nobody changed it since it was read (its version). */
export function memberWrite(tableName: string, member: Member): GuardedWrite {
  return versionedPut(
    tableName,
    memberItem({ ...member, version: member.version + 1 }),
    member.version,
  );
}

/** A new member, its ID-number claim and the association's member counter, all or nothing. */
export function enrolmentWrites(
  tableName: string,
  member: Member,
  memberSeqRead: number,
): GuardedWrite[] {
  return [
    newItemWrite(tableName, memberItem(member)),
    newItemWrite(
      tableName,
      {
        ...keys.idNumberClaim(member.associationId, idNumberHash(member.idNumber)),
        kind: 'id-number-claim',
        memberId: member.id,
      },
      new Refusal('MEMBER_DUPLICATE_ID_NUMBER', '该身份证号码已在本互助会登记入会', 'conflict', {
        field: 'idNumber',
      }),
    ),
    counterWrite(tableName, member.associationId, 'memberSeq', memberSeqRead),
  ];
}

export async function loadMember(
  store: Store,
  aid: string,
  mid: string,
): Promise<Member | undefined> {
  const { Item } = await store.db.send(
    new GetCommand({
      TableName: store.tableName,
      Key: keys.member(aid, mid),
      ConsistentRead: true,
    }),
  );
  return Item ? memberFromItem(Item) : undefined;
}

export async function listMembers(
  store: Store,
  aid: string,
  page: { limit: number; cursor?: string },
): Promise<{ members: Member[]; cursor?: string }> {
  const result = await store.db.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :member)',
      ExpressionAttributeValues: { ':pk': `ASSOC#${aid}`, ':member': 'MEMBER#' },
      Limit: page.limit,
      ConsistentRead: true,
      ExclusiveStartKey: page.cursor ? decodeCursor(page.cursor, `ASSOC#${aid}`) : undefined,
    }),
  );
  return {
    members: (result.Items ?? []).map(memberFromItem),
    cursor: result.LastEvaluatedKey ? encodeCursor(result.LastEvaluatedKey) : undefined,
  };
}

/** Opaque to clients; only the key of the last item, so it reveals nothing new. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, partition: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A cursor only ever continues a list of the same partition.
    if (key?.PK === partition && typeof key?.SK === 'string') return key;
  } catch {
    // fall through
  }
  throw new Refusal('CURSOR_INVALID', '分页游标无效', 'invalid', { field: 'query.cursor' });
}
