/**
 * The notifier's core: deliver one outbox message. Used by the DynamoDB-stream Lambda in the
 * cloud and by the local loop.
 *
 * One attempt:
 *   1. read the message; finished → nothing to do; held by a live lease → 'in-flight';
 *   2. read the recipient as it is now (phone, name, opt-out, association, link state);
 *   3. claim it: status 'sending' with a lease (leaseId, leaseUntil), and the link token for
 *      this message, in one transaction conditioned on the message being free;
 *   4. send through the SmsSender;
 *   5. mark it 'sent', conditioned on our lease, so it is marked once.
 * A send that fails puts the message back to 'pending' (release) and throws DeliveryFailed:
 * the caller retries with backoff. Nothing deletes a message: it stays in the table until it
 * is sent, skipped (reminder to a household that opted out) or undeliverable (no member, no
 * valid number, the provider refused it for good).
 *
 * The guarantee, at least once and at most twice:
 * - never lost: a message leaves 'pending'/'sending' only by being marked after the
 *   provider accepted it, or finished as skipped/undeliverable; a sender that dies holding it
 *   leaves a lease that runs out, and the next attempt takes it over;
 * - never sent twice by two live senders: the claim is conditional, and the lease (30 s) is
 *   longer than one attempt can take (the provider call is bounded at 5 s, twice);
 * - the one repeat: a sender that dies AFTER the provider accepted and BEFORE the mark
 *   leaves a message that looks unsent; the next attempt sends it again, once. Each such
 *   crash costs at most one repeat; a provider that takes an idempotency key (the message id,
 *   passed to every adapter) would drop even that one.
 * - a mark that fails on a live sender (DynamoDB throttling) is retried under the same lease
 *   before giving up, so only a real crash (or a lost database) can cause the repeat.
 */
import { randomUUID } from 'node:crypto';
import { isValidMobile } from '#domain/members/household.ts';
import {
  isReminder,
  renderMessage,
  smsSignature,
  type RenderedMessage,
} from '#domain/messages/templates.ts';
import { templateFor } from '#domain/messages/registered-templates.ts';
import { todayInShanghai } from '#api/today.ts';
import type { Store } from '../store/client.ts';
import {
  hideLinkTokens,
  issueLinkItems,
  linkIsLive,
  linkUrl,
  type IssuedLink,
} from '../store/loan-links.ts';
import {
  claimMessage,
  finishUnsent,
  loadOutboxMessage,
  markSent,
  releaseMessage,
  type StoredMessage,
} from '../store/outbox.ts';
import { loadRecipient } from '../store/recipients.ts';
import { PermanentSendError, type SmsSender } from './sms-sender.ts';

export interface NotifierDeps {
  store: Store;
  sender: SmsSender;
  /** Where the farmer page is served: https://hz.example.cn (no trailing /s/). */
  linkBaseUrl: string;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** How long a claim holds a message: longer than one attempt can take. */
  leaseMs?: number;
}

export type DeliveryOutcome =
  | { outcome: 'sent'; text: string; segments: number }
  | { outcome: 'already-done' }
  | { outcome: 'skipped' | 'undeliverable'; reason: string }
  | { outcome: 'in-flight'; leaseUntil: number }
  | { outcome: 'missing' };

