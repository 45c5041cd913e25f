/**
 * A per-client request counter for public pages: one item per client per minute, counted with
 * an atomic ADD and removed by TTL. It is not business state, so a GET that counts still
 * changes nothing a treasurer or a farmer can see.
 *   RATE#<scope>#<sha256(client ip)>  <yyyy-mm-ddThh:mm>   hits, expiresAt
 * Why DynamoDB and not a token bucket in memory: Lambda runs many containers at once and
 * starts fresh ones at will, so an in-memory bucket would give each container (and each cold
 * start) its own allowance; the counter item is shared by all of them. The client's address
 * is kept only as a hash, and only for two minutes.
 */
import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client.ts';
import { countFrom } from './numbers.ts';

export const rateLimitKeyPrefix = 'RATE#';

export interface RateDecision {
  allowed: boolean;
  hits: number;
  /** Seconds until the current window ends. */
  retryAfterSeconds: number;
}

export async function countRequest(
  store: Store,
  request: { scope: string; client: string; now: Date; limitPerMinute: number },
): Promise<RateDecision> {
  const clientHash = createHash('sha256').update(request.client).digest('hex').slice(0, 32);
  const minute = request.now.toISOString().slice(0, 16);
  const windowEnd = Date.parse(`${minute}:00.000Z`) + 60_000;
  const { Attributes } = await store.db.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: { PK: `${rateLimitKeyPrefix}${request.scope}#${clientHash}`, SK: minute },
      UpdateExpression: 'ADD hits :one SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
      ExpressionAttributeValues: { ':one': 1, ':expiresAt': Math.floor(windowEnd / 1000) + 60 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const hits = countFrom(Attributes?.hits);
  return {
    allowed: hits <= request.limitPerMinute,
    hits,
    retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - request.now.getTime()) / 1000)),
  };
}
