/**
 * Installs the service worker (service-worker.ts, built to /sw.js) that keeps the app on the phone,
 * so it opens offline. Only in a build: the dev server serves modules the worker would not know.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  // After the first screen: installing fetches the whole app, which must not slow the first load.
  addEventListener("load", () => {
    void navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  });
}
