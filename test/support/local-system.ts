/**
 * The local system for a test file: the real HTTP adapter and handlers on a free port, over
 * the shared DynamoDB Local, with a table of its own. Tests call it as a user would.
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { startLocalSystem, type LocalSystem } from '../../local/system.ts';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestSystem {
  system: LocalSystem;
  /** A bearer token for a demo user. */
  login(username: string): Promise<string>;
  request<T = any>(
    method: string,
    path: string,
    options?: {
      token?: string;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    },
  ): Promise<ApiResponse<T>>;
}

/** What a test calls the API through: over HTTP (useLocalSystem) or in-process. */
export type ApiClient = Pick<TestSystem, 'login' | 'request'>;

export interface TestSystemOptions {
  /**
   * What to seed: the whole demo federation (true, the default), nothing (false), or only the
   * associations a file uses (`['zhuyang-01']`), which is how most files should start.
   */
  seed?: boolean | readonly string[];
  notifier?: boolean;
  /** The business date the file assumes (YYYY-MM-DD); absent means the clock's date. */
  today?: string;
}

/** This worker's own DynamoDB Local (test/support/global-setup.ts starts one per worker). */
export function workerEngine(): string {
  const endpoints = inject('dynamoEndpoints');
  const worker = Number(process.env.VITEST_POOL_ID ?? '1');
  return endpoints[(worker - 1) % endpoints.length]!;
}

export function useLocalSystem(options: TestSystemOptions = {}): TestSystem {
  let system: LocalSystem | undefined;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    system = await startLocalSystem({
      port: 0,
      dynamoEndpoint: workerEngine(),
      tableName: `test-${randomUUID()}`,
      seed: options.seed,
      notifier: options.notifier,
      today: options.today,
    });
  });
  afterAll(async () => {
    if (!system) return;
    const { store, tableName } = system;
    await system.stop();
    // One DynamoDB Local serves the whole run: drop this file's table so memory stays flat.
    await store.db.send(new DeleteTableCommand({ TableName: tableName }));
  });

  const harness: TestSystem = {
    get system() {
      if (!system) throw new Error('the local system is not started yet');
      return system;
    },
    async login(username) {
      const known = tokens.get(username);
      if (known) return known;
      const response = await harness.request('POST', '/local/login', { body: { username } });
      if (response.status !== 200) throw new Error(`login ${username}: ${response.status}`);
      tokens.set(username, response.body.token);
      return response.body.token;
    },
    async request(method, path, { token, body, rawBody, headers = {} } = {}) {
      const response = await fetch(`${harness.system.url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined || rawBody !== undefined
            ? { 'content-type': 'application/json' }
            : {}),
          ...headers,
        },
        body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return {
        status: response.status,
        headers: response.headers,
        body: type.includes('json') && text ? JSON.parse(text) : text,
      };
    },
  };
  return harness;
}
