/**
 * The console's own bundle (web/): bytes of its JS, CSS and HTML as built for production,
 * and gzipped (what a phone on a slow line downloads). The first load is the page, the entry
 * script with the chunks it imports, and the stylesheet; the receipt's decimal.js and the
 * English words are chunks loaded on demand.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildConsole } from '../web/build.ts';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export async function benchConsoleBundle(): Promise<Record<string, string>> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'huzhu-console-'));
  try {
    const started = performance.now();
    const info = buildConsole(outdir);
    const buildMs = performance.now() - started;
    const size = (name: string) => {
      const contents = readFileSync(path.join(outdir, name));
      return { raw: contents.length, gzip: gzipSync(contents, { level: 9 }).length };
    };
    const sum = (names: string[]) =>
      names.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), {
        raw: 0,
        gzip: 0,
      });
    const html = readFileSync(path.join(outdir, 'index.html'), 'utf8');
    const preloaded = [...html.matchAll(/rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]!);
    const scripts = info.chunks.filter((name) => name.endsWith('.js'));
    const lazy = scripts.filter((name) => name !== info.files.script && !preloaded.includes(name));
    const line = (figure: { raw: number; gzip: number }) =>
      `${kib(figure.raw)} (gzip ${kib(figure.gzip)})`;
    const firstLoad = sum(['index.html', info.files.script, ...preloaded, info.files.style]);
    return {
      'console JS, first load (entry + preloaded chunks)': line(
        sum([info.files.script, ...preloaded]),
      ),
      'console JS, on demand (receipt 大写, English)': line(sum(lazy)),
      'console CSS': line(size(info.files.style)),
      'console HTML': line(size('index.html')),
      'console service worker': line(size('sw.js')),
      'console first load in all (HTML + JS + CSS)': line(firstLoad),
      'console build time': `${buildMs.toFixed(0)} ms`,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
