/** Who is signed in: the token and what the console reads from it. Pure. */
import { cognitoClaimNames, type ClaimNames } from './config.ts';
import type { KeyValueStorage } from './outbox.ts';

export const roles = ['treasurer', 'supervisor', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface SessionUser {
  username: string;
  displayName: string;
  role: Role;
  associationId?: string;
  federationId?: string;
}

export interface Session {
  token: string;
  user: SessionUser;
  /** Seconds since the epoch, from the token's exp. */
  expiresAt?: number;
}

/**
 * The user of an ID token, by the configured claim names (Cognito's by default; local tokens
 * carry the same claims).
 */
export function userFromClaims(
  claims: Record<string, unknown>,
  names: ClaimNames = cognitoClaimNames,
): SessionUser | undefined {
  const username = claims[names.username] ?? claims.sub;
  if (typeof username !== 'string' || !username) return undefined;
  const raw = claims[names.groups];
  const groups = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,[\]]+/) : [];
  const role = roles.find((r) => groups.includes(r));
  if (!role) return undefined;
  const text = (name: string) => {
    const value = claims[name];
    return typeof value === 'string' && value ? value : undefined;
  };
  return {
    username,
    displayName: text('name') ?? username,
    role,
    associationId: text(names.association),
    federationId: text(names.federation),
  };
}

const sessionKey = 'huzhu.session.v1';

/** The session lives in sessionStorage: closing the tab signs out, the outbox stays. */
export function loadSession(storage: KeyValueStorage, nowSeconds: number): Session | undefined {
  try {
    const session = JSON.parse(storage.getItem(sessionKey) ?? 'null') as Session | null;
    if (!session?.token || !session.user) return undefined;
    if (session.expiresAt !== undefined && session.expiresAt <= nowSeconds) return undefined;
    return session;
  } catch {
    return undefined;
  }
}

export function saveSession(
  storage: KeyValueStorage & { removeItem(key: string): void },
  session: Session | undefined,
): void {
  if (session) storage.setItem(sessionKey, JSON.stringify(session));
  else storage.removeItem(sessionKey);
}