/** A send failed; the message is pending again and waits for `nextAttemptAt`. */
export class DeliveryFailed extends Error {
  constructor(
    readonly messageId: string,
    readonly nextAttemptAt: number,
    cause: unknown,
  ) {
    super(`delivery of ${messageId} failed: ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
    this.name = 'DeliveryFailed';
  }
}

export const defaultLeaseMs = 30_000;
const finished = new Set(['sent', 'skipped', 'undeliverable']);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** When the local loop may try a failed message again: 10 s, 20 s, 40 s … up to 10 minutes. */
export function nextAttemptDelayMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 600_000);
}

function busy(message: StoredMessage, now: number): DeliveryOutcome | undefined {
  if (finished.has(message.status)) return { outcome: 'already-done' };
  if (message.status === 'sending' && (message.leaseUntil ?? 0) >= now) {
    return { outcome: 'in-flight', leaseUntil: message.leaseUntil ?? now };
  }
  return undefined;
}

async function markWithRetries(
  deps: NotifierDeps,
  message: StoredMessage,
  leaseId: string,
  record: Parameters<typeof markSent>[3],
): Promise<void> {
  const sleep = deps.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await markSent(deps.store, message.id, leaseId, record);
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      await sleep(100 * 2 ** attempt);
    }
  }
}

/** A fresh token for this message, to be issued in the claim's own transaction. */
function freshLink(
  deps: NotifierDeps,
  state: Awaited<ReturnType<typeof loadRecipient>>['linkState'],
  messageId: string,
  issuedAt: Date,
): { link?: string; linkToken?: string; linkItems: IssuedLink['items'] } {
  if (!state || !linkIsLive(state, todayInShanghai(issuedAt))) return { linkItems: [] };
  const issued = issueLinkItems(deps.store.tableName, state, { issuedAt, messageId });
  return {
    link: linkUrl(deps.linkBaseUrl, issued.token),
    linkToken: issued.token,
    linkItems: issued.items,
  };
}

/** One delivery attempt (see the file comment). */
export async function deliver(deps: NotifierDeps, messageId: string): Promise<DeliveryOutcome> {
  const clock = deps.now ?? (() => new Date());
  const started = clock();
  const now = started.getTime();
  const message = await loadOutboxMessage(deps.store, messageId);
  if (!message) return { outcome: 'missing' };
  const taken = busy(message, now);
  if (taken) return taken;

  const recipient = await loadRecipient(deps.store, message);
  const finishWithout = async (
    status: 'skipped' | 'undeliverable',
    reason: string,
    leaseId?: string,
  ): Promise<DeliveryOutcome> => {
    const done = await finishUnsent(
      deps.store,
      message.id,
      { status, reason, at: started.toISOString() },
      now,
      leaseId,
    );
    if (done) return { outcome: status, reason };
    const again = await loadOutboxMessage(deps.store, message.id);
    return (again && busy(again, now)) ?? { outcome: 'already-done' };
  };
  const { member, association } = recipient;
  if (!association) return finishWithout('undeliverable', 'association-not-found');
  if (!member) return finishWithout('undeliverable', 'member-not-found');
  if (!isValidMobile(member.mobile)) return finishWithout('undeliverable', 'no-valid-mobile');
  if (isReminder(message.content.template) && recipient.preference.remindersOptOut) {
    return finishWithout('skipped', 'reminders-opted-out');
  }

  const { link, linkToken, linkItems } = freshLink(deps, recipient.linkState, message.id, started);
  const rendered: RenderedMessage = renderMessage(message.content, {
    signature: smsSignature(association),
    householdName: member.name,
    treasurerPhone: association.treasurerPhone,
    link,
  });

  const lease = { leaseId: randomUUID(), leaseUntil: now + (deps.leaseMs ?? defaultLeaseMs) };
  const claim = await claimMessage(deps.store, message.id, lease, now, linkItems);
  if (claim === 'busy') {
    const again = await loadOutboxMessage(deps.store, message.id);
    return (again && busy(again, now)) ?? { outcome: 'already-done' };
  }
  const attempts = message.attempts + 1;
  if (claim === 'conflict') {
    // The link was revoked as we issued it: nothing was claimed; try again on fresh reads.
    throw new DeliveryFailed(message.id, now, new Error('link state changed'));
  }

  let providerMessageId: string | undefined;
  try {
    ({ providerMessageId } = await deps.sender.send({
      to: member.mobile,
      text: rendered.text,
      messageId: message.id,
      // The same facts as a registered template, for providers that take no free text.
      template: templateFor(message.content, {
        householdName: member.name,
        treasurerPhone: association.treasurerPhone,
        linkToken,
      }).message,
    }));
  } catch (error) {
    if (error instanceof PermanentSendError) {
      return finishWithout('undeliverable', `provider-refused: ${error.message}`, lease.leaseId);
    }
    const nextAttemptAt = clock().getTime() + nextAttemptDelayMs(attempts);
    await releaseMessage(deps.store, message.id, lease.leaseId, {
      error: (error as Error)?.message ?? String(error),
      nextAttemptAt,
    });
    throw new DeliveryFailed(message.id, nextAttemptAt, error);
  }

  await markWithRetries(deps, message, lease.leaseId, {
    sentAt: clock().toISOString(),
    to: member.mobile,
    text: hideLinkTokens(rendered.text),
    segments: rendered.segments,
    providerMessageId,
  });
  return { outcome: 'sent', text: rendered.text, segments: rendered.segments };
}

/**
 * Delivers with retries inside one invocation: a failed send is tried again after 0.5 s and
 * 2 s; a message held by a lease that runs out before `deadline` is waited for (the sender
 * holding it died). What is still not done is the caller's to retry later.
 */
export async function deliverWithRetry(
  deps: NotifierDeps,
  messageId: string,
  options: { maxAttempts?: number; deadline?: number } = {},
): Promise<DeliveryOutcome> {
  const sleep = deps.sleep ?? defaultSleep;
  const clock = deps.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt += 1) {
    let result: DeliveryOutcome;
    try {
      result = await deliver(deps, messageId);
    } catch (error) {
      if (!(error instanceof DeliveryFailed) || attempt >= maxAttempts) throw error;
      await sleep(500 * 4 ** (attempt - 1));
      continue;
    }
    if (result.outcome !== 'in-flight' || attempt >= maxAttempts) return result;
    const wait = result.leaseUntil - clock().getTime() + 50;
    if (options.deadline === undefined || clock().getTime() + wait > options.deadline) {
      return result;
    }
    await sleep(wait);
  }
}
