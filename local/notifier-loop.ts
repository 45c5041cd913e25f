/**
 * The local notifier and schedule, in place of the stream Lambda and EventBridge: every
 * 500 ms it reads the pending messages (the sparse GSI1 partition OUTBOX#pending, no scan)
 * and delivers those whose time has come; once per business day (on start and when the date
 * changes) it runs the daily reminders. It stops with the system.
 */
import { deliver, DeliveryFailed, type NotifierDeps } from '../functions/notifier/deliver.ts';
import { writeDueReminders } from '../functions/notifier/due-reminders.ts';
import { logger } from '../functions/http/logger.ts';
import { todayInShanghai } from '#api/today.ts';
import { listPendingMessages } from '../functions/store/outbox.ts';

export interface NotifierLoop {
  /** One pass: the schedule if the day changed, then every pending message that is due. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startNotifierLoop(
  deps: NotifierDeps,
  options: { intervalMs?: number } = {},
): NotifierLoop {
  const clock = deps.now ?? (() => new Date());
  let lastScheduleDay: string | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const pass = async () => {
    const now = clock();
    const today = todayInShanghai(now);
    if (today !== lastScheduleDay) {
      await writeDueReminders(deps.store, today, now);
      lastScheduleDay = today;
    }
    for (const message of await listPendingMessages(deps.store)) {
      if (stopped) return;
      const waiting = message.status === 'sending' && (message.leaseUntil ?? 0) >= now.getTime();
      if (waiting || (message.nextAttemptAt ?? 0) > now.getTime()) continue;
      try {
        await deliver(deps, message.id);
      } catch (error) {
        if (!(error instanceof DeliveryFailed)) throw error;
        logger.warn('local SMS not sent, will retry', { messageId: message.id });
      }
    }
  };

  const tick = () => {
    running ??= pass()
      .catch((error: unknown) => {
        if (!stopped) logger.error('local notifier pass failed', error as Error);
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const timer = setInterval(() => void tick(), options.intervalMs ?? 500);
  timer.unref();
  void tick();

  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
