/**
 * Collects delivery receipts (回执) from the provider and records them on the outbox: a
 * scheduled job in the China target, a call in tests. A failed receipt is recorded with the
 * carrier's code and not sent again: the provider accepted the message once, and a second
 * send is the one repeat deliver.ts allows only for a crash.
 */
import type { Store } from '../store/client.ts';
import { listAwaitingReceipt, recordReceipt } from '../store/sms-receipts.ts';
import type { SmsSender } from './sms-sender.ts';

/** How far back receipts are asked for: carriers report within hours, Aliyun keeps 30 days. */
export const receiptWindowMs = 3 * 24 * 3_600_000;

export async function collectReceipts(deps: {
  store: Store;
  sender: SmsSender;
  now?: () => Date;
}): Promise<{ delivered: number; failed: number }> {
  const counts = { delivered: 0, failed: 0 };
  if (!deps.sender.receipts) return counts;
  const now = (deps.now ?? (() => new Date()))().getTime();
  const since = new Date(now - receiptWindowMs).toISOString();
  const awaiting = await listAwaitingReceipt(deps.store, since);
  if (awaiting.length === 0) return counts;
  const known = new Set(awaiting.map((message) => message.messageId));
  for (const receipt of await deps.sender.receipts(awaiting)) {
    // A report about a message outside the window (or another system's) is not ours to record.
    if (!known.has(receipt.messageId)) continue;
    if (await recordReceipt(deps.store, receipt))
      counts[receipt.delivered ? 'delivered' : 'failed'] += 1;
  }
  return counts;
}
