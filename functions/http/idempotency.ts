/**
 * The Idempotency-Key header: required on money-moving POSTs, kept by the client across
 * retries. The request's hash tells a true retry from a different request under the same key.
 */
import { createHash } from 'node:crypto';
import { HttpProblem } from './problem.ts';
import type { HttpRequest } from './area-handler.ts';

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

export function idempotencyOf(
  request: HttpRequest<unknown, unknown, unknown>,
  scope: string,
  options: { required: boolean } = { required: true },
): { scope: string; key: string; requestHash: string } | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined || key === '') {
    if (!options.required) return undefined;
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
  const requestHash = createHash('sha256')
    .update(`${request.event.routeKey}\n${request.event.rawPath}\n${canonicalJson(request.body)}`)
    .digest('hex');
  return { scope, key, requestHash };
}
