/**
 * The whole system on one machine: DynamoDB Local, the table, the demo federation, the
 * identity provider and the HTTP adapter in front of the real Lambda handlers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { refusalCodes } from '#domain/refusal-codes.ts';
import { setBusinessToday } from '#api/today.ts';
import { createDocumentClient, type DynamoStore, type Store } from '../functions/store/client.ts';
import { consoleResponse, prepareConsole } from './console-route.ts';
import { ensureTable } from './create-table.ts';
import { demoUsers } from './demo-federation.ts';
import { LocalStartError, startDynamoDbLocal, type RunningDynamo } from './dynamodb-local.ts';
import { createRequestListener, type LocalRouteHandler } from './http-adapter.ts';
import {
  createIdentityProvider,
  discoveryPath,
  jwksPath,
  type IdentityProvider,
} from './identity-provider.ts';
import { lambdasFor } from './lambdas.ts';
import { landingPage } from './landing-page.ts';
import { localSmsGateway } from './local-sms-gateway.ts';
import { startNotifierLoop, type NotifierLoop } from './notifier-loop.ts';
import { localOutbox } from './outbox-route.ts';
import { seedDemoFederation } from './seed.ts';

export interface LocalSystemOptions {
  /** 0 picks a free port. */
  port: number;
  /**
   * The address the HTTP server listens on: 127.0.0.1 unless asked (HOST=0.0.0.0 npm start).
   * DynamoDB Local listens on 127.0.0.1 whatever this is.
   */
  host?: string;
  /** Where DynamoDB Local keeps its files; absent means in memory. */
  dataDir?: string;
  /** Use a DynamoDB Local that is already running (tests share one). */
  dynamoEndpoint?: string;
  tableName?: string;
  /** The demo federation (default), none (false), or only the associations named. */
  seed?: boolean | readonly string[];
  /** The local notifier and daily schedule (default on). */
  notifier?: boolean;
  /** A fixed business date (YYYY-MM-DD) instead of the clock's; see api/today.ts. */
  today?: string;
}

export interface LocalSystem {
  url: string;
  port: number;
  tableName: string;
  dynamoEndpoint: string;
  store: DynamoStore;
  identity: IdentityProvider;
  seeded: 'seeded' | 'present' | 'skipped';
  notifier?: NotifierLoop;
  stop(): Promise<void>;
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

function localRoutes(identity: IdentityProvider, store: Store): LocalRouteHandler {
  return async (request, body) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    if (method === 'GET' && path === '/local/outbox') {
      return json(
        200,
        await localOutbox(store, url.searchParams.get('associationId') ?? undefined),
      );
    }
    const consoleFile = consoleResponse(method, path, request.headers);
    if (consoleFile) return consoleFile;
    if (method === 'GET' && path === '/') {
      return {
        statusCode: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: landingPage(demoUsers),
      };
    }
    if (method === 'GET' && path === '/local/users') return json(200, { users: demoUsers });
    if (method === 'GET' && path === `/local${jwksPath}`) return json(200, identity.jwks);
    if (method === 'GET' && path === `/local${discoveryPath}`) return json(200, identity.discovery);
    if (method === 'POST' && path === '/local/login') {
      let username: unknown;
      try {
        username = (JSON.parse(body || '{}') as { username?: unknown }).username;
      } catch {
        username = undefined;
      }
      const user = demoUsers.find((candidate) => candidate.username === username);
      if (!user) {
        return {
          statusCode: refusalCodes.UNKNOWN_DEMO_USER.status,
          headers: { 'content-type': 'application/problem+json; charset=utf-8' },
          body: JSON.stringify({
            type: 'urn:huzhu:problem:unknown-demo-user',
            code: 'UNKNOWN_DEMO_USER',
            ...refusalCodes.UNKNOWN_DEMO_USER,
          }),
        };
      }
      return json(200, { token: await identity.issueToken(user), user });
    }
    return undefined;
  };
}

export const loopbackHost = '127.0.0.1';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

/** What `npm start` prints when it listens beyond this machine: demo logins need no password. */
export function exposureWarning(host: string, port: number): string | undefined {
  if (loopbackHosts.has(host)) return undefined;
  return [
    `WARNING: listening on ${host}:${port}, reachable from other machines.`,
    '  Demo logins have no password: anyone who can reach this port can POST /local/login',
    '  as admin or any treasurer, and read /local/outbox (SMS texts and mobile numbers).',
    '  Use it only on a network you trust, with demo data. DynamoDB Local stays on 127.0.0.1.',
  ].join('\n');
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalStartError(
              `Port ${port} is already in use. Stop the other program or choose another port: PORT=3001 npm start`,
            )
          : error,
      );
    });
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Seconds a client is asked to wait while the system starts (Java, the table, the seed). */
const startingRetryAfter = 2;

/**
 * The port is taken before the system is ready, so a request can arrive while Java starts and
 * the demo seeds: it gets a prompt 503 with Retry-After, never a connection left hanging.
 */
function answerStarting(_request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(refusalCodes.STARTING.status, {
    'content-type': 'application/problem+json; charset=utf-8',
    'cache-control': 'no-store',
    'retry-after': String(startingRetryAfter),
    connection: 'close',
  });
  response.end(
    JSON.stringify({
      type: 'urn:huzhu:problem:starting',
      code: 'STARTING',
      ...refusalCodes.STARTING,
    }),
  );
}

export async function startLocalSystem(options: LocalSystemOptions): Promise<LocalSystem> {
  // Take the port first, so that a busy port fails fast and starts no Java.
  const server = createServer(answerStarting);
  const port = await listen(server, options.port, options.host ?? loopbackHost);
  let dynamo: RunningDynamo | undefined;
  try {
    if (!options.dynamoEndpoint) dynamo = await startDynamoDbLocal({ dataDir: options.dataDir });
    const dynamoEndpoint = options.dynamoEndpoint ?? dynamo?.endpoint ?? '';
    const tableName = options.tableName ?? 'huzhu';
    await ensureTable(dynamoEndpoint, tableName);

    if (options.today) setBusinessToday(options.today);
    const store = { db: createDocumentClient({ tableName, endpoint: dynamoEndpoint }), tableName };
    const seeded =
      options.seed === false
        ? 'skipped'
        : await seedDemoFederation(store, options.seed === true ? undefined : options.seed);

    const url = `http://localhost:${port}`;
    const identity = await createIdentityProvider(`${url}/local`, options.dataDir);
    // The console (web/): rebuilt only when its sources changed, in a few hundred ms.
    prepareConsole();
    server.off('request', answerStarting);
    server.on(
      'request',
      createRequestListener(identity, localRoutes(identity, store), lambdasFor(store)),
    );
    const notifier =
      options.notifier === false
        ? undefined
        : startNotifierLoop({ store, sender: localSmsGateway(store), linkBaseUrl: url });
    return {
      url,
      port,
      tableName,
      dynamoEndpoint,
      store,
      identity,
      seeded,
      notifier,
      async stop() {
        await notifier?.stop();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await dynamo?.stop();
      },
    };
  } catch (error) {
    server.close();
    await dynamo?.stop();
    throw error;
  }
}
