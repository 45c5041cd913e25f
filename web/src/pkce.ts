/**
 * Cloud sign-in: a hosted sign-in (the Cognito user pool's, or any OpenID Connect provider's)
 * with the authorization code grant and PKCE (RFC 7636). The console is a public client with
 * no secret: the code verifier, kept in sessionStorage for one round trip, proves the code is
 * ours. Pure apart from WebCrypto.
 */

export interface SignInEndpoints {
  authorize: string;
  token: string;
  /** RP-initiated logout (Cognito's /logout, OIDC's end_session_endpoint), when there is one. */
  logout?: string;
}

export interface HostedSignIn {
  /** Cognito's /logout takes logout_uri; an OIDC provider post_logout_redirect_uri. */
  kind: 'cognito' | 'oidc';
  endpoints: SignInEndpoints;
  clientId: string;
  /** Where Cognito sends the browser back: the console's own URL. */
  redirectUri: string;
  scopes?: string[];
}

/** https://<prefix>.auth.<region>.amazoncognito.com's fixed paths. */
export function cognitoEndpoints(domain: string): SignInEndpoints {
  return {
    authorize: new URL('/oauth2/authorize', domain).toString(),
    token: new URL('/oauth2/token', domain).toString(),
    logout: new URL('/logout', domain).toString(),
  };
}

/** An OIDC provider's endpoints, from its discovery document (OpenID Connect Discovery 1.0). */
export async function discoverEndpoints(
  issuer: string,
  fetchJson: (url: string) => Promise<unknown>,
): Promise<SignInEndpoints> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const document = (await fetchJson(url)) as Record<string, unknown>;
  const { authorization_endpoint: authorize, token_endpoint: token } = document;
  if (typeof authorize !== 'string' || typeof token !== 'string') {
    throw new Error(`${url} names no authorization or token endpoint`);
  }
  const logout = document.end_session_endpoint;
  return { authorize, token, ...(typeof logout === 'string' ? { logout } : {}) };
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
  const url = new URL(config.endpoints.authorize);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: (config.scopes ?? ['openid', 'profile']).join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    // Cognito reads lang; OIDC providers ui_locales.
    ...(config.kind === 'cognito'
      ? { lang: language === 'zh-CN' ? 'zh-CN' : 'en' }
      : { ui_locales: language }),
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
    url: config.endpoints.token,
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

/** Where signing out sends the browser; the console itself when the provider has no logout. */
export function logoutUrl(config: HostedSignIn): string {
  if (!config.endpoints.logout) return config.redirectUri;
  const url = new URL(config.endpoints.logout);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    [config.kind === 'cognito' ? 'logout_uri' : 'post_logout_redirect_uri']: config.redirectUri,
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
