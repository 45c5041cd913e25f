/**
 * The Idempotency-Key header: required on money-moving POSTs, kept by the client across
 * retries. The request's hash tells a true retry from a different request under the same key.
 *
 * A key is the caller's own: its record is named by the caller (the token's username) as well
 * as the key, so the same key sent by anyone else is simply another record: it replays nothing
 * and reveals nothing. The request's hash holds the method and path, so a record replays only
 * on the route that wrote it (the same caller's key on another route is 422). The caller's
 * scope is checked before any replay (store/write-once.ts calls `authorize` first).
 */
import { createHash } from 'node:crypto';
import { at, type ItemRef, type ReadSet } from '../store/read-set.ts';
import type { HttpRequest } from './area-handler.ts';
import { HttpProblem } from './problem.ts';
import { requireFederationScope, requireReadAssociation } from './scope.ts';

const keyPattern = /^[A-Za-z0-9_-]{8,100}$/;

/** JSON with sorted keys, so the same body written in another key order hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Where the record lives and who may reach it: an association, or a federation. */
export type IdempotencyScope =
  | { association: string }
  | {
      federation: string;
      /** Replaces the federation scope check, for a route a treasurer may call too. */
      authorize?: () => void;
    };

export interface Idempotency {
  /** The record: named by the scope, the caller and the client's key. */
  record: ItemRef;
  requestHash: string;
  /** What `authorize` needs read, in the same BatchGetItem as the operation's reads. */
  reads: ItemRef[];
  /** The caller's scope, checked before a stored answer is replayed. */
  authorize(read: ReadSet): void;
}

function scopeOf(request: HttpRequest<unknown, unknown, unknown>, scope: IdempotencyScope) {
  const { identity } = request;
  if ('association' in scope) {
    const aid = scope.association;
    return {
      scope: `ASSOC#${aid}`,
      reads: [at.association(aid)],
      authorize: (read: ReadSet) => void requireReadAssociation(read, aid, identity),
    };
  }
  const fid = scope.federation;
  return {
    scope: `FED#${fid}`,
    reads: [],
    authorize: scope.authorize ?? (() => requireFederationScope(identity, fid)),
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The header's key, checked; a route that moves money cannot run without one. */
export function requireIdempotencyKey(headers: Record<string, string | undefined>): string {
  const key = headers['idempotency-key'];
  if (key === undefined || key === '') {
    throw new HttpProblem({
      status: 400,
      code: 'IDEMPOTENCY_KEY_REQUIRED',
      title:
        '涉及资金的操作必须带 Idempotency-Key 请求头（每笔业务一个新的唯一值，重试时保持不变）',
    });
  }
  if (!keyPattern.test(key)) {
    throw new HttpProblem({
      status: 400,
      code: 'IDEMPOTENCY_KEY_INVALID',
      title: 'Idempotency-Key 必须是 8 到 100 个字母、数字、- 或 _',
    });
  }
  return key;
}

/**
 * The record of the request's Idempotency-Key, or undefined when the key is optional here and
 * none was sent.
 */
export function idempotencyOf(
  request: HttpRequest<unknown, unknown, unknown>,
  scope: IdempotencyScope,
  options: { required: boolean } = { required: true },
): Idempotency | undefined {
  const sent = request.headers['idempotency-key'];
  if (!options.required && (sent === undefined || sent === '')) return undefined;
  const key = requireIdempotencyKey(request.headers);
  const { scope: partition, reads, authorize } = scopeOf(request, scope);
  const { routeKey, rawPath } = request.event;
  return {
    record: at.idempotency(partition, request.identity.username, key),
    requestHash: sha256(`${routeKey}\n${rawPath}\n${canonicalJson(request.body)}`),
    reads,
    authorize,
  };
}
