/**
 * The API called in-process: each request is matched against the route table and handed to
 * the real Lambda handler as the payload-2.0 event API Gateway builds, with the claims its
 * JWT authorizer passes on (tokens from the local identity provider), and no HTTP server.
 * With handlers on the in-memory store (functions/store/memory-table.ts) a test runs
 * hundreds of cases in seconds, without DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { decodeJwt } from 'jose';
import type { LambdaName } from '#api/route.ts';
import { demoUsers } from '../../local/demo-federation.ts';
import { apiGatewayEvent, matchRoute } from '../../local/http-adapter.ts';
import {
  claimsAsAuthorizerPassesThem,
  createIdentityProvider,
} from '../../local/identity-provider.ts';
import type { Handler } from '../../local/lambdas.ts';
import type { ApiClient, ApiResponse } from './local-system.ts';

const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'in-process',
  getRemainingTimeInMillis: () => 30_000,
} as Context;

function responseOf(result: APIGatewayProxyStructuredResultV2): ApiResponse {
  const headers = new Headers();
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers.set(name, String(value));
  const text = result.body ?? '';
  const type = headers.get('content-type') ?? '';
  return {
    status: result.statusCode ?? 200,
    headers,
    body: type.includes('json') && text ? JSON.parse(text) : text,
  };
}

/** An API client that calls `lambdas` directly, as the local adapter would over HTTP. */
export async function inProcessApi(lambdas: Record<LambdaName, Handler>): Promise<ApiClient> {
  const identity = await createIdentityProvider('http://in-process/local');
  // The authorizer's work, once per token: the claims of a token this provider just signed.
  // Its verifier fetches the keys from the issuer's URL, and in-process nothing serves it.
  const claimsByToken = new Map<string, Record<string, string>>();
  return {
    async login(username) {
      const user = demoUsers.find((candidate) => candidate.username === username);
      if (!user) throw new Error(`not a demo user: ${username}`);
      const token = await identity.issueToken(user);
      claimsByToken.set(token, claimsAsAuthorizerPassesThem(decodeJwt(token)));
      return token;
    },
    async request(method, path, { token, body, rawBody, headers = {} } = {}) {
      const url = new URL(path, 'http://localhost');
      const matched = matchRoute(method, url.pathname);
      if (!matched.route) throw new Error(`no route for ${method} ${url.pathname}`);
      const claims = token ? claimsByToken.get(token) : undefined;
      if (matched.route.access !== 'public' && !claims) throw new Error(`no login for ${path}`);
      const text = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
      const event = apiGatewayEvent(
        {
          method,
          url,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(text !== undefined ? { 'content-type': 'application/json' } : {}),
            ...headers,
          },
          body: text ?? '',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          requestId: randomUUID(),
        },
        matched,
        claims,
      );
      const handler = lambdas[matched.route.lambda];
      return responseOf((await handler(event, context)) as APIGatewayProxyStructuredResultV2);
    },
  };
}
