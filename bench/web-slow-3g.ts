/**
 * How long until the web app's sign-in form can be used, in Chromium under DevTools' "Slow 3G"
 * network profile (2,000 ms latency per request, 50,000 bytes/s each way, as DevTools defines it):
 * a figure to watch, not a test that fails. Run against the Hosting emulator serving the built app:
 *
 *   npm run build && npx tsx scripts/emulators.ts exec -- npx tsx bench/web-slow-3g.ts
 *
 * "Usable" is when the email and password fields and an enabled Sign in button are on the page and
 * the page has painted (its first contentful paint): the later of the two. The form is index.html's
 * first paint, which holds a submit until the app has started and then signs in with what was typed
 * (web/first-paint/), so "usable" is when a person can type and send, not when the app is ready.
 * Four loads are timed, interleaved:
 * - first visit: a fresh browser profile, nothing cached;
 * - first visit, signed in: the same, with the form filled and sent the moment it is usable, until
 *   the app shows the person signed in (the app's code and Firebase Auth's answer both included);
 * - return visit: the same profile again, with the service worker and the HTTP cache;
 * - floor: a bare HTML page holding a form, from a local server under the same profile: one round
 *   trip, the least any page can take on this network.
 * Each is the median of RUNS runs (default 3).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

const appUrl = process.env.APP_URL ?? "http://127.0.0.1:5050";
const runs = Number(process.env.RUNS ?? 3);

/** DevTools' "Slow 3G" (front_end/core/sdk/NetworkManager.ts): 500 kbit/s at 80 %, 400 ms RTT times 5. */
const SLOW_3G = {
  offline: false,
  latency: 400 * 5,
  downloadThroughput: ((500 * 1000) / 8) * 0.8,
  uploadThroughput: ((500 * 1000) / 8) * 0.8,
  connectionType: "cellular3g",
} as const;

/**
 * Records, in the page, when the sign-in form is first usable (ms since navigation start): present
 * and enabled (__formAt) and painted (__paintAt); and when the header offers Sign out (__signedInAt).
 */
const WATCH_FORM = `
  (() => {
    const usable = () => {
      const email = document.querySelector('input[type="email"]');
      const password = document.querySelector('input[type="password"]');
      const submit = document.querySelector('form button[type="submit"]');
      return Boolean(email && password && submit && !submit.disabled && submit.checkVisibility());
    };
    const signedIn = () =>
      [...document.querySelectorAll("header nav button")].some((button) => /Sign out/.test(button.textContent));
    const check = () => {
      if (globalThis.__formAt === undefined && usable()) globalThis.__formAt = performance.now();
      if (globalThis.__signedInAt === undefined && signedIn()) globalThis.__signedInAt = performance.now();
    };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        if (entry.name === "first-contentful-paint") globalThis.__paintAt = entry.startTime;
    }).observe({ type: "paint", buffered: true });
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
    document.addEventListener("DOMContentLoaded", check);
  })();
`;

interface Marks {
  __formAt?: number;
  __paintAt?: number;
  __signedInAt?: number;
}

