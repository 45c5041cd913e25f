/**
 * Each Lambda's bundle, built with the same esbuild options the stack deploys: its size and
 * its cold import time (a fresh `node` importing it, as a Lambda's init does), next to a
 * one-line handler's. Goal (issue #21): ≤ 300 KiB for every function that makes no workbook.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lambdaNames } from '#api/route.ts';

const root = path.resolve(import.meta.dirname, '..');
// Inside the repository, so that a bundle's external AWS SDK imports resolve as on Lambda.
const outDir = path.join(root, 'node_modules', '.cache', 'huzhu-bench');

async function bundle(entry: string): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    // The Lambda runtime ships the AWS SDK v3, as NodejsFunction assumes.
    external: ['@aws-sdk/*'],
    banner: {
      js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
    },
    write: false,
    outfile: 'index.mjs',
  });
  return result.outputFiles[0]!.contents;
}

/** Median of five fresh processes importing the file, in ms. */
function coldImportMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`;
  const runs = Array.from({ length: 5 }, () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, TABLE_NAME: 'bench' },
    });
    return Number(run.stdout.trim());
  }).sort((a, b) => a - b);
  return runs[2]!;
}

function measure(name: string, code: Uint8Array): string {
  const file = path.join(outDir, `${name}.mjs`);
  writeFileSync(file, code);
  return `${(code.length / 1024).toFixed(1)} KiB, cold import ${coldImportMs(file).toFixed(0)} ms`;
}

export async function benchBundleSizes(): Promise<Record<string, string>> {
  mkdirSync(outDir, { recursive: true });
  const oneLine = path.join(outDir, 'one-line.ts');
  writeFileSync(oneLine, 'export const handler = async () => ({ statusCode: 200 });\n');
  const figures: Record<string, string> = {
    'bundle one-line handler': measure('one-line', await bundle(oneLine)),
  };
  for (const name of lambdaNames) {
    const entry = path.join(root, 'functions', name, 'handler.ts');
    figures[`bundle ${name}`] = measure(name, await bundle(entry));
  }
  return figures;
}
