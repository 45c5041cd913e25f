/**
 * The local identity provider: a generic OpenID Connect issuer. It publishes its discovery
 * document (<issuer>/.well-known/openid-configuration) and its JWKS, signs ID tokens for the
 * demo users with the claim names the API is configured with (functions/http/identity.ts:
 * Cognito's by default, any provider's when HUZHU_CLAIM_* say so), and verifies a bearer
 * token the way API Gateway's JWT authorizer does: discovery → jwks_uri → signature, issuer,
 * audience, expiry. Nothing here is Cognito-specific.
 * The key pair lives with the data, so tokens survive a restart of a persistent store.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload } from 'jose';
import { configuredClaimNames, type ClaimNames } from '../functions/http/identity.ts';
import type { DemoUser } from './demo-federation.ts';
import { oidcVerifier } from './oidc-verifier.ts';

export const localAudience = 'huzhu-local';
const algorithm = 'ES256';
const keyId = 'huzhu-local-1';
const tokenLifetime = '8h';

/** The part of an OpenID Provider's metadata (OIDC Discovery 1.0, §3) a verifier reads. */
export interface DiscoveryDocument {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint: string;
  response_types_supported: string[];
  subject_types_supported: string[];
  id_token_signing_alg_values_supported: string[];
  claims_supported: string[];
}

export interface IdentityProvider {
  issuer: string;
  audience: string;
  claimNames: ClaimNames;
  discovery: DiscoveryDocument;
  jwks: { keys: JWK[] };
  issueToken(user: DemoUser): Promise<string>;
  /** Verifies a bearer token as API Gateway's JWT authorizer would; undefined when invalid. */
  verify(token: string): Promise<JWTPayload | undefined>;
}

async function loadOrCreateKeys(dataDir?: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const file = dataDir ? path.join(dataDir, 'local-signing-key.json') : undefined;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
  const keys = {
    privateJwk: { ...(await exportJWK(privateKey)), kid: keyId, alg: algorithm },
    publicJwk: { ...(await exportJWK(publicKey)), kid: keyId, alg: algorithm, use: 'sig' },
  };
  if (file) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  }
  return keys;
}

/** Where the issuer's metadata and keys are served: the paths every OIDC client looks at. */
export const discoveryPath = '/.well-known/openid-configuration';
export const jwksPath = '/.well-known/jwks.json';

export function discoveryDocument(issuer: string, claimNames: ClaimNames): DiscoveryDocument {
  return {
    issuer,
    jwks_uri: `${issuer}${jwksPath}`,
    // The demo sign-in: POST {username} → {token}; no password (see README, Security).
    authorization_endpoint: `${issuer}/login`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [algorithm],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'name', ...Object.values(claimNames)],
  };
}

export async function createIdentityProvider(
  issuer: string,
  dataDir?: string,
  claimNames: ClaimNames = configuredClaimNames(),
): Promise<IdentityProvider> {
  const { privateJwk, publicJwk } = await loadOrCreateKeys(dataDir);
  const privateKey = await importJWK(privateJwk, algorithm);
  const verifier = oidcVerifier({ issuer, audience: [localAudience] });
  return {
    issuer,
    audience: localAudience,
    claimNames,
    discovery: discoveryDocument(issuer, claimNames),
    jwks: { keys: [publicJwk] },
    issueToken(user) {
      return new SignJWT({
        [claimNames.username]: user.username,
        [claimNames.groups]: [user.role],
        ...(user.associationId ? { [claimNames.association]: user.associationId } : {}),
        ...(user.federationId ? { [claimNames.federation]: user.federationId } : {}),
        name: user.displayName,
      })
        .setProtectedHeader({ alg: algorithm, kid: keyId, typ: 'JWT' })
        .setSubject(user.username)
        .setIssuer(issuer)
        .setAudience(localAudience)
        .setIssuedAt()
        .setExpirationTime(tokenLifetime)
        .sign(privateKey);
    },
    verify: (token) => verifier.verify(token),
  };
}

/**
 * API Gateway hands claims to the Lambda as strings; arrays become "[a b]". Doing the same
 * here keeps the local path honest.
 */
export function claimsAsAuthorizerPassesThem(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : String(value),
    ]),
  );
}