const FLOOR_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>
<body><form><label>Email <input type="email"></label><label>Password <input type="password"></label>
<button type="submit">Sign in</button></form></body></html>`;

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
}

async function throttled(page: Page): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", SLOW_3G);
  return () => cdp.detach();
}

/** Waits, in the page, until it has recorded the marks asked for, and answers them. */
async function marks(page: Page, names: (keyof Marks)[]): Promise<Required<Marks>> {
  // A function, not a string: the app's Content-Security-Policy rightly refuses eval.
  await page.waitForFunction((wanted) => wanted.every((name) => (globalThis as Marks)[name] !== undefined), names, {
    timeout: 120_000,
    polling: 50,
  });
  return page.evaluate<Required<Marks>>(
    "({ __formAt: globalThis.__formAt, __paintAt: globalThis.__paintAt, __signedInAt: globalThis.__signedInAt })",
  );
}

async function usableAfter(page: Page, url: string): Promise<number> {
  const detach = await throttled(page);
  await page.goto(url, { waitUntil: "commit", timeout: 120_000 });
  const { __formAt, __paintAt } = await marks(page, ["__formAt", "__paintAt"]);
  await detach();
  return Math.max(__formAt, __paintAt);
}

/** A first visit that types and sends at once, until the app shows the person signed in. */
async function signedInAfter(page: Page, url: string, account: { email: string; password: string }): Promise<number> {
  const detach = await throttled(page);
  await page.goto(url, { waitUntil: "commit", timeout: 120_000 });
  await marks(page, ["__formAt", "__paintAt"]);
  await page.locator('input[type="email"]').fill(account.email);
  await page.locator('input[type="password"]').fill(account.password);
  await page.locator('form button[type="submit"]').click();
  const { __signedInAt } = await marks(page, ["__signedInAt"]);
  await detach();
  return __signedInAt;
}

/** An account in the Auth emulator to sign in with (the web configuration's key is any string there). */
async function emulatorAccount(): Promise<{ email: string; password: string }> {
  const account = { email: `slow-3g-${String(Date.now())}@example.com`, password: "slow-3g-password" };
  const authHost = process.env.FIREBASE_AUTH_EMULATOR_HOST ?? "127.0.0.1:9099";
  const response = await fetch(`http://${authHost}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=bench`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...account, returnSecureToken: true }),
  });
  if (!response.ok) throw new Error(`the Auth emulator refused the account (${String(response.status)})`);
  return account;
}

async function freshContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-KE" });
  await context.addInitScript(WATCH_FORM);
  return context;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const floor = createServer((_, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(FLOOR_PAGE);
  });
  await new Promise<void>((resolve) => floor.listen(0, "127.0.0.1", resolve));
  const floorUrl = `http://127.0.0.1:${String((floor.address() as AddressInfo).port)}/`;
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-component-update"],
  });
  const times = { first: [] as number[], signedIn: [] as number[], return: [] as number[], floor: [] as number[] };
  const account = await emulatorAccount();
  try {
    for (let run = 0; run < runs; run++) {
      const floorContext = await freshContext(browser);
      times.floor.push(await usableAfter(await floorContext.newPage(), floorUrl));
      await floorContext.close();

      const signingIn = await freshContext(browser);
      times.signedIn.push(await signedInAfter(await signingIn.newPage(), `${appUrl}/`, account));
      await signingIn.close();

      const context = await freshContext(browser);
      const page = await context.newPage();
      times.first.push(await usableAfter(page, `${appUrl}/`));
      // The service worker keeps the app once installed (after the first load, at its own pace).
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } }).navigator.serviceWorker
            .controller !== null,
        undefined,
        { timeout: 120_000 },
      );
      await page.evaluate("navigator.serviceWorker.ready");
      const again = await context.newPage();
      await page.close();
      times.return.push(await usableAfter(again, `${appUrl}/`));
      await context.close();
    }
  } finally {
    await browser.close();
    floor.close();
  }
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const result = {
    profile: "DevTools Slow 3G (2,000 ms latency, 50,000 B/s down and up)",
    runs,
    first_visit_ms: Math.round(median(times.first)),
    first_visit_signed_in_ms: Math.round(median(times.signedIn)),
    return_visit_ms: Math.round(median(times.return)),
    floor_ms: Math.round(median(times.floor)),
    all_ms: times,
  };
  const ratio = (ms: number) => `(${(ms / result.floor_ms).toFixed(2)}x the floor)`;
  console.log(`Under Slow 3G (median of ${String(runs)}):`);
  console.log(
    `  sign-in form usable, first visit   ${seconds(result.first_visit_ms)}  ${ratio(result.first_visit_ms)}`,
  );
  console.log(`  sign-in form usable, return visit  ${seconds(result.return_visit_ms)}`);
  console.log(`  floor                              ${seconds(result.floor_ms)}  (a bare HTML form: one round trip)`);
  console.log(`  goal for the first visit           3.00 s`);
  console.log(
    `  signed in, first visit, sent at once  ${seconds(result.first_visit_signed_in_ms)}  ${ratio(result.first_visit_signed_in_ms)}`,
  );
  console.log(JSON.stringify(result));
}

await main();
