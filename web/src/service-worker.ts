/**
 * The service worker (built to /sw.js by vite.config.ts): keeps the app shell on the phone, so the
 * app opens offline and quickly on a slow network.
 *
 * - On install it stores every file of this build (their names carry content hashes) and the site's
 *   Firebase configuration; a new build is a new worker with a cache of its own, which takes over
 *   once no page of the old one is open (so an open page never loses a chunk it may still load).
 * - Opening the app ("/", "/?mode=..." from an email link) is answered from the cache.
 * - The API is never touched: its answers belong to whoever is signed in, and the app keeps the
 *   little it shows offline itself (offline.ts). Firebase's reserved URLs (/__/auth/ for Google
 *   sign-in) go to the network as well.
 *
 * Typed with the few ServiceWorker types it uses, so the web app's one TypeScript program (DOM
 * types) checks it too.
 */
export {};

/** Set by the build: every file of it to keep, and a version that changes with any of them. */
declare const __SW_PRECACHE__: string[];
declare const __SW_VERSION__: string;

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}

interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}

interface WorkerScope {
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
  readonly clients: { claim(): Promise<void> };
  readonly location: Location;
}

const worker = globalThis as unknown as WorkerScope;
const SHELL_CACHE = `shell-${__SW_VERSION__}`;
const CONFIG_URL = "/__/firebase/init.json";
const CONFIG_CACHE = "firebase-config";
const APP_PAGES = new Set(["/", "/index.html"]);

worker.addEventListener("install", (event) => {
  event.waitUntil(
    Promise.all([
      caches.open(SHELL_CACHE).then((cache) => cache.addAll(__SW_PRECACHE__)),
      caches.open(CONFIG_CACHE).then((cache) => cache.add(CONFIG_URL)),
    ]),
  );
});

worker.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith("shell-") && name !== SHELL_CACHE).map((name) => caches.delete(name)),
        ),
      )
      // The page that installed the first worker is served by it from now on, not only after a reload.
      .then(() => worker.clients.claim()),
  );
});

/** The cached answer at once, refreshed from the network for next time; the network when none is kept. */
async function cachedThenRefreshed(request: Request, cacheName: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  const refreshed = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    refreshed.catch(() => undefined);
    return cached;
  }
  return refreshed;
}

async function fromShell(request: Request | string): Promise<Response> {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  return cached ?? fetch(request);
}

worker.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  if (url.pathname === CONFIG_URL) {
    event.respondWith(cachedThenRefreshed(request, CONFIG_CACHE));
    return;
  }
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/__/")) return;
  if (request.mode === "navigate") {
    if (APP_PAGES.has(url.pathname)) event.respondWith(fromShell("/"));
    return;
  }
  event.respondWith(fromShell(request));
});
