/**
 * Small test vocabulary for the books: valid ID numbers and mobiles, Idempotency-Keys, and
 * one method per route that moves money, called through the local HTTP API as a treasurer.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { idCheckCharacter } from '#domain/members/household.ts';
import type { DocumentClient } from '../../functions/store/client.ts';
import { keys } from '../../functions/store/table-definition.ts';
import type { ApiClient, ApiResponse } from '../support/local-system.ts';

/**
 * A valid ID number (GB 11643) for test household `n`: region 110105, a birth date that moves
 * one day every 1000 households, a 3-digit sequence and the right check character.
 */
export function testIdNumber(n: number, region = '110105'): string {
  const birth = new Date(Date.UTC(1960, 0, 1 + Math.floor(n / 1000)));
  const digits = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${region}${digits}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

/** The same ID number with a wrong check character. */
export function withWrongCheckCharacter(idNumber: string): string {
  const wrong = '10X98765432'.split('').find((c) => c !== idNumber.slice(-1));
  return idNumber.slice(0, 17) + wrong;
}

export function testMobile(n: number): string {
  return `139${String(n % 100_000_000).padStart(8, '0')}`;
}

export function newKey(): string {
  return `test-${randomUUID()}`;
}

/** A distinct household number per call, so that ID numbers never repeat within a file. */
let households = 0;
export function nextHousehold(): number {
  households += 1;
  return households;
}

export interface Enrolment {
  name?: string;
  lowIncome?: 'none' | 'dibao' | 'wubao' | 'tuopin-monitor';
  joinedOn?: string;
  idNumber?: string;
  group?: string;
}

/** The money routes of one association, as its treasurer calls them; key null sends none. */
export class Books {
  constructor(
    readonly api: ApiClient,
    readonly aid: string,
    readonly token: string,
  ) {}

  private post(path: string, body: unknown, key: string | null): Promise<ApiResponse> {
    return this.api.request('POST', `/associations/${this.aid}${path}`, {
      token: this.token,
      body,
      headers: key ? { 'idempotency-key': key } : {},
    });
  }

  enrolRequest(enrolment: Enrolment = {}): Promise<ApiResponse> {
    const n = nextHousehold();
    return this.post(
      '/members',
      {
        name: enrolment.name ?? `测试户${n}`,
        idNumber: enrolment.idNumber ?? testIdNumber(n),
        mobile: testMobile(n),
        lowIncome: enrolment.lowIncome ?? 'none',
        ...(enrolment.group ? { group: enrolment.group } : {}),
        ...(enrolment.joinedOn ? { joinedOn: enrolment.joinedOn } : {}),
      },
      null,
    );
  }

  /** Enrols a household and returns its member id. */
  async enrol(enrolment: Enrolment = {}): Promise<string> {
    const response = await this.enrolRequest(enrolment);
    expectStatus(response, 201);
    return response.body.id as string;
  }

  buy(
    mid: string,
    body: { shares: number; channel?: 'cash' | 'bank'; on?: string; kind?: string },
    key: string | null = newKey(),
  ): Promise<ApiResponse> {
    return this.post(`/members/${mid}/shares`, body, key);
  }

  grant(mid: string, body: { shares: number; on?: string }, key: string | null = newKey()) {
    return this.post(`/members/${mid}/shares`, { kind: 'fiscal-grant', ...body }, key);
  }

  redeem(
    mid: string,
    body: { shares: number; channel?: 'cash' | 'bank'; on?: string },
    key: string | null = newKey(),
  ): Promise<ApiResponse> {
    return this.post(`/members/${mid}/share-redemptions`, body, key);
  }

  capital(
    body: {
      kind: 'fiscal' | 'special-support' | 'donation';
      amount: unknown;
      channel?: 'cash' | 'bank';
      on?: string;
      memo?: string;
    },
    key: string | null = newKey(),
  ): Promise<ApiResponse> {
    return this.post('/capital', body, key);
  }

  reverse(
    eid: string,
    body: { reason: string; on?: string },
    key: string | null = newKey(),
  ): Promise<ApiResponse> {
    return this.post(`/journal/${eid}/reversal`, body, key);
  }

  async member(mid: string) {
    const response = await this.api.request('GET', `/associations/${this.aid}/members/${mid}`, {
      token: this.token,
    });
    expectStatus(response, 200);
    return response.body;
  }
}

export function expectStatus(response: ApiResponse, status: number): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
}

/** A 4xx problem+json with its stable code. */
export function expectProblem(response: ApiResponse, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, code });
  // Titles are for treasurers: zh-CN.
  expect(response.body.title).toMatch(/[\u4e00-\u9fff]/);
}

/** The username a token was issued to (the claim the idempotency record is named by). */
export function usernameOf(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
  return payload['cognito:username'] as string;
}

/** The idempotency record a caller's key left in an association's scope, if any. */
export async function idempotencyRecords(
  db: DocumentClient,
  tableName: string,
  aid: string,
  token: string,
  key: string,
): Promise<Record<string, unknown>[]> {
  const { PK } = keys.idempotency(`ASSOC#${aid}`, usernameOf(token), key);
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': PK },
      ConsistentRead: true,
    }),
  );
  return Items;
}

/**
 * A charter that leaves the set-off of a defaulter's shares to the board (the write-off alone
 * bears the loss): for the years whose figures were worked by hand before shares were set off;
 * the set-off has tests of its own (credit-controls.test.ts, domain/loans/default.test.ts).
 */
export async function leaveSetOffToTheBoard(api: ApiClient, aid: string): Promise<void> {
  const supervisor = await api.login('supervisor');
  const current = await api.request('GET', `/associations/${aid}`, { token: supervisor });
  const { charter } = current.body;
  const put = await api.request('PUT', `/associations/${aid}/charter`, {
    token: supervisor,
    body: { ...charter, loans: { ...charter.loans, setOffSharesOnWriteOff: false } },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
}
