/**
 * Cloud sign-in: the Cognito user pool's hosted sign-in with the authorization code grant and
 * PKCE (RFC 7636). The console is a public client with no secret: the code verifier, kept in
 * sessionStorage for one round trip, proves the code is ours. Pure apart from WebCrypto.
 */

export interface HostedSignIn {
  /** https://<prefix>.auth.<region>.amazoncognito.com */
  domain: string;
  clientId: string;
  /** Where Cognito sends the browser back: the console's own URL. */
  redirectUri: string;
  scopes?: string[];
}

const base64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** 32 random bytes → a 43-character verifier from the unreserved alphabet (RFC 7636 §4.1). */
export function codeVerifier(random: (bytes: Uint8Array) => Uint8Array): string {
  return base64Url(random(new Uint8Array(32)));
}

/** S256: BASE64URL(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export function authorizeUrl(
  config: HostedSignIn,
  challenge: string,
  state: string,
  language: 'zh-CN' | 'en' = 'zh-CN',
): string {
  const url = new URL('/oauth2/authorize', config.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: (config.scopes ?? ['openid', 'profile']).join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    lang: language === 'zh-CN' ? 'zh-CN' : 'en',
  }).toString();
  return url.toString();
}

/** The token request that trades the code (and the verifier) for tokens. */
export function tokenRequest(
  config: HostedSignIn,
  code: string,
  verifier: string,
): { url: string; init: { method: 'POST'; headers: Record<string, string>; body: string } } {
  return {
    url: new URL('/oauth2/token', config.domain).toString(),
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: config.clientId,
        code,
        redirect_uri: config.redirectUri,
        code_verifier: verifier,
      }).toString(),
    },
  };
}

export function logoutUrl(config: HostedSignIn): string {
  const url = new URL('/logout', config.domain);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    logout_uri: config.redirectUri,
  }).toString();
  return url.toString();
}

/**
 * The claims of a JWT, unverified: the console only reads its own ID token to know who signed
 * in; the API's authorizer is what checks signatures.
 */
export function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}
