/**
 * `npm start` as a newcomer runs it: the real entry point in a child process. Ctrl-C must
 * stop DynamoDB Local too, data must survive a restart, --in-memory must start clean, nothing
 * listens beyond 127.0.0.1 unless HOST asks (and DynamoDB Local never), and a busy port or a
 * missing Java must say so plainly.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb-local.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const dataDir = mkdtempSync(path.join(tmpdir(), 'huzhu-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(args: string[], env: Record<string, string>): Started {
  const child = spawn(tsx, ['local/start.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => output, exited };
}

async function waitFor(started: Started, text: RegExp, ms = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = started.output().match(text);
    if (match) return match;
    if (started.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`did not see ${text}:\n${started.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function javaOnPort(port: string): boolean {
  return spawnSync('pgrep', ['-f', `LoopbackDynamoDbLocal -port ${port} `]).status === 0;
}

/**
 * An address as the kernel's tables print it: 32-bit words in host (little-endian) order.
 * IPv4-mapped IPv6 (::ffff:127.0.0.1, as Java binds) reads as the IPv4 address it maps.
 */
function socketAddress(hex: string): string {
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap((word) =>
    (word.match(/../g) ?? []).reverse().map((byte) => parseInt(byte, 16)),
  );
  const mapped =
    bytes.length === 16 &&
    bytes.slice(0, 10).every((b) => b === 0) &&
    bytes[10] === 255 &&
    bytes[11] === 255;
  const v4 = bytes.length === 4 ? bytes : mapped ? bytes.slice(12) : undefined;
  if (v4) return v4.join('.');
  if (bytes.every((b) => b === 0)) return '::';
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The addresses a port listens on, as the kernel's socket tables say (/proc/net/tcp and tcp6):
 * "127.0.0.1" for loopback only, "0.0.0.0" or "::" for every interface. Read, not probed, so
 * the test sends nothing to any address but loopback.
 */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const rows = existsSync(table) ? readFileSync(table, 'utf8').split('\n').slice(1) : [];
    for (const row of rows) {
      const [, local, , state] = row.trim().split(/\s+/);
      if (state !== '0A' || !local?.endsWith(`:${hexPort}`)) continue; // 0A: LISTEN
      found.push(socketAddress(local.slice(0, local.indexOf(':'))));
    }
  }
  return found;
}

/** The first answer on the port once it opens: the system is still starting then. */
interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

async function firstAnswer(port: number, started: Started): Promise<Answer> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      // A request that hung would fail here, after 3 s, rather than wait for the system.
      const response = await fetch(`http://localhost:${port}/health`, {
        signal: AbortSignal.timeout(3_000),
      });
      return { status: response.status, headers: response.headers, body: await response.text() };
    } catch (error) {
      const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
      if (!refused || started.child.exitCode !== null || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function runAndStop(
  args: string[],
  env: Record<string, string> = {},
  whileRunning: (ports: { port: number; dynamoPort: number }) => Promise<void> = async () => {},
): Promise<{ output: string; dynamoPort: string; code: number | null; early: Answer }> {
  const port = await freePort();
  const started = start(args, { PORT: String(port), HUZHU_DATA_DIR: dataDir, ...env });
  const early = await firstAnswer(port, started);
  const match = await waitFor(started, /DynamoDB Local: http:\/\/127\.0\.0\.1:(\d+)/);
  await waitFor(started, /Listening on|WARNING/);
  const dynamoPort = match[1]!;
  expect(javaOnPort(dynamoPort)).toBe(true);
  const health = await fetch(`http://localhost:${port}/health`);
  expect(health.status).toBe(200);
  await whileRunning({ port, dynamoPort: Number(dynamoPort) });
  started.child.kill('SIGINT');
  const code = await started.exited;
  return { output: started.output(), dynamoPort, code, early };
}

describe('npm start', () => {
  it('answers 503 while starting, stops DynamoDB Local on Ctrl-C, keeps the data for the next run', async () => {
    const first = await runAndStop([]);
    expect(first.output).toContain('demo data loaded now');
    expect(first.code).toBe(0);
    expect(javaOnPort(first.dynamoPort)).toBe(false);

    const second = await runAndStop([]);
    expect(second.output).toContain('demo data kept from the last run');
    expect(javaOnPort(second.dynamoPort)).toBe(false);

    // By default nothing listens beyond this machine: neither the server nor DynamoDB Local.
    const clean = await runAndStop(['--in-memory'], {}, async ({ port, dynamoPort }) => {
      expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
      expect(listeningAddresses(dynamoPort)).toEqual(['127.0.0.1']);
    });
    expect(clean.output).toContain('Listening on 127.0.0.1 only');
    expect(clean.output).not.toContain('WARNING');
    expect(clean.output).toContain('in-memory store');
    expect(clean.output).toContain('demo data loaded now');

    // The port opens before Java has started, so each run's first answer came from a system
    // that was not ready: a prompt 503 with Retry-After, never a request left hanging.
    for (const run of [first, second, clean]) {
      expect(run.early.status).toBe(503);
      expect(run.early.headers.get('retry-after')).toBe('2');
      expect(run.early.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.parse(run.early.body)).toMatchObject({ code: 'STARTING', status: 503 });
    }
  });

  it('opens the server, never DynamoDB Local, to the network with HOST=0.0.0.0, and warns', async () => {
    const open = await runAndStop(['--in-memory'], { HOST: '0.0.0.0' }, async (ports) => {
      expect(listeningAddresses(ports.port)).toEqual(['0.0.0.0']);
      expect(listeningAddresses(ports.dynamoPort)).toEqual(['127.0.0.1']);
    });
    expect(open.output).toContain('WARNING: listening on 0.0.0.0');
    expect(open.output).toContain('Demo logins have no password');
    expect(open.code).toBe(0);
  });

  it('says plainly that the port is taken', async () => {
    const busy = createServer().listen(0);
    await new Promise((resolve) => busy.once('listening', resolve));
    const port = (busy.address() as { port: number }).port;
    const started = start(['--in-memory'], { PORT: String(port) });
    const code = await started.exited;
    busy.close();
    expect(code).toBe(1);
    expect(started.output()).toContain(`Port ${port} is already in use`);
    expect(started.output()).not.toMatch(/at .*\.ts:\d+/);
  });

  it('says plainly that Java is missing', async () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'huzhu-nojava-'));
    mkdirSync(bin, { recursive: true });
    symlinkSync(path.join(root, 'node_modules/.bin/node'), path.join(bin, 'node'));
    const started = start(['--in-memory'], { PORT: String(await freePort()), PATH: bin });
    const code = await started.exited;
    rmSync(bin, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(started.output()).toContain('Java was not found');
  });
});
