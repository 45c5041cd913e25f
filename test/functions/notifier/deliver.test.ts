import { describe, expect, it } from 'vitest';
import { defaultLeaseMs, deliver, deliverWithRetry } from '../../../functions/notifier/deliver.ts';
import { PermanentSendError } from '../../../functions/notifier/sms-sender.ts';
import {
  createStreamHandler,
  outboxMessageIdOf,
} from '../../../functions/notifier/stream-handler.ts';
import { setReminderOptOut } from '../../../functions/store/message-preferences.ts';
import { loadOutboxMessage, requestRedrive } from '../../../functions/store/outbox.ts';
import { useLocalSystem } from '../../support/local-system.ts';
import {
  aid,
  householdIdNumber,
  loanWithLink,
  putMember,
} from '../farmer-page/loan-page-fixtures.ts';
import {
  deps,
  fakeClock,
  fakeSender,
  insertRecord,
  reminderContent,
  streamEvent,
  watchedStore,
  writeMessage,
} from './notifier-fixtures.ts';

const api = useLocalSystem({ seed: ['zhuyang-01'], notifier: false });
let households = 0;

/** A household with a loan and its link state; the message is about that loan. */
async function household() {
  households += 1;
  const mid = `m8${String(households).padStart(3, '0')}`;
  const fixture = await loanWithLink(api.system.store, { lid: `loan-sms-${households}`, mid });
  return { mid, lid: fixture.loan.id, member: fixture.member };
}

