/**
 * The subsidy Lambda: the 贴息 calculator (stores nothing), the claims (audited), and what
 * the county pays on them (receipts, payouts to households).
 */
import { quoteSubsidy } from '#domain/subsidy/calculator.ts';
import { areaHandler, implement } from '../http/area-handler.ts';
import { routes } from '#api/routes.ts';
import { claimRoutes } from './claims.ts';
import { receiptRoutes } from './receipts.ts';

export const handler = areaHandler('subsidy', [
  implement(routes.subsidyQuote, async ({ body }) => ({ body: quoteSubsidy(body) })),
  ...claimRoutes,
  ...receiptRoutes,
]);
