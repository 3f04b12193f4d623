/**
 * A real headless Chromium (Debian's package) driven by playwright-core; nothing is downloaded.
 * Playwright gives every launch a fresh, empty profile of its own.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page, type Response } from "playwright-core";

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
  location: { hash: string };
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };
}

/** A write on the app's Firestore listen channel: how the SDK tells the backend a listener is gone. */
const isListenWrite = (response: Response) =>
  response.url().includes("/Listen/channel") && response.request().method() === "POST";

/**
 * Leaves the staff desk inside the app, as a user who opens another page does, so the app removes the
 * desk's listener and the backend hears of it. The Firestore emulator never drops the listener of a
 * page that reloaded or closed without removing it, and goes on matching every later order write
 * against it: eight desks left that way made 1,500 order writes cost 6.6 s of its CPU instead of
 * 0.5 s, and a run leaves a desk behind on every reload of one. Production drops a closed page's
 * listeners itself.
 */
async function leaveDesk(page: Page): Promise<boolean> {
  if (page.isClosed()) return false;
  const onDesk = await page
    .locator(DESK_HEADING)
    .count()
    .catch(() => 0);
  if (onDesk === 0) return false;
  const removed = page.waitForResponse(isListenWrite, { timeout: 3_000 }).catch(() => undefined);
  await page
    .evaluate(() => {
      (globalThis as unknown as InPage).location.hash = "#/shop";
    })
    .catch(() => undefined);
  await removed;
  return true;
}

const sameDocument = (from: string, to: string): boolean => {
  try {
    const here: URL = new URL(from);
    const there: URL = new URL(to, from);
    return here.href.split("#")[0] === there.href.split("#")[0];
  } catch {
    return false;
  }
};

/** A page that leaves the desk before it reloads, loads another document or closes. */
function guardPage(page: Page): void {
  const [reload, goto, close] = [page.reload.bind(page), page.goto.bind(page), page.close.bind(page)];
  page.reload = async (options) => {
    const url = page.url();
    // Back at the desk's address without a hashchange (the app stays where it is), then reloaded.
    if (await leaveDesk(page))
      await page.evaluate((address) => {
        const { history } = globalThis as unknown as InPage;
        history.replaceState(history.state, "", address);
      }, url);
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
  const [newContext, newPage, close] = [
    browser.newContext.bind(browser),
    browser.newPage.bind(browser),
    browser.close.bind(browser),
  ];
  browser.newContext = async (options) => guardContext(await newContext(options));
  browser.newPage = async (options) => {
    const page = await newPage(options);
    guardPage(page);
    return page;
  };
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
