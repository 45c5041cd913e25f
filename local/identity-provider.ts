/**
 * The local identity provider: a key pair, a JWKS, and ID tokens shaped like Cognito's, so
 * that handlers see the same claims on a laptop as behind the cloud's JWT authorizer.
 * The key pair lives with the data, so tokens survive a restart of a persistent store.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  SignJWT,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTPayload,
} from 'jose';
import { claimNames } from '../functions/http/identity.ts';
import type { DemoUser } from './demo-federation.ts';

export const localAudience = 'huzhu-local';
const algorithm = 'ES256';
const keyId = 'huzhu-local-1';
const tokenLifetime = '8h';

export interface IdentityProvider {
  issuer: string;
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

export async function createIdentityProvider(
  issuer: string,
  dataDir?: string,
): Promise<IdentityProvider> {
  const { privateJwk, publicJwk } = await loadOrCreateKeys(dataDir);
  const privateKey = await importJWK(privateJwk, algorithm);
  const jwks = { keys: [publicJwk] };
  const keySet = createLocalJWKSet(jwks);
  return {
    issuer,
    jwks,
    issueToken(user) {
      return new SignJWT({
        [claimNames.username]: user.username,
        [claimNames.groups]: [user.role],
        ...(user.associationId ? { [claimNames.association]: user.associationId } : {}),
        ...(user.federationId ? { [claimNames.federation]: user.federationId } : {}),
        name: user.displayName,
        token_use: 'id',
      })
        .setProtectedHeader({ alg: algorithm, kid: keyId })
        .setSubject(user.username)
        .setIssuer(issuer)
        .setAudience(localAudience)
        .setIssuedAt()
        .setExpirationTime(tokenLifetime)
        .sign(privateKey);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keySet, { issuer, audience: localAudience });
        return payload;
      } catch {
        return undefined;
      }
    },
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
