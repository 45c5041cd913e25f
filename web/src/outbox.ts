/**
 * The outbox: every write the console makes waits here until the API has answered it.
 *
 * A write gets its Idempotency-Key once, when the user submits, and is stored with that key
 * BEFORE the first attempt; every retry (network error, timeout, 5xx, a conflict) resends the
 * same key, so the API moves the money once however many times the request goes out. The
 * queue survives a reload and a closed laptop (localStorage), and is sent in order, oldest
 * first, because a loan may depend on the shares bought just before it.
 *
 * Pure: storage, network, clock and timers are passed in, so the logic is tested with fakes.
 */

export type WriteMethod = 'POST' | 'PUT' | 'PATCH';

export interface QueuedWrite {
  /** The Idempotency-Key, made once when the user submitted. */
  key: string;
  method: WriteMethod;
  /** API path, e.g. /associations/zhuyang-04/loans/l0001/repayments */
  path: string;
  body?: unknown;
  /** What the user did, in their words at the time: 还款 ¥528.00（l0001）. */
  label: string;
  /** Who queued it: only that user's session sends it. */
  user: string;
  queuedAt: string;
  attempts: number;
  lastError?: string;
  /**
   * The API's refusal, once it refused the write with nobody watching: the write stays in
   * the queue (the household's data with it) until the user fixes and resends or discards it.
   */
  refused?: Problem;
}

export interface Problem {
  status: number;
  code?: string;
  title?: string;
  errors?: { field: string; message: string }[];
  [extra: string]: unknown;
}

export interface Answer {
  status: number;
  body: unknown;
}

export type Outcome =
  | { type: 'sent'; write: QueuedWrite; status: number; body: unknown }
  | { type: 'refused'; write: QueuedWrite; problem: Problem };

export type OutboxEvent =
  { type: 'change'; items: QueuedWrite[] } | { type: 'auth-required' } | Outcome;

/** Where the queue lives; localStorage in the browser. */
export interface OutboxStorage {
  load(): QueuedWrite[];
  save(items: QueuedWrite[]): void;
}

export interface OutboxOptions {
  storage: OutboxStorage;
  /** Sends one write with its key; rejects on a network error or timeout. */
  send(write: QueuedWrite): Promise<Answer>;
  isOnline(): boolean;
  /** The signed-in user, or undefined when nobody is. */
  user(): string | undefined;
  newKey(): string;
  now(): Date;
  /** setTimeout, returning a function that cancels it. */
  later(run: () => void, ms: number): () => void;
  /** Waits between attempts, in ms; the last one repeats. */
  backoff?: number[];
}

/** 409s that mean "try again": a concurrent writer, not a business refusal. */
const retryableConflicts = new Set(['CONCURRENT_UPDATE', 'STATE_CHANGED']);

export function isRetryable(answer: Answer): boolean {
  if (answer.status >= 500 || answer.status === 408 || answer.status === 429) return true;
  if (answer.status !== 409) return false;
  const code = (answer.body as Problem | undefined)?.code;
  return code === undefined || retryableConflicts.has(code);
}

/** A problem+json body, or a stand-in when the answer had none. */
export function problemOf(answer: Answer): Problem {
  const body = answer.body;
  if (body && typeof body === 'object') return { ...(body as Problem), status: answer.status };
  return { status: answer.status, title: typeof body === 'string' ? body : undefined };
}

/** A write as a form hands it to the outbox; `key` is the form submission's own key. */
export interface WriteRequest {
  method: WriteMethod;
  path: string;
  body?: unknown;
  label: string;
  key?: string;
}

/** The same write: same method, path and body (a second tap, or the same repayment typed twice). */
export function isSameWrite(a: Omit<WriteRequest, 'label'>, b: Omit<WriteRequest, 'label'>) {
  return (
    a.method === b.method && a.path === b.path && JSON.stringify(a.body) === JSON.stringify(b.body)
  );
}

export class Outbox {
  private readonly listeners = new Set<(event: OutboxEvent) => void>();
  private readonly waiting = new Map<string, (outcome: Outcome) => void>();
  private readonly pending = new Map<string, Promise<Outcome>>();
  private readonly backoff: number[];
  private running: Promise<void> | undefined;
  private again = false;
  private cancelTimer: (() => void) | undefined;

  constructor(private readonly options: OutboxOptions) {
    this.backoff = options.backoff ?? [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];
  }

  items(): QueuedWrite[] {
    return this.options.storage.load();
  }

