/** The bundled size of each Lambda, built with the same esbuild options the stack deploys. */
import { build } from 'esbuild';
import path from 'node:path';
import { lambdaNames } from '#api/route.ts';

const root = path.resolve(import.meta.dirname, '..');

export async function benchBundleSizes(): Promise<Record<string, string>> {
  const figures: Record<string, string> = {};
  for (const name of lambdaNames) {
    const result = await build({
      entryPoints: [path.join(root, 'functions', name, 'handler.ts')],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      mainFields: ['module', 'main'],
      // The Lambda runtime ships the AWS SDK v3, as NodejsFunction assumes.
      external: ['@aws-sdk/*'],
      write: false,
      metafile: true,
      outfile: 'index.mjs',
    });
    const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0);
    figures[`bundle ${name}`] = `${(bytes / 1024).toFixed(1)} KiB`;
  }
  return figures;
}
