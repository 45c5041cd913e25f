/** The platform Lambda: liveness and the API's own description. Both are public. */
import { areaHandler, implement } from '../http/area-handler.ts';
import { routes } from '#api/routes.ts';
import { openApiDocument } from './openapi.ts';

let cachedDocument: unknown;

export const handler = areaHandler('platform', [
  implement(routes.health, async () => ({
    body: { status: 'ok', time: new Date().toISOString() },
  })),
  implement(routes.openapi, async () => ({
    body: (cachedDocument ??= openApiDocument()),
    headers: { 'cache-control': 'public, max-age=300' },
  })),
]);
