/**
 * The one pipeline every Lambda runs (shared/DESIGN.md: parse, authorize, call the domain,
 * persist). An area's Lambda serves several routes; API Gateway's routeKey picks the
 * implementation. Middleware: Powertools logger with the request id, then errors as
 * problem+json; inside, identity and role checks and zod parsing of path, query and body.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  Context,
} from 'aws-lambda';
import type { z } from 'zod';
import { useChineseValidationMessages } from '#domain/formats.ts';
import { isDomainRefusalCode, Refusal, type DomainRefusalCode } from '#domain/refusal.ts';
import { store as storeFromEnv, type Store } from '../store/client.ts';
import { requireIdempotencyKey } from './idempotency.ts';
import { identityFromClaims, type Identity } from './identity.ts';
import { logger } from './logger.ts';
import { requestContext, type RequestContext } from './request-context.ts';
import {
  HttpProblem,
  problemOf,
  problemResponse,
  problems,
  type FieldError,
  type Problem,
} from './problem.ts';
import { routeKey, type LambdaName, type RouteDefinition } from '#api/route.ts';
import { refusalParam } from '#api/today.ts';

// Once per Lambda container (and per local process): zod's own messages in zh-CN.
useChineseValidationMessages();

export const maxBodyBytes = 64 * 1024;

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface HttpRequest<P, Q, B> extends RequestContext {
  params: P;
  query: Q;
  body: B;
  /** Absent only on public routes. */
  identity: Identity;
  headers: Record<string, string | undefined>;
  requestId: string;
  event: HttpEvent;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is (HTML, CSV); otherwise body is JSON. */
  raw?: string;
  /** A binary file (XLSX): sent base64-encoded with isBase64Encoded, as API Gateway wants. */
  binary?: Uint8Array;
}

type Implementation = (request: HttpRequest<unknown, unknown, unknown>) => Promise<Reply>;

export interface Implemented {
  route: RouteDefinition;
  run: Implementation;
}

/** Binds an implementation to its route so that its request is typed by the route's schemas. */
export function implement<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: RouteDefinition<P, Q, B>,
  run: (request: HttpRequest<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<Reply>,
): Implemented {
  return { route: route as unknown as RouteDefinition, run: run as Implementation };
}

type ParseError = FieldError & {
  refusal?: { code: DomainRefusalCode; details: Record<string, unknown> };
};

function fieldErrors(error: z.ZodError, part: string): ParseError[] {
  return error.issues.map((issue) => {
    const field = [part, ...issue.path.map(String)].join('.');
    const { [refusalParam]: code, ...details } =
      issue.code === 'custom' ? ((issue.params ?? {}) as Record<string, unknown>) : {};
    return {
      field,
      message: issue.message,
      ...(isDomainRefusalCode(code) ? { refusal: { code, details: { field, ...details } } } : {}),
    };
  });
}

/**
 * A business refusal found while parsing (a date after today) answers as the refusal it is,
 * when it is the only thing wrong; anything else is a 400 listing every field.
 */
function refusalOrValidation(errors: ParseError[]): Error {
  const [first] = errors;
  if (first?.refusal && errors.every((error) => error.refusal)) {
    // The kind is the catalogue's for the code.
    return new Refusal(first.refusal.code, first.message, undefined, first.refusal.details);
  }
  return new HttpProblem(
    problems.validation(errors.map(({ field, message }) => ({ field, message }))),
  );
}

