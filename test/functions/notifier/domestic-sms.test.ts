/**
 * Issue 20: SMS through 阿里云短信 and 腾讯云短信 with their real SDKs, against local stubs of
 * their HTTP APIs that check the signature scheme (Aliyun RPC, Tencent TC3-HMAC-SHA256). The
 * notifier sends registered templates with parameters, maps the providers' codes (throttling is
 * retried, a rejected template is not), records receipts, and keeps at least once / at most
 * twice when it dies between the provider's acceptance and the mark.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredTemplateIds } from '#domain/messages/registered-templates.ts';
import { aliyunSender } from '../../../functions/notifier/aliyun-sender.ts';
import { defaultLeaseMs, deliver, deliverWithRetry } from '../../../functions/notifier/deliver.ts';
import type { DomesticSmsSettings } from '../../../functions/notifier/domestic-sms.ts';
import { collectReceipts } from '../../../functions/notifier/receipts.ts';
import type { SmsSender } from '../../../functions/notifier/sms-sender.ts';
import { tencentSender } from '../../../functions/notifier/tencent-sender.ts';
import type { Store } from '../../../functions/store/client.ts';
import { loadOutboxMessage } from '../../../functions/store/outbox.ts';
import { useLocalSystem } from '../../support/local-system.ts';
import { loanWithLink } from '../farmer-page/loan-page-fixtures.ts';
import { aliyunKey, startAliyunStub } from './aliyun-stub.ts';
import { deps, fakeClock, watchedStore, writeMessage } from './notifier-fixtures.ts';
import type { ProviderStub } from './provider-stub.ts';
import { loopbackAgent, startTencentStub, tencentHost, tencentKey } from './tencent-stub.ts';

const api = useLocalSystem({ seed: ['zhuyang-01'], notifier: false });

/** What the county registered: docs/sms-templates.md, id → its variables in order. */
const registered = new Map(
  [
    ...readFileSync('docs/sms-templates.md', 'utf8').matchAll(/^\| `([\w-]+)` \| .+ \| (.+) \|$/gm),
  ].map((row) => [row[1]!, row[2]!.split(', ')]),
);

interface Provider {
  name: 'aliyun' | 'tencent';
  start(): Promise<ProviderStub>;
  sender(stub: ProviderStub, secret?: string): SmsSender;
  code(id: string): string;
  refusalCode: string;
  throttleCode: string;
}

const settingsFor = (provider: Provider): DomesticSmsSettings => ({
  provider: provider.name,
  signName: '竹垟资金互助会联合会',
  templateCodes: Object.fromEntries(
    registeredTemplateIds.map((id) => [id, provider.code(id)]),
  ) as DomesticSmsSettings['templateCodes'],
  appId: '1400000001',
});

const providers: Provider[] = [
  {
    name: 'aliyun',
    code: (id) => `SMS_${registeredTemplateIds.indexOf(id as never) + 100000001}`,
    start() {
      return startAliyunStub(new Map([...registered].map(([id, names]) => [this.code(id), names])));
    },
    sender(stub, secret = aliyunKey.accessKeySecret) {
      return aliyunSender(
        settingsFor(this),
        { ...aliyunKey, accessKeySecret: secret },
        { endpoint: `127.0.0.1:${stub.port}`, protocol: 'http' },
      );
    },
    refusalCode: 'isv.SMS_TEMPLATE_ILLEGAL',
    throttleCode: 'isv.BUSINESS_LIMIT_CONTROL',
  },
  {
    name: 'tencent',
    code: (id) => String(registeredTemplateIds.indexOf(id as never) + 2000001),
    start() {
      return startTencentStub(
        new Map([...registered].map(([id, names]) => [this.code(id), names.length])),
      );
    },
    sender(stub, secret = tencentKey.accessKeySecret) {
      return tencentSender(
        settingsFor(this),
        { ...tencentKey, accessKeySecret: secret },
        { endpoint: tencentHost, protocol: 'http://', agent: loopbackAgent(stub.port) },
      );
    },
    refusalCode: 'FailedOperation.TemplateIncorrectOrUnapproved',
    throttleCode: 'LimitExceeded.PhoneNumberThirtySecondLimit',
  },
];

let households = 0;
async function messageAboutALoan(store: Store = api.system.store) {
  households += 1;
  const mid = `m7${String(households).padStart(3, '0')}`;
  const fixture = await loanWithLink(api.system.store, { lid: `loan-dsms-${households}`, mid });
  return writeMessage(store, { memberId: mid, loanId: fixture.loan.id });
}

