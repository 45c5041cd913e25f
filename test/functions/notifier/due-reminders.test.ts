import { describe, expect, it } from 'vitest';
import { addMonths } from '#domain/dates.ts';
import { defaultCharter } from '#domain/charter.ts';
import { writeDueReminders } from '../../../functions/notifier/due-reminders.ts';
import { saveCharter } from '../../../functions/store/associations.ts';
import type { Store } from '../../../functions/store/client.ts';
import { loansDueOn } from '../../../functions/store/due-index.ts';
import {
  listPendingMessages,
  loadOutboxMessage,
  messageId,
} from '../../../functions/store/outbox.ts';
import { useLocalSystem } from '../../support/local-system.ts';
import { loan12k, member } from '../../domain/loans/loan-fixtures.ts';
import { putLoan } from '../farmer-page/loan-page-fixtures.ts';
import { watchedStore } from './notifier-fixtures.ts';

const api = useLocalSystem({ seed: ['zhuyang-01', 'zhuyang-02'], notifier: false });
const today = '2026-05-20';

/** An open loan (12,000 in 4 installments of 3,151.49) whose first installment is due on `dueOn`. */
async function openLoan(store: Store, aid: string, lid: string, dueOn: string) {
  const household = member({ id: `m-${lid}` });
  const loan = loan12k({}, { id: lid, member: household, disbursedOn: addMonths(dueOn, -1) });
  await putLoan(store, { ...loan, associationId: aid });
}

describe('the daily reminders, from the sparse due-date index', () => {
  it('writes reminders within the charter days and overdue notices, once, without a scan', async () => {
    const { store } = api.system;
    const charter = defaultCharter();
    await saveCharter(store, 'zhuyang-02', { ...charter, reminders: { daysBefore: 7 } });
    await openLoan(store, 'zhuyang-01', 'l-in-3-days', '2026-05-23');
    await openLoan(store, 'zhuyang-01', 'l-in-4-days', '2026-05-24');
    await openLoan(store, 'zhuyang-01', 'l-due-today', '2026-05-20');
    await openLoan(store, 'zhuyang-01', 'l-yesterday', '2026-05-19');
    await openLoan(store, 'zhuyang-01', 'l-long-overdue', '2026-04-01');
    await openLoan(store, 'zhuyang-02', 'l-in-6-days', '2026-05-26');
    expect((await loansDueOn(store, '2026-05-23')).map((d) => d.loanId)).toEqual(['l-in-3-days']);

    const watched = watchedStore(store);
    const first = await writeDueReminders(watched.store, today, new Date('2026-05-20T00:00:05Z'));
    expect(first).toEqual({ today, reminders: 3, overdue: 1, alreadyWritten: 0 });
    expect(watched.count('ScanCommand')).toBe(0);

    const reminder = await loadOutboxMessage(
      store,
      messageId('due-reminder', 'zhuyang-01', 'l-in-3-days', '2026-05-23'),
    );
    expect(reminder).toMatchObject({
      status: 'pending',
      associationId: 'zhuyang-01',
      memberId: 'm-l-in-3-days',
      loanId: 'l-in-3-days',
      content: { template: 'due-reminder', due: { dueOn: '2026-05-23' } },
    });
    expect(
      reminder?.content.template === 'due-reminder' && reminder.content.due.amount.toString(),
    ).toBe('3151.49');
    expect(
      await loadOutboxMessage(
        store,
        messageId('overdue', 'zhuyang-01', 'l-yesterday', '2026-05-19'),
      ),
    ).toMatchObject({ content: { template: 'overdue' } });
    expect(
      await loadOutboxMessage(
        store,
        messageId('due-reminder', 'zhuyang-02', 'l-in-6-days', '2026-05-26'),
      ),
    ).toBeDefined();
    const pending = (await listPendingMessages(store)).map((m) => m.loanId).sort();
    expect(pending).toEqual(['l-due-today', 'l-in-3-days', 'l-in-6-days', 'l-yesterday']);

    // Run again the same day (a retried schedule): nothing new.
    const again = await writeDueReminders(store, today, new Date('2026-05-20T00:05:00Z'));
    expect(again).toEqual({ today, reminders: 0, overdue: 0, alreadyWritten: 4 });
    expect(await listPendingMessages(store)).toHaveLength(4);
  });
});