describe('the notifier delivers outbox messages', () => {
  it('sends to the current phone, with a fresh link that opens the page, and marks it sent', async () => {
    const { store } = api.system;
    const { mid, lid } = await household();
    const message = await writeMessage(store, { memberId: mid, loanId: lid });
    const sender = fakeSender();
    const result = await deliver(deps(store, sender), message.id);

    expect(result.outcome).toBe('sent');
    expect(sender.delivered).toHaveLength(1);
    const sms = sender.delivered[0]!;
    expect(sms).toMatchObject({ to: '13800000001', messageId: message.id });
    expect(sms.text).toMatch(
      /^【竹垟村资金互助会】雷\*山：已收到您2024年2月29日还款¥3,151\.49，剩余本金¥9,088\.51，下期3月31日应还¥3,151\.49。详情：http:\/\/localhost:3000\/s\/[A-Za-z0-9_-]{22}$/,
    );
    expect(sms.text).not.toContain(householdIdNumber);
    const token = sms.text.slice(-22);
    expect((await api.request('GET', `/s/${token}`)).status).toBe(200);

    const stored = await loadOutboxMessage(store, message.id);
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, to: '13800000001', segments: 2 });
    // What is kept has the token hidden: the token lives only in the SMS.
    expect(stored?.text).toBe(sms.text.replace(token, '…'));
  });

  it('a send that fails twice then succeeds reaches the provider three times, delivers once, marks once', async () => {
    const { mid, lid } = await household();
    const watched = watchedStore(api.system.store);
    const message = await writeMessage(watched.store, { memberId: mid, loanId: lid });
    const sender = fakeSender({ failures: 2 });

    const result = await deliverWithRetry(deps(watched.store, sender), message.id);
    expect(result.outcome).toBe('sent');
    expect(sender.calls).toHaveLength(3);
    expect(sender.delivered).toHaveLength(1);
    expect(watched.count('mark-sent')).toBe(1);
    expect(await loadOutboxMessage(watched.store, message.id)).toMatchObject({
      status: 'sent',
      attempts: 3,
      lastError: undefined,
    });
  });

  it('the same stream record delivered twice sends once', async () => {
    const { store } = api.system;
    const { mid, lid } = await household();
    const message = await writeMessage(store, { memberId: mid, loanId: lid });
    const sender = fakeSender();
    const handler = createStreamHandler(() => deps(store, sender));
    const event = streamEvent(insertRecord(message.id, '200'));

    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(sender.delivered).toHaveLength(1);
  });

  it('a crash between the send and the mark repeats that message once at most, and never loses it', async () => {
    const { mid, lid } = await household();
    const watched = watchedStore(api.system.store);
    const clock = fakeClock();
    const message = await writeMessage(watched.store, { memberId: mid, loanId: lid });
    let crashes = 0;
    const sender = fakeSender({ afterSend: () => crashes++ === 0 && watched.crash() });

    // The provider takes the message, then the notifier dies before it can mark it.
    await expect(deliver(deps(watched.store, sender, clock), message.id)).rejects.toThrow(
      'the notifier died',
    );
    expect(sender.delivered).toHaveLength(1);
    watched.recover();
    expect(await loadOutboxMessage(watched.store, message.id)).toMatchObject({
      status: 'sending',
    });

    // Lambda retries the record at once: the dead sender's lease still holds it, so nothing
    // is sent and the record is reported failed, to come back later.
    const handler = createStreamHandler(() => deps(watched.store, sender, clock));
    const record = insertRecord(message.id, '300');
    const soon = await handler(streamEvent(record), {
      getRemainingTimeInMillis: () => 1_000,
    } as never);
    expect(soon).toEqual({ batchItemFailures: [{ itemIdentifier: '300' }] });
    expect(sender.delivered).toHaveLength(1);

    // With time to wait out the lease, the retry takes the message over and sends it again.
    const later = await handler(streamEvent(record), {
      getRemainingTimeInMillis: () => defaultLeaseMs + 60_000,
    } as never);
    expect(later).toEqual({ batchItemFailures: [] });
    expect(sender.delivered).toHaveLength(2);
    expect(await loadOutboxMessage(watched.store, message.id)).toMatchObject({
      status: 'sent',
      attempts: 2,
    });

    // From then on it is done: any further record sends nothing.
    clock.advance(defaultLeaseMs * 2);
    expect(await handler(streamEvent(record))).toEqual({ batchItemFailures: [] });
    expect(sender.delivered).toHaveLength(2);
  });

  it('a message the provider keeps refusing stays pending, is reported failed, and a redrive sends it', async () => {
    const { store } = api.system;
    const { mid, lid } = await household();
    const message = await writeMessage(store, { memberId: mid, loanId: lid });
    const sender = fakeSender();
    sender.failForever();
    const clock = fakeClock();
    const handler = createStreamHandler(() => deps(store, sender, clock));

    expect(await handler(streamEvent(insertRecord(message.id, '400')))).toEqual({
      batchItemFailures: [{ itemIdentifier: '400' }],
    });
    expect(sender.calls).toHaveLength(3);
    const waiting = await loadOutboxMessage(store, message.id);
    expect(waiting).toMatchObject({
      status: 'pending',
      attempts: 3,
      lastError: 'provider unavailable',
    });

    // The stream gives up on the record (DLQ); the daily job asks for a redrive.
    const asked = await requestRedrive(store, {
      now: Date.now() + 20 * 60_000,
      olderThanMs: 15 * 60_000,
    });
    expect(asked).toContain(message.id);
    const redrive = {
      ...insertRecord(message.id, '401'),
      eventName: 'MODIFY' as const,
    };
    redrive.dynamodb!.NewImage!.redriveRequestedAt = { S: new Date().toISOString() };
    expect(outboxMessageIdOf(redrive)).toBe(message.id);

    const working = fakeSender();
    const retry = createStreamHandler(() => deps(store, working, clock));
    expect(await retry(streamEvent(redrive))).toEqual({ batchItemFailures: [] });
    expect(working.delivered).toHaveLength(1);
  });

  it('ignores stream records that are not new messages', () => {
    const record = insertRecord('x');
    expect(outboxMessageIdOf({ ...record, eventName: 'MODIFY' })).toBeUndefined();
    expect(outboxMessageIdOf({ ...record, eventName: 'REMOVE' })).toBeUndefined();
    expect(
      outboxMessageIdOf({
        ...record,
        dynamodb: { ...record.dynamodb, Keys: { PK: { S: 'ASSOC#a' }, SK: { S: 'META' } } },
      }),
    ).toBeUndefined();
  });

  it('a changed phone number takes effect for the next message', async () => {
    const { store } = api.system;
    const { mid, lid, member } = await household();
    const message = await writeMessage(store, { memberId: mid, loanId: lid });
    await putMember(store, { ...member, mobile: '13900000009', version: member.version + 1 });
    const sender = fakeSender();
    await deliver(deps(store, sender), message.id);
    expect(sender.delivered[0]?.to).toBe('13900000009');
  });

  it('skips reminders for a household that opted out, but still sends its receipts', async () => {
    const { store } = api.system;
    const { mid, lid } = await household();
    await setReminderOptOut(store, aid, mid, true, new Date());
    const reminder = await writeMessage(store, { memberId: mid, loanId: lid }, reminderContent);
    const receipt = await writeMessage(store, { memberId: mid, loanId: lid });
    const sender = fakeSender();
    expect(await deliver(deps(store, sender), reminder.id)).toEqual({
      outcome: 'skipped',
      reason: 'reminders-opted-out',
    });
    expect((await deliver(deps(store, sender), receipt.id)).outcome).toBe('sent');
    expect(sender.delivered.map((sms) => sms.messageId)).toEqual([receipt.id]);
    expect(await loadOutboxMessage(store, reminder.id)).toMatchObject({ status: 'skipped' });
  });

  it('finishes as undeliverable what cannot be sent: no member, a number the provider refuses', async () => {
    const { store } = api.system;
    const orphan = await writeMessage(store, { memberId: 'm-nobody' });
    expect(await deliver(deps(store, fakeSender()), orphan.id)).toEqual({
      outcome: 'undeliverable',
      reason: 'member-not-found',
    });

    const { mid, lid } = await household();
    const refused = await writeMessage(store, { memberId: mid, loanId: lid });
    const sender = {
      send: async () => {
        throw new PermanentSendError('InvalidParameterException');
      },
    };
    expect((await deliver(deps(store, sender), refused.id)).outcome).toBe('undeliverable');
    expect(await loadOutboxMessage(store, refused.id)).toMatchObject({
      status: 'undeliverable',
      reason: 'provider-refused: InvalidParameterException',
    });
  });

  it('sends without a link once the loan has none (no link state)', async () => {
    const { store } = api.system;
    const { mid, member } = await household();
    await putMember(store, { ...member, id: `${mid}x` });
    const message = await writeMessage(store, { memberId: `${mid}x`, loanId: 'no-such-loan' });
    const sender = fakeSender();
    await deliver(deps(store, sender), message.id);
    expect(sender.delivered[0]?.text).not.toContain('详情');
  });
});