function parseBody(event: HttpEvent): unknown {
  if (event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body;
  if (Buffer.byteLength(text, 'utf8') > maxBodyBytes) {
    throw new HttpProblem(problems.bodyTooLarge(maxBodyBytes));
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpProblem(problems.malformedJson());
  }
}

async function dispatch(
  implementations: Map<string, Implemented>,
  event: HttpEvent,
  store: Store,
): Promise<APIGatewayProxyResultV2> {
  const implemented = implementations.get(event.routeKey);
  if (!implemented) throw new HttpProblem(problems.routeNotFound());
  const { route, run } = implemented;

  let identity: Identity | undefined;
  if (route.access !== 'public') {
    identity = identityFromClaims(event.requestContext.authorizer?.jwt?.claims);
    if (!identity) throw new HttpProblem(problems.unauthorized());
    const allowed = route.access;
    if (!identity.roles.some((role) => allowed.includes(role))) {
      throw new HttpProblem(problems.forbiddenRole());
    }
  }

  const errors: ParseError[] = [];
  const parsePart = (schema: z.ZodType | undefined, input: unknown, part: string) => {
    if (!schema) return undefined;
    const result = schema.safeParse(input);
    if (!result.success) errors.push(...fieldErrors(result.error, part));
    return result.data;
  };
  const params = parsePart(route.params, event.pathParameters ?? {}, 'path');
  const query = parsePart(route.query, event.queryStringParameters ?? {}, 'query');
  const body = route.body ? parsePart(route.body, parseBody(event), 'body') : undefined;
  if (errors.length > 0) throw refusalOrValidation(errors);

  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  if (route.idempotent) requireIdempotencyKey(headers);
  const request: HttpRequest<unknown, unknown, unknown> = {
    params,
    query,
    body,
    identity: identity as Identity,
    headers,
    requestId: event.requestContext.requestId,
    event,
    ...requestContext(route, store, () => request),
  };
  const reply = await run(request);
  return {
    statusCode: reply.status ?? 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...reply.headers,
    },
    body: reply.binary
      ? Buffer.from(reply.binary).toString('base64')
      : (reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body))),
    ...(reply.binary ? { isBase64Encoded: true } : {}),
  };
}

function toProblem(error: unknown): Problem {
  if (error instanceof HttpProblem) return error.problem;
  if (error instanceof Refusal) {
    const field = error.details?.field;
    return problemOf(error.code, error.title, {
      ...(error.details ?? {}),
      // Domain rules name fields of the body; say so, as zod's errors do.
      ...(typeof field === 'string'
        ? {
            errors: [
              {
                field: /^(body|path|query)\./.test(field) ? field : `body.${field}`,
                message: error.title,
              },
            ],
          }
        : {}),
    });
  }
  return problems.internal();
}

/** An area's Lambda handler, and the same handler serving another store (local, tests). */
export type AreaHandler = ReturnType<typeof pipeline> & {
  withStore(store: Store): ReturnType<typeof pipeline>;
};

/**
 * The Lambda handler of one area, serving the routes it implements from one store: in the
 * cloud the table named by the environment, made at the first request; locally and in tests,
 * the store passed to `withStore`.
 */
export function areaHandler(lambda: LambdaName, implemented: Implemented[]): AreaHandler {
  const implementations = new Map<string, Implemented>();
  for (const entry of implemented) {
    if (entry.route.lambda !== lambda) {
      throw new Error(`${routeKey(entry.route)} belongs to ${entry.route.lambda}, not ${lambda}`);
    }
    implementations.set(routeKey(entry.route), entry);
  }
  return Object.assign(pipeline(implementations, storeFromEnv), {
    withStore: (store: Store) => pipeline(implementations, () => store),
  });
}

function pipeline(implementations: Map<string, Implemented>, storeOf: () => Store) {
  return middy<HttpEvent, APIGatewayProxyResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      before: (request) => {
        logger.appendKeys({
          requestId: request.event.requestContext?.requestId,
          routeKey: request.event.routeKey,
        });
      },
    })
    .handler(async (event) => {
      try {
        return await dispatch(implementations, event, storeOf());
      } catch (error) {
        const problem = toProblem(error);
        if (problem.status >= 500) logger.error('request failed', error as Error);
        else logger.info('request refused', { code: problem.code, status: problem.status });
        return problemResponse(problem, event.requestContext?.requestId);
      }
    });
}
