/**
 * `npm test` after lint and type-check: the four vitest projects (vitest.config.ts) one after
 * another, cheapest first, then a table of how long each took and what it counted. Arguments
 * pass through to each vitest run (`npm test -- --bail 1`); every project runs even when an
 * earlier one failed, so one run shows every failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const projects = ['unit', 'integration', 'browser', 'smoke'];
const root = path.resolve(import.meta.dirname, '..');
const vitest = path.join(root, 'node_modules/.bin/vitest');
const reports = mkdtempSync(path.join(tmpdir(), 'huzhu-test-'));

interface Outcome {
  project: string;
  /** The test files it ran, relative to the repository. */
  ran: string[];
  seconds: number;
  files: number;
  passed: number;
  failed: number;
  skipped: number;
  exitCode: number;
}

interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string }[];
}

function run(project: string): Outcome {
  const report = path.join(reports, `${project}.json`);
  const started = process.hrtime.bigint();
  const result = spawnSync(
    vitest,
    [
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let counts: JsonReport | undefined;
  try {
    counts = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
  } catch {
    counts = undefined; // vitest died before it reported: the exit code says so
  }
  return {
    project,
    ran: counts?.testResults.map((file) => path.relative(root, file.name)) ?? [],
    seconds,
    files: counts?.testResults.length ?? 0,
    passed: counts?.numPassedTests ?? 0,
    failed: counts?.numFailedTests ?? 0,
    skipped: (counts?.numPendingTests ?? 0) + (counts?.numTodoTests ?? 0),
    exitCode: result.status ?? 1,
  };
}

const outcomes = projects.map(run);
const total = outcomes.reduce(
  (sum, o) => ({
    seconds: sum.seconds + o.seconds,
    files: sum.files + o.files,
    passed: sum.passed + o.passed,
    failed: sum.failed + o.failed,
    skipped: sum.skipped + o.skipped,
  }),
  { seconds: 0, files: 0, passed: 0, failed: 0, skipped: 0 },
);
const row = (name: string, o: Omit<Outcome, 'project' | 'exitCode' | 'ran'>) =>
  `${name.padEnd(12)}${o.seconds.toFixed(1).padStart(8)} s${String(o.files).padStart(7)}` +
  `${String(o.passed).padStart(8)}${String(o.failed).padStart(8)}${String(o.skipped).padStart(8)}`;
console.log(
  `\n${'project'.padEnd(12)}${'time'.padStart(10)}${'files'.padStart(7)}` +
    `${'passed'.padStart(8)}${'failed'.padStart(8)}${'skipped'.padStart(8)}`,
);
for (const o of outcomes) console.log(row(o.project, o));
console.log(row('all', total));
const failedProjects = outcomes.filter((o) => o.exitCode !== 0).map((o) => o.project);
// A test file that no project's globs name would silently never run: say so, and fail. Only
// on a whole run: arguments passed through (a file, -t) run fewer files on purpose.
const wholeRun = process.argv.length === 2;
if (wholeRun) {
  const ran = outcomes.flatMap((o) => o.ran);
  const files = readdirSync(path.join(root, 'test'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => path.join('test', file));
  const unrun = files.filter((file) => !ran.includes(file));
  const twice = ran.filter((file, i) => ran.indexOf(file) !== i);
  if (unrun.length + twice.length > 0) {
    console.log(`in no project (vitest.config.ts): ${unrun.join(', ') || '-'}`);
    console.log(`in two projects: ${twice.join(', ') || '-'}`);
    failedProjects.push('layout');
  }
}
if (failedProjects.length > 0) console.log(`failed projects: ${failedProjects.join(', ')}`);
// The plain closing line CI reads.
console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(failedProjects.length > 0 ? 1 : 0);
