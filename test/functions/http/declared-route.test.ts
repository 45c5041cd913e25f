/**
 * What a route declares, the pipeline does, whatever its implementation remembers: an
 * `idempotent` route is refused without a usable Idempotency-Key before its code runs.
 */
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineRoute } from '#api/route.ts';
import { areaHandler, implement, type HttpEvent } from '../../../functions/http/area-handler.ts';
import type { Store } from '../../../functions/store/client.ts';

const route = (idempotent: boolean) =>
  defineRoute({
    method: 'POST',
    path: '/associations/{aid}/things',
    lambda: 'books',
    access: ['treasurer'],
    summary: 'a test route',
    params: z.object({ aid: z.string() }),
    body: z.object({ amount: z.string() }),
    idempotent,
  });

function eventFor(headers: Record<string, string>): HttpEvent {
  return {
    routeKey: 'POST /associations/{aid}/things',
    rawPath: '/associations/a1/things',
    headers,
    pathParameters: { aid: 'a1' },
    body: JSON.stringify({ amount: '1.00' }),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'r1',
      authorizer: {
        jwt: {
          claims: { 'cognito:username': 'treasurer-1', 'cognito:groups': '[treasurer]' },
          scopes: [],
        },
      },
    },
  } as unknown as HttpEvent;
}

async function call(idempotent: boolean, headers: Record<string, string>) {
  let ran = 0;
  const handler = areaHandler('books', [
    implement(route(idempotent), async () => {
      ran += 1;
      return { status: 201, body: {} };
    }),
  ]).withStore({ tableName: 'unused' } as Store);
  const result = (await handler(eventFor(headers), {} as Context)) as {
    statusCode: number;
    body: string;
  };
  return { status: result.statusCode, code: JSON.parse(result.body || '{}').code, ran };
}

describe('a declared route', () => {
  it('refuses an idempotent write without a key before its implementation runs', async () => {
    expect(await call(true, {})).toEqual({ status: 400, code: 'IDEMPOTENCY_KEY_REQUIRED', ran: 0 });
    expect(await call(true, { 'idempotency-key': 'bad key!' })).toEqual({
      status: 400,
      code: 'IDEMPOTENCY_KEY_INVALID',
      ran: 0,
    });
  });

  it('runs it with a key, and runs a route that declares none without one', async () => {
    expect((await call(true, { 'idempotency-key': 'key-0001' })).ran).toBe(1);
    expect((await call(false, {})).ran).toBe(1);
  });
});