describe.each(providers)('SMS through $name', (provider) => {
  let stub: ProviderStub;
  let sender: SmsSender;
  beforeAll(async () => {
    stub = await provider.start();
    sender = provider.sender(stub);
  });
  afterAll(() => stub.close());

  it('sends the registered template with its parameters, signed as the provider checks, and marks it sent', async () => {
    const message = await messageAboutALoan();
    const result = await deliver(deps(api.system.store, sender), message.id);
    expect(result.outcome).toBe('sent');
    expect(stub.badSignatures).toBe(0);
    const accepted = stub.accepted.at(-1)!;
    expect(accepted).toMatchObject({
      messageId: message.id,
      signName: '竹垟资金互助会联合会',
      template: provider.code('repayment-with-next'),
    });
    expect(accepted.phone).toMatch(/^(\+86)?13800000001$/);
    expect(accepted.params).toEqual([
      '雷*山',
      '2024年2月29日',
      '¥3,151.49',
      '¥9,088.51',
      '3月31日',
      '¥3,151.49',
      expect.stringMatching(/^[\w-]{22}$/),
    ]);
    // The token sent is a live link: it opens the farmer's page.
    expect((await api.request('GET', `/s/${accepted.params.at(-1)}`)).status).toBe(200);
    expect(await loadOutboxMessage(api.system.store, message.id)).toMatchObject({
      status: 'sent',
      providerMessageId: accepted.providerMessageId,
    });
  });

  it('is refused when the request is signed with another secret', async () => {
    const message = await messageAboutALoan();
    const before = stub.badSignatures;
    await expect(
      deliver(deps(api.system.store, provider.sender(stub, 'not-the-secret')), message.id),
    ).rejects.toThrow(/Signature/);
    expect(stub.badSignatures).toBe(before + 1);
    expect(await loadOutboxMessage(api.system.store, message.id)).toMatchObject({
      status: 'pending',
    });
  });

  it('retries a throttled send and delivers it once; never retries a rejected template', async () => {
    const throttled = await messageAboutALoan();
    stub.answerNext('throttled');
    const sent = stub.accepted.length;
    expect((await deliverWithRetry(deps(api.system.store, sender), throttled.id)).outcome).toBe(
      'sent',
    );
    expect(stub.accepted.length).toBe(sent + 1);
    expect(await loadOutboxMessage(api.system.store, throttled.id)).toMatchObject({
      status: 'sent',
      attempts: 2,
    });

    const rejected = await messageAboutALoan();
    stub.answerNext('template-rejected');
    const result = await deliverWithRetry(deps(api.system.store, sender), rejected.id);
    expect(result).toMatchObject({
      outcome: 'undeliverable',
      reason: expect.stringContaining(provider.refusalCode),
    });
    expect(stub.accepted.length).toBe(sent + 1);
    expect(await loadOutboxMessage(api.system.store, rejected.id)).toMatchObject({
      status: 'undeliverable',
      attempts: 1,
    });
  });

  it('records the carriers’ receipts: delivered, or failed with the carrier’s code, once', async () => {
    const { store } = api.system;
    const [good, bad] = [await messageAboutALoan(), await messageAboutALoan()];
    for (const message of [good, bad]) await deliver(deps(store, sender), message.id);
    stub.report(good.id, { delivered: true, code: 'DELIVERED' });
    stub.report(bad.id, { delivered: false, code: 'MK:0001' });

    const counts = await collectReceipts({ store, sender });
    expect(counts.delivered).toBeGreaterThanOrEqual(1);
    expect(counts.failed).toBe(1);
    const item = async (id: string) =>
      (
        await store.db.send(
          new (await import('@aws-sdk/lib-dynamodb')).GetCommand({
            TableName: store.tableName,
            Key: { PK: `OUTBOX#${id}`, SK: 'MSG' },
          }),
        )
      ).Item;
    expect(await item(good.id)).toMatchObject({ status: 'sent', receipt: 'delivered' });
    expect(await item(bad.id)).toMatchObject({
      status: 'sent',
      receipt: 'failed',
      receiptCode: 'MK:0001',
    });
    // A failed receipt is not a reason to send again; asking again records nothing new.
    expect(await collectReceipts({ store, sender })).toEqual({ delivered: 0, failed: 0 });
  });

  it('a crash between the provider’s acceptance and the mark sends that message twice at most, and loses nothing', async () => {
    const watched = watchedStore(api.system.store);
    const clock = fakeClock();
    const message = await messageAboutALoan(watched.store);
    const accepted = () => stub.accepted.filter((sms) => sms.messageId === message.id).length;
    stub.onAccepted = () => {
      stub.onAccepted = undefined;
      watched.crash();
    };
    await expect(deliver(deps(watched.store, sender, clock), message.id)).rejects.toThrow(
      'the notifier died',
    );
    watched.recover();
    expect(accepted()).toBe(1);
    expect(await loadOutboxMessage(watched.store, message.id)).toMatchObject({ status: 'sending' });

    // While the dead sender's lease holds, nothing is sent; after it, one more send and the mark.
    expect(await deliver(deps(watched.store, sender, clock), message.id)).toMatchObject({
      outcome: 'in-flight',
    });
    clock.advance(defaultLeaseMs + 1);
    expect((await deliver(deps(watched.store, sender, clock), message.id)).outcome).toBe('sent');
    expect((await deliver(deps(watched.store, sender, clock), message.id)).outcome).toBe(
      'already-done',
    );
    expect(accepted()).toBe(2);
    expect(await loadOutboxMessage(watched.store, message.id)).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });
});
