/**
 * `npm start` as a newcomer runs it: the real entry point in a child process. Ctrl-C must
 * stop DynamoDB Local too, data must survive a restart, --in-memory must start clean, nothing
 * listens beyond 127.0.0.1 unless HOST asks (and DynamoDB Local never), and a busy port or a
 * missing Java must say so plainly.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
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

/** This machine's address on the network, when it has one. */
const networkAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && !address.internal && address.family === 'IPv4')?.address;

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function runAndStop(
  args: string[],
  env: Record<string, string> = {},
  whileRunning: (ports: { port: number; dynamoPort: number }) => Promise<void> = async () => {},
): Promise<{ output: string; dynamoPort: string; code: number | null }> {
  const port = await freePort();
  const started = start(args, { PORT: String(port), HUZHU_DATA_DIR: dataDir, ...env });
  const match = await waitFor(started, /DynamoDB Local: http:\/\/127\.0\.0\.1:(\d+)/);
  await waitFor(started, /Listening on|WARNING/);
  const dynamoPort = match[1]!;
  expect(javaOnPort(dynamoPort)).toBe(true);
  const health = await fetch(`http://localhost:${port}/health`);
  expect(health.status).toBe(200);
  await whileRunning({ port, dynamoPort: Number(dynamoPort) });
  started.child.kill('SIGINT');
  const code = await started.exited;
  return { output: started.output(), dynamoPort, code };
}

describe('npm start', () => {
  it('stops DynamoDB Local on Ctrl-C and keeps the data for the next run', async () => {
    const first = await runAndStop([]);
    expect(first.output).toContain('demo data loaded now');
    expect(first.code).toBe(0);
    expect(javaOnPort(first.dynamoPort)).toBe(false);

    const second = await runAndStop([]);
    expect(second.output).toContain('demo data kept from the last run');
    expect(javaOnPort(second.dynamoPort)).toBe(false);

    // By default nothing listens beyond this machine: neither the server nor DynamoDB Local.
    const clean = await runAndStop(['--in-memory'], {}, async ({ port, dynamoPort }) => {
      expect(await accepts('127.0.0.1', port)).toBe(true);
      if (networkAddress) {
        expect(await accepts(networkAddress, port)).toBe(false);
        expect(await accepts(networkAddress, dynamoPort)).toBe(false);
      }
    });
    expect(clean.output).toContain('Listening on 127.0.0.1 only');
    expect(clean.output).not.toContain('WARNING');
    expect(clean.output).toContain('in-memory store');
    expect(clean.output).toContain('demo data loaded now');
  });

  it('opens the server, never DynamoDB Local, to the network with HOST=0.0.0.0, and warns', async () => {
    const open = await runAndStop(['--in-memory'], { HOST: '0.0.0.0' }, async (ports) => {
      if (networkAddress) {
        expect(await accepts(networkAddress, ports.port)).toBe(true);
        expect(await accepts(networkAddress, ports.dynamoPort)).toBe(false);
      }
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
