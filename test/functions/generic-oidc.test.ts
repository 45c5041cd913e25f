/**
 * Issue 20: the API behind any OIDC provider. The local identity provider acts as a generic
 * issuer (its discovery document and JWKS, claim names that are not Cognito's, configured
 * through HUZHU_CLAIM_* as a deployment configures its Lambdas), and the route × role table
 * holds against it: every route refuses what is not the caller's and answers what is.
 */
import { createRemoteJWKSet, jwtVerify, SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { claimNameEnvironment, type ClaimNames } from '../../functions/http/identity.ts';
import { localAudience } from '../../local/identity-provider.ts';
import { useLocalSystem } from '../support/local-system.ts';
import {
  expectRefusal,
  inBatches,
  owns,
  today,
  victim,
  victimProbes,
  type Probe,
} from './security-fixtures.ts';

/** Claim names of a county's Keycloak: nothing named cognito. */
const keycloakClaims: ClaimNames = {
  username: 'preferred_username',
  groups: 'huzhu_roles',
  association: 'huzhu_association',
  federation: 'huzhu_federation',
};
for (const [name, value] of Object.entries(claimNameEnvironment(keycloakClaims))) {
  vi.stubEnv(name, value);
}
afterAll(() => vi.unstubAllEnvs());

const api = useLocalSystem({ seed: ['zhuyang-01', 'zhuyang-02'], today, notifier: false });
const callers = ['treasurer-01', 'treasurer-02', 'supervisor', 'auditor', 'admin', 'anonymous'];
const tokens = new Map<string, string>();

beforeAll(async () => {
  for (const caller of callers) {
    if (caller !== 'anonymous') tokens.set(caller, await api.login(caller));
  }
});

const issuerOf = () => `${api.system.url}/local`;

describe('the local identity provider as a generic OIDC issuer', () => {
  it('publishes a discovery document and a JWKS that verify its tokens, with the configured claims', async () => {
    const discovery = await fetch(`${issuerOf()}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    const metadata = (await discovery.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: issuerOf(),
      jwks_uri: `${issuerOf()}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['ES256'],
    });
    // Verified with nothing but the published metadata, as any relying party would.
    const keys = createRemoteJWKSet(new URL(metadata.jwks_uri as string));
    const { payload } = await jwtVerify(tokens.get('treasurer-01')!, keys, {
      issuer: issuerOf(),
      audience: localAudience,
    });
    expect(payload).toMatchObject({
      preferred_username: 'treasurer-01',
      huzhu_roles: ['treasurer'],
      huzhu_association: victim.aid,
    });
    expect(Object.keys(payload).filter((claim) => claim.startsWith('cognito:'))).toEqual([]);
  });

  it('refuses a token of another issuer, of another audience, or signed by another key', async () => {
    const other = await generateKeyPair('ES256');
    const forge = (issuer: string, audience: string) =>
      new SignJWT({ preferred_username: 'admin', huzhu_roles: ['admin'] })
        .setProtectedHeader({ alg: 'ES256', kid: 'huzhu-local-1' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setExpirationTime('1h')
        .sign(other.privateKey);
    const path = `/associations/${victim.aid}`;
    for (const token of [
      await forge(issuerOf(), localAudience),
      await forge('https://idp.example.cn/realms/county', localAudience),
    ]) {
      expect((await api.request('GET', path, { token })).status).toBe(401);
    }
    expect((await api.request('GET', path, { token: tokens.get('treasurer-01') })).status).toBe(
      200,
    );
  });

  it('holds the route × role table: what is not the caller’s is refused, their reads are answered', async () => {
    const { probes } = await victimProbes(api, tokens.get(victim.treasurer)!);
    const cells = probes.flatMap((probe: Probe) =>
      callers.map((caller) => ({ probe, caller, owner: owns(caller, probe) })),
    );
    const foreign = cells.filter((cell) => !cell.owner);
    const ownReads = cells.filter((cell) => cell.owner && cell.probe.route.method === 'GET');
    const send = (cell: (typeof cells)[number]) =>
      api.request(cell.probe.route.method, cell.probe.path, {
        token: tokens.get(cell.caller),
        ...(cell.probe.body === undefined ? {} : { body: cell.probe.body }),
        headers:
          cell.probe.route.method === 'GET' ? {} : { 'idempotency-key': crypto.randomUUID() },
      });

    const refused = await inBatches(foreign.map((cell) => () => send(cell)));
    foreign.forEach((cell, i) => {
      const name = `${cell.caller} ${cell.probe.key}`;
      expectRefusal(refused[i]!, name, []);
      // A signed-in caller is known by the generic claims: refused for scope or role, never 401.
      if (cell.caller !== 'anonymous') expect(refused[i]!.status, name).not.toBe(401);
    });
    const answered = await inBatches(ownReads.map((cell) => () => send(cell)));
    ownReads.forEach((cell, i) => {
      const status = answered[i]!.status;
      expect(status, `${cell.caller} ${cell.probe.key}`).toBeLessThan(500);
      expect([401, 403], `${cell.caller} ${cell.probe.key}`).not.toContain(status);
    });
    expect(foreign.length).toBeGreaterThan(100);
    expect(ownReads.length).toBeGreaterThan(50);
  });
});
