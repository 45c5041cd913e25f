/**
 * Where the API is and how to sign in. Locally the server answers config.json itself; in the
 * cloud the CDK stack writes it next to the console (BucketDeployment, Source.jsonData).
 */
import { cognitoClaimNames, type ClaimNames } from '#api/identity-claims.ts';

export { cognitoClaimNames, type ClaimNames };

export type AuthConfig =
  | { kind: 'local' }
  | { kind: 'cognito'; domain: string; clientId: string; redirectUri?: string }
  /** Any OpenID Connect provider (a county's Keycloak, Authing): the China target. */
  | {
      kind: 'oidc';
      issuer: string;
      clientId: string;
      redirectUri?: string;
      claims?: Partial<ClaimNames>;
    };

export interface ConsoleConfig {
  /** The API's base URL; '' means this origin. */
  apiUrl: string;
  auth: AuthConfig;
}

/** The claim names the console reads the signed-in user from. */
export function claimNamesOf(auth: AuthConfig): ClaimNames {
  return auth.kind === 'oidc' ? { ...cognitoClaimNames, ...auth.claims } : cognitoClaimNames;
}

export const localConfig: ConsoleConfig = { apiUrl: '', auth: { kind: 'local' } };

export function parseConfig(value: unknown): ConsoleConfig {
  const config = value as Partial<ConsoleConfig> | null;
  const apiUrl = typeof config?.apiUrl === 'string' ? config.apiUrl.replace(/\/+$/, '') : '';
  const auth = config?.auth;
  const complete =
    (auth?.kind === 'cognito' && typeof auth.domain === 'string') ||
    (auth?.kind === 'oidc' && typeof auth.issuer === 'string');
  if (complete && typeof auth.clientId === 'string') return { apiUrl, auth };
  return { apiUrl, auth: { kind: 'local' } };
}
