/**
 * The farmer-page Lambda: GET /s/{token}, public. Counts the lookup against the client's
 * per-minute allowance (the only write), resolves the token and answers HTML: 200 the loan,
 * 404 an unknown token, 410 an expired or revoked one (with the treasurer's phone), 429 too
 * many lookups. Every answer carries the page headers (page-style.ts).
 */
import { areaHandler, implement, type Reply } from '../http/area-handler.ts';
import { todayInShanghai } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import type { Store } from '../store/client.ts';
import { countRequest } from '../store/rate-limit.ts';
import { loadLoanPageModel } from './loan-page-model.ts';
import type { LoanPageSource } from './loan-source.ts';
import { pageHeaders } from './page-style.ts';
import {
  renderGonePage,
  renderLoanPage,
  renderNotFoundPage,
  renderTooManyRequestsPage,
} from './render.ts';

/**
 * Lookups a client address may make in a minute. Generous for people, since a whole village
 * may share one carrier-NAT address; a guesser gets nothing from it against 128-bit tokens.
 */
export const lookupsPerMinute = 30;

export interface PageRequest {
  token: string;
  clientIp: string;
  now: Date;
}

export async function serveFarmerPage(
  pageStore: Store,
  request: PageRequest,
  source?: LoanPageSource,
): Promise<Reply> {
  const rate = await countRequest(pageStore, {
    scope: 'farmer-page',
    client: request.clientIp,
    now: request.now,
    limitPerMinute: lookupsPerMinute,
  });
  if (!rate.allowed) {
    return {
      status: 429,
      headers: { ...pageHeaders, 'retry-after': String(rate.retryAfterSeconds) },
      raw: renderTooManyRequestsPage(),
    };
  }
  const found = await loadLoanPageModel(
    pageStore,
    request.token,
    todayInShanghai(request.now),
    source,
  );
  switch (found.kind) {
    case 'page':
      return { status: 200, headers: pageHeaders, raw: renderLoanPage(found.view) };
    case 'gone':
      return { status: 410, headers: pageHeaders, raw: renderGonePage(found) };
    case 'unknown':
      return { status: 404, headers: pageHeaders, raw: renderNotFoundPage() };
  }
}

export const handler = areaHandler('farmer-page', [
  implement(routes.farmerPage, async (request) =>
    serveFarmerPage(request.store, {
      token: request.params.token,
      clientIp: request.event.requestContext.http.sourceIp,
      now: new Date(),
    }),
  ),
]);
