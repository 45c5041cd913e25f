/**
 * Who is calling, from the JWT claims the HTTP API's authorizer passes on. The same claims
 * come from Cognito in the cloud and from local/'s identity provider on a laptop.
 */
import { roles, type Role } from '#api/route.ts';

export { roles, type Role };

export const claimNames = {
  username: 'cognito:username',
  groups: 'cognito:groups',
  association: 'custom:association_id',
  federation: 'custom:federation_id',
} as const;

export interface Identity {
  username: string;
  roles: Role[];
  associationId?: string;
  federationId?: string;
}

type Claims = Record<string, string | number | boolean | string[]>;

/**
 * API Gateway passes array claims flattened to "[a b]"; a direct invocation may pass an
 * array. Both mean the same groups.
 */
function parseGroups(value: Claims[string] | undefined): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function identityFromClaims(claims: Claims | undefined): Identity | undefined {
  if (!claims) return undefined;
  const username = claims[claimNames.username] ?? claims.sub;
  if (typeof username !== 'string' || username === '') return undefined;
  const groups = parseGroups(claims[claimNames.groups]);
  const association = claims[claimNames.association];
  const federation = claims[claimNames.federation];
  return {
    username,
    roles: roles.filter((role) => groups.includes(role)),
    associationId: typeof association === 'string' && association ? association : undefined,
    federationId: typeof federation === 'string' && federation ? federation : undefined,
  };
}
