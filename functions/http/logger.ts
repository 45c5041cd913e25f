/** One Powertools logger per Lambda container; each request appends its request id. */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: 'huzhu',
  // In Lambda the stack sets POWERTOOLS_LOG_LEVEL; on a laptop only warnings and errors show.
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL as 'INFO' | undefined) ?? 'WARN',
});
