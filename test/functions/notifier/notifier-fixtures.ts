/** A fake SMS provider, a store that can crash, stream records, and messages to deliver. */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { MessageContent } from '#domain/messages/templates.ts';
import { Money } from '#domain/money.ts';
import type { NotifierDeps } from '../../../functions/notifier/deliver.ts';
import type { Sms, SmsSender } from '../../../functions/notifier/sms-sender.ts';
import type { Store } from '../../../functions/store/client.ts';
import { outboxWrite, type OutboxMessage } from '../../../functions/store/outbox.ts';
import { aid } from '../farmer-page/loan-page-fixtures.ts';

/** Records every call; `failures` makes the first calls throw; `delivered` are the ones that went. */
export function fakeSender(options: { failures?: number; afterSend?: () => void } = {}) {
  const calls: Sms[] = [];
  const delivered: Sms[] = [];
  let failuresLeft = options.failures ?? 0;
  const sender: SmsSender & { calls: Sms[]; delivered: Sms[]; failForever(): void } = {
    calls,
    delivered,
    failForever() {
      failuresLeft = Number.POSITIVE_INFINITY;
    },
    async send(sms) {
      calls.push(sms);
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw Object.assign(new Error('provider unavailable'), { name: 'ServiceUnavailable' });
      }
      delivered.push(sms);
      options.afterSend?.();
      return { providerMessageId: `fake-${delivered.length}` };
    },
  };
  return sender;
}

/**
 * The real store, watched: counts commands by a label, and once `crash()` is called every
 * write fails, as if the process had died right there.
 */
export function watchedStore(real: Store) {
  const counts = new Map<string, number>();
  let crashed = false;
  const store: Store = {
    tableName: real.tableName,
    db: {
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const name = command.constructor.name;
        const update = String(command.input.UpdateExpression ?? '');
        const label = update.includes('#status = :sent,') ? 'mark-sent' : name;
        counts.set(label, (counts.get(label) ?? 0) + 1);
        if (crashed && !/^(Get|BatchGet|Query)Command$/.test(name)) {
          throw new Error('the notifier died');
        }
        return real.db.send(command as never);
      },
    } as unknown as Store['db'],
  };
  return {
    store,
    count: (label: string) => counts.get(label) ?? 0,
    crash: () => {
      crashed = true;
    },
    recover: () => {
      crashed = false;
    },
  };
}

/** A clock the test moves; sleeping moves it instead of waiting. */
export function fakeClock(start = Date.now()) {
  let now = start;
  return {
    now: () => new Date(now),
    sleep: async (ms: number) => {
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export function deps(store: Store, sender: SmsSender, clock = fakeClock()): NotifierDeps {
  return {
    store,
    sender,
    linkBaseUrl: 'http://localhost:3000',
    now: clock.now,
    sleep: clock.sleep,
  };
}

export const receiptContent: MessageContent = {
  template: 'repayment',
  amount: Money.of('3151.49'),
  paidOn: '2024-02-29',
  principalOutstanding: Money.of('9088.51'),
  nextDue: { dueOn: '2024-03-31', amount: Money.of('3151.49') },
};

export const reminderContent: MessageContent = {
  template: 'due-reminder',
  due: { dueOn: '2024-03-31', amount: Money.of('3151.49') },
};

let serial = 0;

/** Writes a message the way a business transaction does: a TransactWriteItems with it. */
export async function writeMessage(
  store: Store,
  to: { memberId: string; loanId?: string },
  content: MessageContent = receiptContent,
): Promise<OutboxMessage> {
  serial += 1;
  const message: OutboxMessage = {
    id: `msg-test-${Date.now()}-${serial}`,
    associationId: aid,
    memberId: to.memberId,
    loanId: to.loanId,
    content,
    createdAt: new Date().toISOString(),
  };
  await store.db.send(
    new TransactWriteCommand({ TransactItems: [outboxWrite(store.tableName, message).item] }),
  );
  return message;
}

export function insertRecord(messageId: string, sequence = '100'): DynamoDBRecord {
  return {
    eventID: `e-${sequence}`,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { PK: { S: `OUTBOX#${messageId}` }, SK: { S: 'MSG' } },
      NewImage: {
        PK: { S: `OUTBOX#${messageId}` },
        SK: { S: 'MSG' },
        id: { S: messageId },
        status: { S: 'pending' },
      },
      SequenceNumber: sequence,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

export function streamEvent(...records: DynamoDBRecord[]): DynamoDBStreamEvent {
  return { Records: records };
}
