import { describe, expect, it } from 'vitest';
import { claimNamesOf, parseConfig } from '../../../web/src/config.ts';
import {
  authorizeUrl,
  codeChallenge,
  codeVerifier,
  cognitoEndpoints,
  discoverEndpoints,
  jwtClaims,
  logoutUrl,
  tokenRequest,
} from '../../../web/src/pkce.ts';
import { matchPath, splitHash } from '../../../web/src/router.ts';
import { loadSession, saveSession, userFromClaims } from '../../../web/src/session.ts';

const domain = 'https://huzhu-console.auth.cn-north-1.amazoncognito.com';
const client = { clientId: '4abc123', redirectUri: 'https://d111.cloudfront.net/console/' };
const hosted = { kind: 'cognito' as const, endpoints: cognitoEndpoints(domain), ...client };

describe('cloud sign-in: authorization code with PKCE', () => {
  it('derives the S256 challenge of RFC 7636, appendix B', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes a 43-character verifier from 32 random bytes', () => {
    const verifier = codeVerifier((bytes) => bytes.fill(255));
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifier).toBe('_'.repeat(42) + '8');
    const a = codeVerifier((b) => crypto.getRandomValues(b));
    const b = codeVerifier((b) => crypto.getRandomValues(b));
    expect(a).not.toBe(b);
  });

  it('sends the browser to the hosted sign-in with the challenge and the state', () => {
    const url = new URL(authorizeUrl(hosted, 'CHALLENGE', 'STATE'));
    expect(url.origin + url.pathname).toBe(`${domain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: '4abc123',
      redirect_uri: 'https://d111.cloudfront.net/console/',
      scope: 'openid profile',
      state: 'STATE',
      code_challenge: 'CHALLENGE',
      code_challenge_method: 'S256',
      lang: 'zh-CN',
    });
  });

  it('trades the code and the verifier for tokens, with no client secret', () => {
    const request = tokenRequest(hosted, 'CODE', 'VERIFIER');
    expect(request.url).toBe(`${domain}/oauth2/token`);
    expect(request.init.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request.init.body))).toEqual({
      grant_type: 'authorization_code',
      client_id: '4abc123',
      code: 'CODE',
      redirect_uri: 'https://d111.cloudfront.net/console/',
      code_verifier: 'VERIFIER',
    });
    const logout = new URL(logoutUrl(hosted));
    expect(logout.pathname).toBe('/logout');
    expect(logout.searchParams.get('logout_uri')).toBe(hosted.redirectUri);
  });

  it('reads who signed in from the ID token claims', () => {
    const payload = {
      'cognito:username': 'treasurer-04',
      'cognito:groups': ['treasurer'],
      'custom:association_id': 'zhuyang-04',
      'custom:federation_id': 'zhuyang',
      name: '岱垟村出纳',
      exp: 2_000_000_000,
    };
    const token = `x.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.y`;
    expect(jwtClaims(token)).toEqual(payload);
    expect(userFromClaims(jwtClaims(token))).toEqual({
      username: 'treasurer-04',
      displayName: '岱垟村出纳',
      role: 'treasurer',
      associationId: 'zhuyang-04',
      federationId: 'zhuyang',
    });
    // API Gateway style "[a b]" groups, and a user with no role of ours.
    expect(userFromClaims({ sub: 's', 'cognito:groups': '[auditor]' })?.role).toBe('auditor');
    expect(userFromClaims({ sub: 's', 'cognito:groups': ['farmers'] })).toBeUndefined();
  });

  it('keeps the session until the token expires', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    const user = { username: 'u', displayName: 'U', role: 'treasurer' as const };
    saveSession(storage, { token: 't', user, expiresAt: 100 });
    expect(loadSession(storage, 99)?.token).toBe('t');
    expect(loadSession(storage, 100)).toBeUndefined();
    saveSession(storage, undefined);
    expect(loadSession(storage, 0)).toBeUndefined();
  });

  it('reads config.json: Cognito when complete, else local sign-in', () => {
    expect(
      parseConfig({ apiUrl: 'https://api.example/', auth: { kind: 'cognito', domain, ...client } }),
    ).toEqual({
      apiUrl: 'https://api.example',
      auth: { kind: 'cognito', domain, ...client },
    });
    expect(parseConfig({ auth: { kind: 'cognito' } })).toEqual({
      apiUrl: '',
      auth: { kind: 'local' },
    });
    expect(parseConfig(null)).toEqual({ apiUrl: '', auth: { kind: 'local' } });
  });
});

describe('cloud sign-in with any OpenID Connect provider (the China target)', () => {
  const issuer = 'https://sso.county.example/realms/huzhu';
  const discovery = {
    issuer,
    authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
    token_endpoint: `${issuer}/protocol/openid-connect/token`,
    end_session_endpoint: `${issuer}/protocol/openid-connect/logout`,
  };
  const fetched: string[] = [];
  const fetchJson = async (url: string) => (fetched.push(url), discovery);

  it('finds the endpoints in the discovery document and signs in and out through them', async () => {
    const endpoints = await discoverEndpoints(`${issuer}/`, fetchJson);
    expect(fetched).toEqual([`${issuer}/.well-known/openid-configuration`]);
    const oidc = { kind: 'oidc' as const, endpoints, ...client };
    const url = new URL(authorizeUrl(oidc, 'CHALLENGE', 'STATE'));
    expect(url.origin + url.pathname).toBe(discovery.authorization_endpoint);
    expect(url.searchParams.get('ui_locales')).toBe('zh-CN');
    expect(url.searchParams.has('lang')).toBe(false);
    expect(tokenRequest(oidc, 'CODE', 'V').url).toBe(discovery.token_endpoint);
    const logout = new URL(logoutUrl(oidc));
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(client.redirectUri);
    // No end_session_endpoint: signing out comes back to the console.
    expect(logoutUrl({ ...oidc, endpoints: { ...endpoints, logout: undefined } })).toBe(
      client.redirectUri,
    );
    await expect(discoverEndpoints(issuer, async () => ({ issuer }))).rejects.toThrow(
      /no authorization or token endpoint/,
    );
  });

  it("reads config.json's issuer and claim names, and the user by those names", () => {
    const claims = { username: 'preferred_username', groups: 'roles', association: 'aid' };
    const config = parseConfig({ auth: { kind: 'oidc', issuer, clientId: 'huzhu', claims } });
    expect(config.auth).toEqual({ kind: 'oidc', issuer, clientId: 'huzhu', claims });
    const names = claimNamesOf(config.auth);
    expect(names.federation).toBe('custom:federation_id');
    const token = { preferred_username: 'lan-01', roles: ['treasurer'], aid: 'zhuyang-01' };
    expect(userFromClaims(token, names)).toEqual({
      username: 'lan-01',
      displayName: 'lan-01',
      role: 'treasurer',
      associationId: 'zhuyang-01',
      federationId: undefined,
    });
    // Read by Cognito's names, the same token names no role.
    expect(userFromClaims(token)).toBeUndefined();
  });
});

describe('hash routes', () => {
  it('matches paths with parameters and splits the query', () => {
    expect(matchPath('/loans/:lid/receipts/:rid', '/loans/l0001/receipts/r002')).toEqual({
      lid: 'l0001',
      rid: 'r002',
    });
    expect(matchPath('/loans/:lid', '/loans/new/x')).toBeUndefined();
    expect(matchPath('/loans/:lid', '/loans/')).toBeUndefined();
    expect(matchPath('/', '/')).toEqual({});
    const { path, query } = splitHash('#/loans/new?member=m0092');
    expect(path).toBe('/loans/new');
    expect(query.get('member')).toBe('m0092');
    expect(splitHash('').path).toBe('/');
  });
});
