/** The API over fetch: the bearer token, problem+json errors, timeouts for slow networks. */
import type { ConsoleConfig } from './config.ts';
import type { Answer, Problem, QueuedWrite } from './outbox.ts';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
  }
}

/** status 0: the request never got an answer (offline, timeout). */
export const networkProblem = (detail: string): Problem => ({
  status: 0,
  code: 'NETWORK',
  detail,
});

export interface Api {
  url(path: string): string;
  get<T>(path: string): Promise<T>;
  /** A POST that stores nothing (a quote): sent now, never queued. */
  post<T>(path: string, body: unknown): Promise<T>;
  /** A queued write, with its Idempotency-Key; rejects only when no answer came. */
  send(write: QueuedWrite): Promise<Answer>;
  blob(path: string): Promise<Blob>;
  text(path: string): Promise<string>;
}

async function parse(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (type.includes('json') && text) return JSON.parse(text) as unknown;
  return text;
}

export function createApi(
  config: ConsoleConfig,
  token: () => string | undefined,
  onUnauthorized: () => void,
  timeoutMs = { read: 20_000, write: 30_000 },
): Api {
  const url = (path: string) => `${config.apiUrl}${path}`;

  async function call(path: string, init: RequestInit, timeout: number): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    const bearer = token();
    try {
      return await fetch(url(path), {
        ...init,
        signal: controller.signal,
        headers: {
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...(init.headers as Record<string, string> | undefined),
        },
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async function checked(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await call(path, init, timeoutMs.read);
    } catch (error) {
      throw new ApiError(networkProblem(error instanceof Error ? error.message : String(error)));
    }
    if (response.status === 401) onUnauthorized();
    if (!response.ok) {
      const body = await parse(response).catch(() => undefined);
      const problem =
        body && typeof body === 'object' ? (body as Problem) : { status: response.status };
      throw new ApiError({ ...problem, status: response.status });
    }
    return response;
  }

  return {
    url,
    async get<T>(path: string) {
      return (await parse(await checked(path))) as T;
    },
    async post<T>(path: string, body: unknown) {
      const response = await checked(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await parse(response)) as T;
    },
    async send(write) {
      const response = await call(
        write.path,
        {
          method: write.method,
          headers: {
            'idempotency-key': write.key,
            ...(write.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: write.body === undefined ? undefined : JSON.stringify(write.body),
        },
        timeoutMs.write,
      );
      return { status: response.status, body: await parse(response).catch(() => undefined) };
    },
    async blob(path) {
      return (await checked(path)).blob();
    },
    async text(path) {
      return (await checked(path)).text();
    },
  };
}
