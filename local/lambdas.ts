/** The real Lambda handlers, by name, as the local adapter invokes them, on a store it names. */
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { lambdaNames, type LambdaName } from '#api/route.ts';
import type { AreaHandler, HttpEvent } from '../functions/http/area-handler.ts';
import type { Store } from '../functions/store/client.ts';
import { handler as platform } from '../functions/platform/handler.ts';
import { handler as associations } from '../functions/associations/handler.ts';
import { handler as books } from '../functions/books/handler.ts';
import { handler as members } from '../functions/members/handler.ts';
import { handler as loans } from '../functions/loans/handler.ts';
import { handler as subsidy } from '../functions/subsidy/handler.ts';
import { handler as federation } from '../functions/federation/handler.ts';
import { handler as farmerPage } from '../functions/farmer-page/handler.ts';
import { handler as reports } from '../functions/reports/handler.ts';
import { handler as teaGardens } from '../functions/tea-gardens/handler.ts';

export type Handler = (event: HttpEvent, context: Context) => Promise<APIGatewayProxyResultV2>;

const areas: Record<LambdaName, AreaHandler> = {
  platform,
  associations,
  members,
  loans,
  books,
  subsidy,
  federation,
  'farmer-page': farmerPage,
  reports,
  'tea-gardens': teaGardens,
};

/** Every area's handler, serving `store`: one process can serve several tables. */
export function lambdasFor(store: Store): Record<LambdaName, Handler> {
  const handlers = {} as Record<LambdaName, Handler>;
  for (const name of lambdaNames) handlers[name] = areas[name].withStore(store);
  return handlers;
}
