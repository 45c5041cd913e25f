/**
 * What a route is: its method and path, the Lambda that serves it, who may call it, and the
 * zod schemas of its path, query and body. The route table (api/routes.ts) lists them
 * all; infra/, local/ and /openapi.json read that one table.
 */
import type { z } from 'zod';

/** Who may call a route: the roles a token's groups name (shared/DESIGN.md, Identity). */
export const roles = ['treasurer', 'supervisor', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One Lambda per area (shared/DESIGN.md, Layout). */
export const lambdaNames = [
  'platform',
  'associations',
  'members',
  'loans',
  'books',
  'subsidy',
  'federation',
  'farmer-page',
  'reports',
  'tea-gardens',
] as const;
export type LambdaName = (typeof lambdaNames)[number];

export interface RouteDefinition<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  path: string;
  lambda: LambdaName;
  /** 'public' routes skip the authorizer: /health, /openapi.json, the farmer's page. */
  access: 'public' | readonly Role[];
  summary: string;
  params?: Params;
  query?: Query;
  body?: Body;
  /** The success response, for the OpenAPI document. */
  response?: z.ZodType;
  /** Money-moving POSTs need an Idempotency-Key header. */
  idempotent?: boolean;
}

export function defineRoute<
  Params extends z.ZodType = z.ZodUndefined,
  Query extends z.ZodType = z.ZodUndefined,
  Body extends z.ZodType = z.ZodUndefined,
>(route: RouteDefinition<Params, Query, Body>): RouteDefinition<Params, Query, Body> {
  return route;
}

/** API Gateway's route key: "GET /associations/{aid}". */
export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
