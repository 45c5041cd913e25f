/** The subsidy Lambda: the 贴息 calculator (stores nothing) and the claims (audited). */
import { quoteSubsidy } from '../../domain/subsidy/calculator.ts';
import { areaHandler, implement } from '../http/area-handler.ts';
import { routes } from '../routes.ts';
import { claimRoutes } from './claims.ts';

export const handler = areaHandler('subsidy', [
  implement(routes.subsidyQuote, async ({ body }) => ({ body: quoteSubsidy(body) })),
  ...claimRoutes,
]);
