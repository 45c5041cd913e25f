/** The receipts Lambda (China target): every 15 minutes, the carriers' receipts onto the outbox. */
import { logger } from '../http/logger.ts';
import { store } from '../store/client.ts';
import { cloudSender } from './cloud-sender.ts';
import { collectReceipts } from './receipts.ts';

export const handler = async (): Promise<{ delivered: number; failed: number }> => {
  const counts = await collectReceipts({ store: store(), sender: cloudSender() });
  logger.info('SMS receipts recorded', counts);
  return counts;
};
