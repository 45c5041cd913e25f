/**
 * The route table: every path of the HTTP API, the Lambda that serves it and who may call
 * it. infra/ builds API Gateway routes from it, local/ serves it, and /openapi.json is
 * generated from it, so the three can never disagree.
 */
import { associationParams, associationView } from './associations/schemas.ts';
import type { Role } from './http/identity.ts';
import { defineRoute, type RouteDefinition } from './http/route.ts';
import { healthView } from './platform/schemas.ts';

const readers: readonly Role[] = ['treasurer', 'supervisor', 'auditor', 'admin'];

export const routes = {
  health: defineRoute({
    method: 'GET',
    path: '/health',
    lambda: 'platform',
    access: 'public',
    summary: 'Liveness',
    response: healthView,
  }),
  openapi: defineRoute({
    method: 'GET',
    path: '/openapi.json',
    lambda: 'platform',
    access: 'public',
    summary: 'This API as an OpenAPI 3.1 document',
  }),
  getAssociation: defineRoute({
    method: 'GET',
    path: '/associations/{aid}',
    lambda: 'associations',
    access: readers,
    summary: 'The association, its charter and its balances',
    params: associationParams,
    response: associationView,
  }),
};

export const routeTable: RouteDefinition[] = Object.values(routes) as RouteDefinition[];
