/**
 * Builds the console: web/src → web/dist (TypeScript bundled and minified by esbuild, one
 * stylesheet, an index.html naming the hashed files, a service worker). `npm run build:web`
 * runs it; `npm start`, the tests and the CDK stack call ensureConsoleBuilt(), which rebuilds
 * only when a source file is newer than the last build (a few hundred ms).
 */
import { buildSync, type Metafile } from 'esbuild';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
export const consoleDist = path.join(here, 'dist');
/** Not served, not deployed: what the last build read, to tell when it is stale. */
export const buildInfoFile = 'build-info.json';

interface BuildInfo {
  builtAt: number;
  inputs: string[];
  /** The entry script and stylesheet; chunks holds every file the build wrote. */
  files: { script: string; style: string };
  chunks: string[];
}

/** Browsers on cheap Android phones and old laptops: nothing newer than this. */
const target = ['es2020'];

function writeAtomically(file: string, contents: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

function indexHtml(files: BuildInfo['files'], preload: string[]): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="theme-color" content="#1b5e20">
<title>互助 · 工作台</title>
<link rel="stylesheet" href="${files.style}">
<link rel="icon" href="data:,">
<link rel="preload" href="config.json" as="fetch" crossorigin>
<script type="module" src="${files.script}"></script>
${preload.map((chunk) => `<link rel="modulepreload" href="${chunk}">`).join('\n')}
</head>
<body>
<div id="app"><p style="padding:1rem">正在加载…</p></div>
<noscript>请启用 JavaScript 后使用互助工作台。</noscript>
</body>
</html>
`;
}

const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');

export function buildConsole(outdir = consoleDist): BuildInfo {
  const builtAt = Date.now();
  mkdirSync(outdir, { recursive: true });
  const app = buildSync({
    entryPoints: {
      app: path.join(here, 'src', 'main.ts'),
      style: path.join(here, 'src', 'style.css'),
    },
    bundle: true,
    minify: true,
    // ESM for code splitting: the receipt's decimal.js and the English words load on demand.
    format: 'esm',
    splitting: true,
    charset: 'utf8',
    target,
    outdir,
    entryNames: '[name].[hash]',
    chunkNames: 'chunk.[hash]',
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = app.outputFiles.map((file) => path.basename(file.path));
  const script = outputs.find((name) => name.startsWith('app.') && name.endsWith('.js'));
  const style = outputs.find((name) => name.endsWith('.css'));
  if (!script || !style) throw new Error(`console build: missing output in ${outputs.join(', ')}`);
  const files = { script, style };
  // The chunks the entry imports statically: fetched with it, not one round trip later.
  const entryOutput = Object.entries(app.metafile.outputs).find(
    ([name]) => path.basename(name) === script,
  )?.[1];
  const preload = (entryOutput?.imports ?? [])
    .filter((i) => i.kind === 'import-statement')
    .map((i) => path.basename(i.path));

  const worker = buildSync({
    entryPoints: [path.join(here, 'src', 'sw.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target,
    write: false,
    metafile: true,
    define: {
      PRECACHE: JSON.stringify(['./', 'config.json', ...outputs]),
      VERSION: JSON.stringify(`${script}-${style}`),
    },
  });

  // Hashed files first, then what names them, so a server never serves a page whose script
  // is missing; stale hashed files go last.
  for (const file of app.outputFiles)
    writeAtomically(path.join(outdir, path.basename(file.path)), file.contents);
  writeAtomically(path.join(outdir, 'sw.js'), worker.outputFiles[0]?.contents ?? '');
  writeAtomically(path.join(outdir, 'index.html'), indexHtml(files, preload));
  const inputs = [app.metafile, worker.metafile]
    .flatMap((meta: Metafile) => Object.keys(meta.inputs))
    .filter((input) => !input.startsWith('<'))
    .map((input) => relative(path.resolve(process.cwd(), input)));
  const info: BuildInfo = { builtAt, inputs: [...new Set(inputs)].sort(), files, chunks: outputs };
  writeAtomically(path.join(outdir, buildInfoFile), JSON.stringify(info, null, 2));
  const keep = new Set([...outputs, 'sw.js', 'index.html', buildInfoFile]);
  for (const name of readdirSync(outdir)) {
    if (!keep.has(name) && !name.endsWith('.tmp')) rmSync(path.join(outdir, name), { force: true });
  }
  return info;
}

/** True when there is no build, or a file it was built from (or this script) changed since. */
export function consoleBuildIsStale(outdir = consoleDist): boolean {
  const infoPath = path.join(outdir, buildInfoFile);
  if (!existsSync(infoPath)) return true;
  let info: BuildInfo;
  try {
    info = JSON.parse(readFileSync(infoPath, 'utf8')) as BuildInfo;
  } catch {
    return true;
  }
  if (
    ![info.files.script, info.files.style, 'index.html'].every((f) =>
      existsSync(path.join(outdir, f)),
    )
  )
    return true;
  const sources = [
    ...info.inputs.map((input) => path.join(root, input)),
    fileURLToPath(import.meta.url),
  ];
  // A new file under web/src is not among the inputs yet; the folder's mtime tells.
  const folders = [path.join(here, 'src'), path.join(here, 'src', 'pages')];
  return [...sources, ...folders].some(
    (file) => !existsSync(file) || statSync(file).mtimeMs > info.builtAt,
  );
}

/** Synchronous, so that a CDK construct can call it while the stack is being built. */
export function ensureConsoleBuilt(outdir = consoleDist): void {
  if (consoleBuildIsStale(outdir)) buildConsole(outdir);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const info = buildConsole();
  const sizes = Object.values(info.files)
    .map((name) => `${name} ${(statSync(path.join(consoleDist, name)).size / 1024).toFixed(1)} KiB`)
    .join(', ');
  console.log(`console built in ${Date.now() - started} ms → ${relative(consoleDist)}/ (${sizes})`);
}
