/**
 * Who is calling, from the JWT claims the HTTP API's authorizer passes on. Which claim holds
 * what is configuration, not code: Cognito's names in the global target, any OIDC provider's
 * names elsewhere (a county's Keycloak, a Chinese IDaaS), set on each Lambda by infra/ through
 * the HUZHU_CLAIM_* variables. Locally the same variables name the claims of local/'s provider.
 */
import { cognitoClaimNames, type ClaimNames } from '#api/identity-claims.ts';
import { roles, type Role } from '#api/route.ts';

export { roles, type Role };

export { cognitoClaimNames, type ClaimNames };

/** The environment variable that names each claim (read by configuredClaimNames). */
export const claimNameVariables: Record<keyof ClaimNames, string> = {
  username: 'HUZHU_CLAIM_USERNAME',
  groups: 'HUZHU_CLAIM_ROLES',
  association: 'HUZHU_CLAIM_ASSOCIATION',
  federation: 'HUZHU_CLAIM_FEDERATION',
};

/** The claim names this process was configured with; Cognito's where nothing is set. */
export function configuredClaimNames(env: NodeJS.ProcessEnv = process.env): ClaimNames {
  const named = (key: keyof ClaimNames) => env[claimNameVariables[key]] || cognitoClaimNames[key];
  return {
    username: named('username'),
    groups: named('groups'),
    association: named('association'),
    federation: named('federation'),
  };
}

/** The variables that configure `names`, for a Lambda's environment. */
export function claimNameEnvironment(names: ClaimNames): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(claimNameVariables) as (keyof ClaimNames)[]).map((key) => [
      claimNameVariables[key],
      names[key],
    ]),
  );
}

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

export function identityFromClaims(
  claims: Claims | undefined,
  names: ClaimNames = configuredClaimNames(),
): Identity | undefined {
  if (!claims) return undefined;
  const username = claims[names.username] ?? claims.sub;
  if (typeof username !== 'string' || username === '') return undefined;
  const groups = parseGroups(claims[names.groups]);
  const association = claims[names.association];
  const federation = claims[names.federation];
  return {
    username,
    roles: roles.filter((role) => groups.includes(role)),
    associationId: typeof association === 'string' && association ? association : undefined,
    federationId: typeof federation === 'string' && federation ? federation : undefined,
  };
}
