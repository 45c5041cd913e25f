/**
 * The service worker: the console opens with no network, and on a slow one without waiting
 * for it. The app shell (index.html, the hashed scripts and stylesheet, config.json) is
 * cached when the worker installs; hashed files never change. API calls are not touched:
 * reads need the network, writes wait in the outbox.
 */
declare const PRECACHE: string[];
declare const VERSION: string;

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const worker = self as unknown as WorkerScope;
const cacheName = `huzhu-console-${VERSION}`;

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((n) => n.startsWith('huzhu-console-') && n !== cacheName)
            .map((n) => caches.delete(n)),
        ),
      )
      .then(() => worker.clients.claim()),
  );
});

/**
 * The page and config.json: from the cache at once when there (no round trip on a slow
 * line), refreshed from the network behind it for the next visit.
 */
async function staleWhileRevalidate(event: FetchEvent): Promise<Response> {
  const request = event.request;
  const cache = await caches.open(cacheName);
  const cached =
    (await cache.match(request, { ignoreSearch: true })) ??
    (request.mode === 'navigate' ? await cache.match('./') : undefined);
  const fresh = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (!cached) return fresh;
  event.waitUntil(fresh.catch(() => undefined));
  return cached;
}

async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  return cached ?? fetch(request);
}

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || !url.href.startsWith(worker.registration.scope)) return;
  const hashed = /\.[0-9A-Z]{8}\.(js|css)$/.test(url.pathname);
  event.respondWith(hashed ? cacheFirst(request) : staleWhileRevalidate(event));
});
