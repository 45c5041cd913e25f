/**
 * The local stand-in for API Gateway's HTTP API: matches a request against the route table,
 * checks the bearer token as the JWT authorizer would, builds a payload-2.0 event and calls
 * the real Lambda handler. Local-only routes (/local/...) are served here directly.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { HttpEvent } from '../functions/http/area-handler.ts';
import { problemResponse, problems } from '../functions/http/problem.ts';
import { routeKey, type LambdaName, type RouteDefinition } from '#api/route.ts';
import { routeTable } from '#api/routes.ts';
import { claimsAsAuthorizerPassesThem, type IdentityProvider } from './identity-provider.ts';
import type { Handler } from './lambdas.ts';

/** API Gateway's own payload limit; the handlers enforce their smaller one. */
const maxPayloadBytes = 10 * 1024 * 1024;

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  names: string[];
}

const compiled: CompiledRoute[] = routeTable.map((route) => {
  const names: string[] = [];
  const segments = route.path.split('/').map((segment) => {
    const parameter = /^\{(\w+)\}$/.exec(segment);
    if (!parameter) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    names.push(parameter[1] ?? '');
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${segments.join('/')}$`), names };
});

export function matchRoute(method: string, pathname: string) {
  let pathMatched = false;
  for (const entry of compiled) {
    const match = entry.pattern.exec(pathname);
    if (!match) continue;
    pathMatched = true;
    if (entry.route.method !== method) continue;
    const pathParameters = Object.fromEntries(
      entry.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
    );
    return { route: entry.route, pathParameters };
  }
  return { pathMatched };
}

/** A request as the adapter received it, to be handed to a Lambda. */
export interface AdapterRequest {
  method: string;
  url: URL;
  /** Lower-case names, as Node gives them. */
  headers: Record<string, string>;
  body: string;
  protocol: string;
  sourceIp: string;
  requestId: string;
}

/** The payload-2.0 event API Gateway's HTTP API gives a Lambda, with the authorizer's claims. */
export function apiGatewayEvent(
  request: AdapterRequest,
  matched: { route: RouteDefinition; pathParameters: Record<string, string> },
  claims: Record<string, string> | undefined,
): HttpEvent {
  const { method, url, headers, body } = request;
  const now = new Date();
  const key = routeKey(matched.route);
  return {
    version: '2.0',
    routeKey: key,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    pathParameters: Object.keys(matched.pathParameters).length ? matched.pathParameters : undefined,
    body: body === '' ? undefined : body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: key,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: claims
        ? { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } }
        : undefined,
    },
  } as unknown as HttpEvent;
}

export type LocalRouteHandler = (
  request: IncomingMessage,
  body: string,
) => Promise<APIGatewayProxyStructuredResultV2 | undefined>;

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxPayloadBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  response.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? '';
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

function lambdaContext(functionName: string, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function createRequestListener(
  identity: IdentityProvider,
  localRoutes: LocalRouteHandler,
  lambdas: Record<LambdaName, Handler>,
) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const method = (request.method ?? 'GET').toUpperCase();
      const body = await readBody(request);
      if (body === undefined) {
        send(response, {
          statusCode: 413,
          body: JSON.stringify({ message: 'Request Entity Too Large' }),
        });
        return;
      }
      const local = await localRoutes(request, body);
      if (local) return send(response, local);

      const matched = matchRoute(method, url.pathname);
      if (!('route' in matched) || !matched.route) {
        // API Gateway answers unknown routes itself: 404 "Not Found".
        send(
          response,
          problemResponse(problems.routeNotFound(), requestId) as APIGatewayProxyStructuredResultV2,
        );
        return;
      }
      const { route } = matched;

      let claims: Record<string, string> | undefined;
      if (route.access !== 'public') {
        const header = request.headers.authorization ?? '';
        const token = /^Bearer (.+)$/i.exec(header)?.[1];
        const payload = token ? await identity.verify(token) : undefined;
        if (!payload) {
          // The HTTP API's JWT authorizer answers 401 {"message":"Unauthorized"} itself, as
          // application/json (an HTTP API cannot reshape it; see README, Security). Locally
          // the 401 is the API's own problem+json, as every other refusal.
          const problem = problemResponse(problems.unauthorized(), requestId);
          send(response, {
            ...(problem as APIGatewayProxyStructuredResultV2),
            headers: {
              ...(problem as APIGatewayProxyStructuredResultV2).headers,
              'www-authenticate': 'Bearer',
            },
          });
          return;
        }
        claims = claimsAsAuthorizerPassesThem(payload);
      }

      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
      }
      const event = apiGatewayEvent(
        {
          method,
          url,
          headers,
          body,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          requestId,
        },
        matched,
        claims,
      );
      const result = await lambdas[route.lambda](
        event,
        lambdaContext(`huzhu-${route.lambda}`, requestId),
      );
      send(response, result as APIGatewayProxyStructuredResultV2);
    } catch (error) {
      console.error(error);
      send(
        response,
        problemResponse(problems.internal(), requestId) as APIGatewayProxyStructuredResultV2,
      );
    }
  };
}
