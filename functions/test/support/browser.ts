/**
 * A real headless Chromium (Debian's package) driven by playwright-core; nothing is downloaded.
 * Playwright gives every launch a fresh, empty profile of its own.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page, type Request } from "playwright-core";

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  try {
    return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      "The browser tests need Chromium. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) " +
        "or point CHROMIUM_PATH at a Chromium binary.",
    );
  }
}

/**
 * The staff desk's heading (web/src/staff/staff-orders.tsx): the one page with a listener that every
 * new order matches, its live count of orders since it opened.
 */
const DESK_HEADING = "#find-title";

/** What the functions below use of a page's window (this project's tests have no DOM types). */
interface InPage {
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };
  dispatchEvent(event: unknown): boolean;
  HashChangeEvent: new (type: string) => unknown;
}

const isListen = (request: Request) => request.url().includes("/Listen/channel");

/** The SDK's message on the listen channel that a listener is gone (a form-encoded JSON body). */
const removesTarget = (request: Request) =>
  isListen(request) &&
  request.method() === "POST" &&
  decodeURIComponent(request.postData() ?? "").includes("removeTarget");

/** Pages that have opened the app's listen channel: only they have a listener to remove. */
const listening = new WeakSet<Page>();

/**
 * Puts `address` in place of the page's own, adding no history entry; with `announce`, the app's
 * router moves there as after its own `replace`, and without, the app stays where it is.
 */
async function replaceAddress(page: Page, address: string, announce: boolean): Promise<void> {
  await page
    .evaluate(
      ([to, tell]) => {
        const window = globalThis as unknown as InPage;
        window.history.replaceState(window.history.state, "", to);
        if (tell) window.dispatchEvent(new window.HashChangeEvent("hashchange"));
      },
      [address, announce] as const,
    )
    .catch(() => undefined);
}

/**
 * Leaves the staff desk inside the app, as a user who opens another page does, so the app removes the
 * desk's listener and the backend hears of it. The Firestore emulator never drops the listener of a
 * page that reloaded or closed without removing it, and goes on matching every later order write
 * against it: eight desks left that way made 1,500 order writes cost 6.6 s of its CPU instead of
 * 0.5 s, and a run leaves a desk behind on every reload of one. Production drops a closed page's
 * listeners itself. Says whether it left.
 */
async function leaveDesk(page: Page): Promise<boolean> {
  if (page.isClosed() || !listening.has(page)) return false;
  const onDesk = await page
    .locator(DESK_HEADING)
    .count()
    .catch(() => 0);
  if (onDesk === 0) return false;
  const removed = page.waitForRequest(removesTarget, { timeout: 3_000 }).catch(() => undefined);
  const desk = page.url();
  await replaceAddress(page, `${desk.split("#")[0] ?? desk}#/shop`, true);
  await removed;
  return true;
}

/** Whether loading `to` from `from` stays in the same document (only the fragment moves). */
const sameDocument = (from: string, to: string): boolean => {
  try {
    const here: URL = new URL(from);
    const there: URL = new URL(to, from);
    return to.includes("#") && here.href.split("#")[0] === there.href.split("#")[0];
  } catch {
    return false;
  }
};

/** A page that leaves the desk before it reloads, loads another document or closes. */
function guardPage(page: Page): void {
  page.on("request", (request) => {
    if (isListen(request)) listening.add(page);
  });
  const [reload, goto, close] = [page.reload.bind(page), page.goto.bind(page), page.close.bind(page)];
  page.reload = async (options) => {
    const desk = page.url();
    // Back at the desk's address (the app stays where it is until the reload), then reloaded.
    if (await leaveDesk(page)) await replaceAddress(page, desk, false);
    return reload(options);
  };
  page.goto = async (url, options) => {
    if (!sameDocument(page.url(), url)) await leaveDesk(page);
    return goto(url, options);
  };
  page.close = async (options) => {
    await leaveDesk(page);
    return close(options);
  };
}

/** A context whose pages leave the desk before they go, and before it closes (see leaveDesk). */
export function guardContext(context: BrowserContext): BrowserContext {
  context.pages().forEach(guardPage);
  context.on("page", guardPage);
  const close = context.close.bind(context);
  context.close = async (options) => {
    await Promise.all(context.pages().map((page) => leaveDesk(page)));
    return close(options);
  };
  return context;
}

/** Every page of the browser leaves the desk before it goes (see leaveDesk). */
function guardBrowser(browser: Browser): Browser {
  // Browser.newPage makes its page's context with the newContext below, which guards the page.
  const [newContext, close] = [browser.newContext.bind(browser), browser.close.bind(browser)];
  browser.newContext = async (options) => guardContext(await newContext(options));
  browser.close = async (options) => {
    await Promise.all(browser.contexts().flatMap((context) => context.pages().map((page) => leaveDesk(page))));
    return close(options);
  };
  return browser;
}

export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return guardBrowser(browser);
}
