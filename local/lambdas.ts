/** The real Lambda handlers, by name, as the local adapter invokes them. */
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { LambdaName } from '#api/route.ts';
import type { HttpEvent } from '../functions/http/area-handler.ts';
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

type Handler = (event: HttpEvent, context: Context) => Promise<APIGatewayProxyResultV2>;

export const lambdas: Record<LambdaName, Handler> = {
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
