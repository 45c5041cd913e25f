import { describe, expect, it } from 'vitest';
import { addMonths } from '#domain/dates.ts';
import { listOutbox, listPendingMessages } from '../../functions/store/outbox.ts';
import { startNotifierLoop } from '../../local/notifier-loop.ts';
import { useLocalSystem } from '../support/local-system.ts';
import { putLoan, putMember } from '../functions/farmer-page/loan-page-fixtures.ts';
import { loan12k, member } from '../domain/loans/loan-fixtures.ts';
import { fakeClock, fakeSender } from '../functions/notifier/notifier-fixtures.ts';

const api = useLocalSystem({ seed: ['zhuyang-01'], notifier: false });

describe('the local loop plays the daily schedule', () => {
  it('runs it on start and again when the business date changes, then sends what it wrote', async () => {
    const { store } = api.system;
    await putMember(
      store,
      member({ id: 'm6001', associationId: 'zhuyang-01', mobile: '13800000066' }),
    );
    for (const [lid, dueOn] of [
      ['l-first', '2026-05-23'],
      ['l-second', '2026-05-24'],
    ] as const) {
      const household = member({ id: 'm6001', associationId: 'zhuyang-01' });
      const loan = loan12k({}, { id: lid, member: household, disbursedOn: addMonths(dueOn, -1) });
      await putLoan(store, loan);
    }
    // 2026-05-20 08:00 in Shanghai.
    const clock = fakeClock(Date.parse('2026-05-20T00:00:00Z'));
    const sender = fakeSender();
    const loop = startNotifierLoop(
      { store, sender, linkBaseUrl: 'http://localhost:3000', now: clock.now, sleep: clock.sleep },
      { intervalMs: 3_600_000 },
    );
    try {
      await loop.tick();
      await loop.tick();
      expect(sender.delivered.map((sms) => sms.text)).toEqual([
        '【竹垟村资金互助会】雷*山：您的借款2026年5月23日应还¥3,151.49，请按时还款。',
      ]);
      clock.advance(24 * 3_600_000);
      await loop.tick();
      expect(sender.delivered).toHaveLength(2);
      expect(sender.delivered[1]?.text).toContain('2026年5月24日');
      expect(await listPendingMessages(store)).toEqual([]);
      expect((await listOutbox(store)).map((m) => m.status)).toEqual(['sent', 'sent']);
    } finally {
      await loop.stop();
    }
  });
});
