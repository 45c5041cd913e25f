/**
 * The federation does not lend to households (不直接开展借款业务, shared/DOMAIN.md): the route
 * table gives it no way to. No federation route takes a member in its body or creates a
 * loan; every loan route is scoped to one association.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { routeTable } from '#api/routes.ts';

/** Every property name anywhere in a JSON schema. */
function propertyNames(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(propertyNames);
  if (!schema || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const own =
    node.properties && typeof node.properties === 'object' ? Object.keys(node.properties) : [];
  return [...own, ...Object.values(node).flatMap(propertyNames)];
}

const bodyProperties = (route: (typeof routeTable)[number]) =>
  route.body
    ? propertyNames(z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }))
    : [];

const federationRoutes = routeTable.filter((route) => route.path.startsWith('/federations'));
const loanRoutes = routeTable.filter(
  (route) => /loan/i.test(route.path) || route.lambda === ('loans' as string),
);

describe('the federation does not lend to households', () => {
  it('has federation routes, and none names a member or a household in its body', () => {
    expect(federationRoutes.length).toBeGreaterThanOrEqual(10);
    for (const route of federationRoutes) {
      const names = bodyProperties(route).map((name) => name.toLowerCase());
      expect(names, `${route.method} ${route.path}`).not.toContain('memberid');
      expect(names, `${route.method} ${route.path}`).not.toContain('householdid');
    }
    // The scan sees nested properties: the risk-fund body names its association.
    const contribution = federationRoutes.find((r) => r.path.endsWith('/risk-fund/contributions'))!;
    expect(bodyProperties(contribution)).toContain('associationId');
  });

  it('has no federation route that creates or touches a loan', () => {
    for (const route of federationRoutes) {
      expect(route.path, route.path).not.toMatch(/\/loans?(\/|$)|loan-quotes/);
      // The federation's Lambda, or a read-only report (the reports Lambda writes no loan).
      const readOnlyReport = route.lambda === 'reports' && route.method === 'GET';
      expect(route.lambda === 'federation' || readOnlyReport, route.path).toBe(true);
    }
  });

  it('scopes every loan route to one association', () => {
    expect(loanRoutes.length).toBeGreaterThan(0);
    for (const route of loanRoutes) {
      expect(route.path, `${route.method} ${route.path}`).toMatch(/^\/associations\/\{aid\}\//);
    }
  });
});
