/**
 * GET /console/…: the built console as the local system serves it (content types, caching,
 * gzip, nothing outside web/dist), and the build that is redone only when sources change.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleResponse } from '../../local/console-route.ts';
import { buildConsole, buildInfoFile, consoleBuildIsStale } from '../../web/build.ts';

let dist: string;
let info: ReturnType<typeof buildConsole>;

beforeAll(() => {
  dist = mkdtempSync(path.join(tmpdir(), 'console-route-'));
  info = buildConsole(dist);
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const get = (pathname: string, headers: Record<string, string> = {}) =>
  consoleResponse('GET', pathname, headers, dist);
const text = (response: ReturnType<typeof get>) => {
  const bytes = Buffer.from(String(response?.body), 'base64');
  return (
    response?.headers?.['content-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes
  ).toString();
};

describe('the console files', () => {
  it('serves the page, revalidated, with its security policy, and names the hashed files', () => {
    expect(get('/console')).toMatchObject({ statusCode: 301, headers: { location: '/console/' } });
    const page = get('/console/');
    expect(page?.statusCode).toBe(200);
    expect(page?.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    expect(String(page?.headers?.['content-security-policy'])).toContain("script-src 'self'");
    const html = text(page);
    expect(html).toContain(`<script type="module" src="${info.files.script}">`);
    expect(html).toContain(`<link rel="stylesheet" href="${info.files.style}">`);
    expect(html).toContain('<html lang="zh-CN">');
  });

  it('caches hashed files for a year and gzips them for slow lines', () => {
    const script = get(`/console/${info.files.script}`, { 'accept-encoding': 'gzip, br' });
    expect(script?.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      'content-encoding': 'gzip',
    });
    const original = readFileSync(path.join(dist, info.files.script));
    const sent = Buffer.from(String(script?.body), 'base64');
    expect(sent.length).toBeLessThan(original.length / 2);
    expect(gunzipSync(sent).equals(original)).toBe(true);
    const plain = get(`/console/${info.files.style}`);
    expect(plain?.headers?.['content-encoding']).toBeUndefined();
    expect(plain?.headers?.['content-type']).toBe('text/css; charset=utf-8');
    expect(text(plain)).toBe(readFileSync(path.join(dist, info.files.style), 'utf8'));
  });

  it('tells the console to sign in locally', () => {
    const config = get('/console/config.json');
    expect(config?.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(text(config))).toEqual({ apiUrl: '', auth: { kind: 'local' } });
  });

  it('serves nothing else: not the build record, not a path outside, not other methods', () => {
    expect(get(`/console/${buildInfoFile}`)?.statusCode).toBe(404);
    expect(get('/console/../package.json')?.statusCode).toBe(404);
    expect(get('/console/..%2fpackage.json')?.statusCode).toBe(404);
    expect(get('/console/missing.js')?.statusCode).toBe(404);
    expect(consoleResponse('POST', '/console/', {}, dist)).toBeUndefined();
    expect(get('/associations/zhuyang-01')).toBeUndefined();
    expect(get('/consoles')).toBeUndefined();
  });

  it('rebuilds only when a source is newer than the build, or a built file is gone', () => {
    expect(consoleBuildIsStale(dist)).toBe(false);
    const record = path.join(dist, buildInfoFile);
    const saved = readFileSync(record, 'utf8');
    writeFileSync(record, JSON.stringify({ ...JSON.parse(saved), builtAt: 0 }));
    expect(consoleBuildIsStale(dist)).toBe(true);
    writeFileSync(record, saved);
    expect(consoleBuildIsStale(dist)).toBe(false);
    rmSync(path.join(dist, info.files.style));
    expect(consoleBuildIsStale(dist)).toBe(true);
    expect(consoleBuildIsStale(path.join(dist, 'nowhere'))).toBe(true);
    // Every input is a file of this repository, domain/money.ts (大写) among them.
    expect(info.inputs).toContain('domain/money.ts');
    expect(info.inputs.every((input) => !input.startsWith('<') && !path.isAbsolute(input))).toBe(
      true,
    );
  });
});
