/**
 * Signing in. Locally: pick a demo user (GET /local/users, POST /local/login). In the cloud:
 * the hosted sign-in of Cognito or of any OpenID Connect provider, authorization code with
 * PKCE; the ID token is the bearer token the API's JWT authorizer expects, as it carries the
 * groups and the association (under the claim names config.json gives).
 */
import type { DemoUser } from './api-types.ts';
import { claimNamesOf, type ConsoleConfig } from './config.ts';
import {
  authorizeUrl,
  codeChallenge,
  codeVerifier,
  cognitoEndpoints,
  discoverEndpoints,
  jwtClaims,
  logoutUrl,
  tokenRequest,
  type HostedSignIn,
} from './pkce.ts';
import { saveSession, userFromClaims, type Session } from './session.ts';

const random = (bytes: Uint8Array) => crypto.getRandomValues(bytes);
const pendingKey = 'huzhu.pkce.v1';

function sessionFromToken(token: string, config?: ConsoleConfig): Session | undefined {
  const claims = jwtClaims(token);
  const user = userFromClaims(claims, config && claimNamesOf(config.auth));
  if (!user) return undefined;
  return { token, user, expiresAt: typeof claims.exp === 'number' ? claims.exp : undefined };
}

export async function localUsers(config: ConsoleConfig): Promise<DemoUser[]> {
  const response = await fetch(`${config.apiUrl}/local/users`);
  return ((await response.json()) as { users: DemoUser[] }).users;
}

export async function localSignIn(config: ConsoleConfig, username: string): Promise<Session> {
  const response = await fetch(`${config.apiUrl}/local/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status}`);
  const { token, user } = (await response.json()) as { token: string; user: DemoUser };
  const session = sessionFromToken(token);
  if (!session) throw new Error('the token names no role');
  session.user.displayName = user.displayName;
  saveSession(sessionStorage, session);
  return session;
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

async function hostedSignIn(config: ConsoleConfig): Promise<HostedSignIn | undefined> {
  const { auth } = config;
  if (auth.kind === 'local') return undefined;
  return {
    kind: auth.kind,
    endpoints:
      auth.kind === 'cognito'
        ? cognitoEndpoints(auth.domain)
        : await discoverEndpoints(auth.issuer, fetchJson),
    clientId: auth.clientId,
    redirectUri: auth.redirectUri ?? `${location.origin}${location.pathname}`,
  };
}

/** Leaves for the hosted sign-in page; comes back with ?code=&state=. */
export async function startHostedSignIn(
  config: ConsoleConfig,
  language: 'zh-CN' | 'en',
): Promise<void> {
  const hosted = await hostedSignIn(config);
  if (!hosted) return;
  const verifier = codeVerifier(random);
  const state = codeVerifier(random);
  sessionStorage.setItem(pendingKey, JSON.stringify({ verifier, state }));
  location.assign(authorizeUrl(hosted, await codeChallenge(verifier), state, language));
}

/** On the way back from the hosted sign-in: trades the code for tokens, once. */
export async function finishHostedSignIn(config: ConsoleConfig): Promise<Session | undefined> {
  const hosted = await hostedSignIn(config);
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  if (!hosted || !code) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? 'null') as {
    verifier: string;
    state: string;
  } | null;
  sessionStorage.removeItem(pendingKey);
  // Drop ?code= from the address bar whatever happens: a code is good once.
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (!pending || pending.state !== query.get('state')) return undefined;
  const request = tokenRequest(hosted, code, pending.verifier);
  const response = await fetch(request.url, request.init);
  if (!response.ok) return undefined;
  const { id_token: idToken } = (await response.json()) as { id_token?: string };
  const session = idToken ? sessionFromToken(idToken, config) : undefined;
  if (session) saveSession(sessionStorage, session);
  return session;
}

export async function signOut(config: ConsoleConfig): Promise<void> {
  saveSession(sessionStorage, undefined);
  const hosted = await hostedSignIn(config).catch(() => undefined);
  if (hosted) location.assign(logoutUrl(hosted));
  else location.hash = '#/';
}
