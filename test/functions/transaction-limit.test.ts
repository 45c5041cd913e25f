/**
 * One operation is one TransactWriteItems, at most 100 items. The store counts what it would
 * write and refuses by name before sending anything; a 调剂 plan is refused when proposed if
 * its approval could not be one transaction.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../functions/store/client.ts';
import { approvalItemCount, requireApprovable } from '../../functions/store/federation.ts';
import { newItemWrite } from '../../functions/store/guarded-writes.ts';
import { transactionItemLimit, writeOnce } from '../../functions/store/write-once.ts';
import { refusalOf } from '../support/refusal.ts';

/** A store that fails the test if anything is sent to it. */
const untouchable = {
  tableName: 'huzhu',
  db: {
    send: () => {
      throw new Error('nothing may be sent');
    },
  },
} as unknown as Store;

describe('one transaction', () => {
  it('refuses an operation of more than 100 writes before sending any', async () => {
    const writes = Array.from({ length: transactionItemLimit + 1 }, (_, i) =>
      newItemWrite('huzhu', { PK: `T#${i}`, SK: 'T' }),
    );
    const refused = await writeOnce(untouchable, {
      reads: [],
      decide: () => ({ writes, response: { status: 201, body: {} } }),
    }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'OPERATION_TOO_LARGE', details: { items: 101 } });
  });

  it('refuses a 调剂 plan whose approval would not fit, and counts the largest demo plan', () => {
    // 12 lenders and 12 borrowers matched exactly: 12 transfers over 24 associations.
    const transfers = Array.from({ length: 12 }, (_, i) => ({ from: `l-${i}`, to: `b-${i}` }));
    const refusal = refusalOf(() => requireApprovable(transfers));
    expect(refusal.code).toBe('PLAN_TOO_LARGE');
    expect(refusal.details).toEqual({ transfers: 12, items: 134, limit: 100 });
    // The demo federation at its largest: 10 associations, at most 9 transfers.
    const demo = Array.from({ length: 9 }, (_, i) => ({ from: 'a', to: `b${i}` }));
    expect(approvalItemCount(demo)).toBe(61);
    expect(() => requireApprovable(demo)).not.toThrow();
  });
});
