/**
 * Verifies a bearer token against an OIDC issuer the way API Gateway's JWT authorizer does:
 * it reads <issuer>/.well-known/openid-configuration, takes the keys from its jwks_uri, and
 * accepts a token only when it is signed by one of them, names that issuer, names one of the
 * configured audiences (in `aud`, or `client_id` for an access token) and has not expired.
 * The metadata is fetched once; a failed fetch is tried again on the next token.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface OidcVerifierOptions {
  issuer: string;
  audience: string[];
}

interface IssuerKeys {
  keys: ReturnType<typeof createRemoteJWKSet>;
}

async function discoverKeys(issuer: string): Promise<IssuerKeys> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`OIDC discovery of ${issuer}: HTTP ${response.status}`);
  const metadata = (await response.json()) as { issuer?: string; jwks_uri?: string };
  // OIDC Discovery §4.3: the document must name the issuer it was fetched for.
  if (metadata.issuer !== issuer || !metadata.jwks_uri) {
    throw new Error(`OIDC discovery of ${issuer}: the document names ${metadata.issuer}`);
  }
  return { keys: createRemoteJWKSet(new URL(metadata.jwks_uri)) };
}

function hasAudience(payload: JWTPayload, audience: string[]): boolean {
  const named = [payload.aud ?? []].flat();
  const clientId = (payload as { client_id?: unknown }).client_id;
  if (typeof clientId === 'string') named.push(clientId);
  return named.some((value) => audience.includes(value));
}

export function oidcVerifier(options: OidcVerifierOptions) {
  let discovered: Promise<IssuerKeys> | undefined;
  return {
    async verify(token: string): Promise<JWTPayload | undefined> {
      discovered ??= discoverKeys(options.issuer).catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
      try {
        const { keys } = await discovered;
        // API Gateway refuses a token without an expiry; so does this.
        const { payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          requiredClaims: ['exp'],
        });
        return hasAudience(payload, options.audience) ? payload : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
