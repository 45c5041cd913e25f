/**
 * Where the API is and how to sign in. Locally the server answers config.json itself; in the
 * cloud the CDK stack writes it next to the console (BucketDeployment, Source.jsonData).
 */
export type AuthConfig =
  { kind: 'local' } | { kind: 'cognito'; domain: string; clientId: string; redirectUri?: string };

export interface ConsoleConfig {
  /** The API's base URL; '' means this origin. */
  apiUrl: string;
  auth: AuthConfig;
}

export const localConfig: ConsoleConfig = { apiUrl: '', auth: { kind: 'local' } };

export function parseConfig(value: unknown): ConsoleConfig {
  const config = value as Partial<ConsoleConfig> | null;
  const apiUrl = typeof config?.apiUrl === 'string' ? config.apiUrl.replace(/\/+$/, '') : '';
  const auth = config?.auth;
  if (
    auth?.kind === 'cognito' &&
    typeof auth.domain === 'string' &&
    typeof auth.clientId === 'string'
  ) {
    return { apiUrl, auth };
  }
  return { apiUrl, auth: { kind: 'local' } };
}
