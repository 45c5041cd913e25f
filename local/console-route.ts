/**
 * GET /console/…: the treasurers' and supervisors' console (web/), served by the local
 * system as CloudFront serves it in the cloud: index.html and sw.js revalidated on every
 * load, the hashed script and stylesheet cached for a year, everything gzipped for slow
 * village connections. config.json tells the console to sign in with the demo users.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { buildInfoFile, consoleDist, ensureConsoleBuilt } from '../web/build.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/** Only scripts and styles; inline styles for the server-rendered 公示 shown in a frame. */
export const consoleContentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "frame-src blob:; connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'self'; " +
  "frame-ancestors 'none'";

const localConfig = JSON.stringify({ apiUrl: '', auth: { kind: 'local' } });

/** Builds the console when web/src changed since the last build; a failure leaves the API up. */
export function prepareConsole(): void {
  try {
    ensureConsoleBuilt();
  } catch (error) {
    console.error('The console (web/) did not build; /console/ answers 503.', error);
  }
}

const compressed = new Map<string, { mtimeMs: number; gzip: Buffer }>();

function gzipOf(file: string, contents: Buffer): Buffer {
  const { mtimeMs } = statSync(file);
  const known = compressed.get(file);
  if (known && known.mtimeMs === mtimeMs) return known.gzip;
  const gzip = gzipSync(contents, { level: 9 });
  compressed.set(file, { mtimeMs, gzip });
  return gzip;
}

function reply(
  body: Buffer | string,
  type: string,
  cache: string,
  headers: IncomingHttpHeaders,
  extra: Record<string, string> = {},
  file?: string,
): APIGatewayProxyStructuredResultV2 {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const gzip = /\bgzip\b/.test(String(headers['accept-encoding'] ?? '')) && bytes.length > 512;
  return {
    statusCode: 200,
    headers: {
      'content-type': type,
      'cache-control': cache,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      ...extra,
    },
    body: (gzip ? (file ? gzipOf(file, bytes) : gzipSync(bytes)) : bytes).toString('base64'),
    isBase64Encoded: true,
  };
}

const notFound: APIGatewayProxyStructuredResultV2 = {
  statusCode: 404,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: 'Not Found',
};

/** The answer for a /console path, or undefined for any other path. */
export function consoleResponse(
  method: string,
  pathname: string,
  headers: IncomingHttpHeaders,
  dist = consoleDist,
): APIGatewayProxyStructuredResultV2 | undefined {
  if (method !== 'GET' || !(pathname === '/console' || pathname.startsWith('/console/'))) {
    return undefined;
  }
  if (pathname === '/console') {
    return { statusCode: 301, headers: { location: '/console/' }, body: '' };
  }
  const name = pathname.slice('/console/'.length) || 'index.html';
  if (name === 'config.json') {
    // Changes only with a deployment: a return visit on a slow line skips a round trip.
    return reply(localConfig, contentTypes['.json']!, 'max-age=300', headers);
  }
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(name) || name === buildInfoFile) return notFound;
  const file = path.join(dist, name);
  const type = contentTypes[path.extname(name)];
  if (!type || !existsSync(file)) {
    if (name === 'index.html') {
      return {
        statusCode: 503,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' },
        body: '工作台尚未构建：请运行 npm run build:web',
      };
    }
    return notFound;
  }
  // Hashed names never change content: cached for a year. The rest is revalidated.
  const hashed = /\.[0-9A-Z]{8}\.(js|css)$/.test(name);
  const cache = hashed ? 'public, max-age=31536000, immutable' : 'no-cache';
  const extra: Record<string, string> =
    name === 'index.html' ? { 'content-security-policy': consoleContentSecurityPolicy } : {};
  return reply(readFileSync(file), type, cache, headers, extra, file);
}
