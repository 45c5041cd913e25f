/**
 * The daily schedule's Lambda (EventBridge, 08:00 Asia/Shanghai): writes the day's reminders
 * and overdue notices, then asks for a redrive of any message still waiting after 15 minutes
 * (its stream record was exhausted): the notifier sends those like new ones.
 */
import { logger } from '../http/logger.ts';
import { todayInShanghai } from '#api/today.ts';
import { store } from '../store/client.ts';
import { requestRedrive } from '../store/outbox.ts';
import { writeDueReminders } from './due-reminders.ts';

export async function handler(): Promise<{ reminders: number; overdue: number; redrive: number }> {
  const now = new Date();
  const run = await writeDueReminders(store(), todayInShanghai(now), now);
  const redrive = await requestRedrive(store(), { now: now.getTime(), olderThanMs: 15 * 60_000 });
  logger.info('daily reminders written', { ...run, redrive: redrive.length });
  return { reminders: run.reminders, overdue: run.overdue, redrive: redrive.length };
}