  on(listener: (event: OutboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A fresh Idempotency-Key, for a form to hold for one submission. */
  newKey(): string {
    return this.options.newKey();
  }

  /** A write of this user's that waits (not refused) and is the same as `request`. */
  findSame(request: Omit<WriteRequest, 'label'>): QueuedWrite | undefined {
    const user = this.options.user();
    return this.items().find(
      (item) => item.user === user && !item.refused && isSameWrite(item, request),
    );
  }

  /**
   * Queues a write (stored before anything is sent) and starts sending. `done` settles when
   * the API has answered, which may be after a reload; offline it stays pending. A request
   * with the key of a write already queued queues nothing: one submission, one write.
   */
  submit(request: WriteRequest): { write: QueuedWrite; done: Promise<Outcome> } {
    const user = this.options.user();
    if (!user) throw new Error('nobody is signed in');
    const queued = request.key && this.items().find((item) => item.key === request.key);
    if (queued) return { write: queued, done: this.outcomeOf(queued.key) };
    const write: QueuedWrite = {
      key: request.key ?? this.options.newKey(),
      method: request.method,
      path: request.path,
      ...(request.body === undefined ? {} : { body: request.body }),
      label: request.label,
      user,
      queuedAt: this.options.now().toISOString(),
      attempts: 0,
    };
    this.options.storage.save([...this.options.storage.load(), write]);
    const done = this.outcomeOf(write.key);
    this.changed();
    void this.flush();
    return { write, done };
  }

  /** Settles when the API has answered the write with this key (while this page lives). */
  outcomeOf(key: string): Promise<Outcome> {
    let done = this.pending.get(key);
    if (!done) {
      done = new Promise<Outcome>((resolve) => this.waiting.set(key, resolve));
      this.pending.set(key, done);
    }
    return done;
  }

  /**
   * Sends what is queued, oldest first, until the queue is empty or a write cannot go. A call
   * during a run is remembered and runs after it, unless that run stopped on a failure: then
   * the backoff timer (or the next sign-in) sends again, rather than hammering the API.
   */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.running = this.run().then(async (stopped) => {
      this.running = undefined;
      const again = this.again;
      this.again = false;
      if (again && stopped === 'idle') await this.flush();
    });
    return this.running;
  }

  /** Gives up a write the user no longer wants sent (it may already have reached the API). */
  discard(key: string): void {
    this.waiting.delete(key);
    this.pending.delete(key);
    this.remove(key);
  }

  /** 'idle': nothing more to send now; 'waiting': a write failed and waits for its retry. */
  private async run(): Promise<'idle' | 'waiting'> {
    for (;;) {
      if (!this.options.isOnline()) return 'idle';
      const user = this.options.user();
      if (!user) return 'idle';
      // Read the queue afresh each time: another tab may have sent or added writes.
      // A refused write waits for its user, not for the network: the ones after it go on.
      const write = this.options.storage.load().find((item) => item.user === user && !item.refused);
      if (!write) return 'idle';
      let answer: Answer;
      try {
        answer = await this.options.send(write);
      } catch (error) {
        this.retryLater(write, error instanceof Error ? error.message : String(error));
        return 'waiting';
      }
      if (answer.status === 401) {
        // The session ended: keep the write, it goes out after the next sign-in.
        this.update(write.key, { lastError: problemOf(answer).title ?? '401' });
        this.emit({ type: 'auth-required' });
        return 'waiting';
      }
      if (isRetryable(answer)) {
        this.retryLater(write, problemOf(answer).title ?? String(answer.status));
        return 'waiting';
      }
      const outcome: Outcome =
        answer.status < 300
          ? { type: 'sent', write, status: answer.status, body: answer.body }
          : { type: 'refused', write, problem: problemOf(answer) };
      if (outcome.type === 'sent') this.remove(write.key);
      else this.update(write.key, { refused: outcome.problem });
      this.waiting.get(write.key)?.(outcome);
      this.waiting.delete(write.key);
      this.pending.delete(write.key);
      this.emit(outcome);
    }
  }

  private retryLater(write: QueuedWrite, error: string): void {
    const attempts = write.attempts + 1;
    this.update(write.key, { attempts, lastError: error });
    const wait = this.backoff[Math.min(attempts, this.backoff.length) - 1] ?? 60_000;
    this.cancelTimer = this.options.later(() => void this.flush(), wait);
  }

  private update(key: string, change: Partial<QueuedWrite>): void {
    const items = this.options.storage.load();
    this.options.storage.save(
      items.map((item) => (item.key === key ? { ...item, ...change } : item)),
    );
    this.changed();
  }

  private remove(key: string): void {
    const items = this.options.storage.load();
    this.options.storage.save(items.filter((item) => item.key !== key));
    this.changed();
  }

  private changed(): void {
    this.emit({ type: 'change', items: this.options.storage.load() });
  }

  private emit(event: OutboxEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** Minimal Storage (localStorage) as the outbox needs it. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The queue in localStorage, under one key; a damaged value reads as empty. */
export function keyValueOutboxStorage(
  storage: KeyValueStorage,
  name = 'huzhu.outbox.v1',
): OutboxStorage {
  return {
    load() {
      try {
        const items: unknown = JSON.parse(storage.getItem(name) ?? '[]');
        return Array.isArray(items) ? (items as QueuedWrite[]) : [];
      } catch {
        return [];
      }
    },
    save(items) {
      storage.setItem(name, JSON.stringify(items));
    },
  };
}

/** An Idempotency-Key: 128 random bits, as the API's pattern allows ([A-Za-z0-9_-]{8,100}). */
export function newIdempotencyKey(random: (bytes: Uint8Array) => Uint8Array): string {
  const bytes = random(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
