/**
 * `npm start` as a newcomer runs it: the real entry point in a child process. Ctrl-C must
 * stop DynamoDB Local too, data must survive a restart, --in-memory must start clean, and a
 * busy port or a missing Java must say so plainly.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
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
  return spawnSync('pgrep', ['-f', `DynamoDBLocal.jar -port ${port} `]).status === 0;
}

async function runAndStop(
  args: string[],
): Promise<{ output: string; dynamoPort: string; code: number | null }> {
  const port = await freePort();
  const started = start(args, { PORT: String(port), HUZHU_DATA_DIR: dataDir });
  const match = await waitFor(started, /DynamoDB Local: http:\/\/127\.0\.0\.1:(\d+)/);
  await waitFor(started, /Press Ctrl-C/);
  const dynamoPort = match[1]!;
  expect(javaOnPort(dynamoPort)).toBe(true);
  const health = await fetch(`http://localhost:${port}/health`);
  expect(health.status).toBe(200);
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

    const clean = await runAndStop(['--in-memory']);
    expect(clean.output).toContain('in-memory store');
    expect(clean.output).toContain('demo data loaded now');
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
