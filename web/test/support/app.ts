/**
 * The web app's browser tests share these: where the app is, the views it is tested in (a phone and
 * a desktop, English and Swahili), pages whose errors fail the test, axe-core's WCAG A/AA check,
 * and the steps people take (register, sign in, order), written in the words of the view's language,
 * taken from the app's own messages, so a Swahili page is driven by its Swahili labels.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { guardContext } from "../../../functions/test/support/browser.js";
import { auth, authEmulatorHost, db, projectId } from "../../../functions/test/support/firebase.js";
import { client, expectStatus } from "../../../functions/test/support/http.js";
import { grantStaff, staffMember } from "../../../functions/test/support/staff.js";
import {
  provePhone,
  registerAndLogin,
  uniquePhoneNumber,
  type TestUser,
} from "../../../functions/test/support/users.js";
import { en, type Messages } from "../../src/i18n/en.js";
import { sw } from "../../src/i18n/sw.js";

export const root = resolve(import.meta.dirname, "../../..");
export const appUrl = process.env.APP_URL ?? "http://127.0.0.1:5050";
export const api = client(`${appUrl}/api`);
export const PASSWORD = "correct horse battery";

/**
 * How long a browser step waits for what it expects (an element, a navigation). The suite runs test
 * files side by side on 2 cores, beside the emulators and their browsers, so a page can take
 * seconds longer than it would alone; a wait is a deadline, not a measure of speed.
 */
export const BROWSER_WAIT_MS = 30_000;

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 768 };

export interface View {
  name: string;
  viewport: { width: number; height: number };
  /** The browser's language: the app starts in Swahili for sw-KE, as for a phone set to Swahili. */
  locale: "en-KE" | "sw-KE";
  t: Messages;
}

export const PHONE_EN: View = { name: "phone, English", viewport: PHONE, locale: "en-KE", t: en };
export const PHONE_SW: View = { name: "phone, Swahili", viewport: PHONE, locale: "sw-KE", t: sw };
export const DESKTOP_EN: View = { name: "desktop, English", viewport: DESKTOP, locale: "en-KE", t: en };
export const DESKTOP_SW: View = { name: "desktop, Swahili", viewport: DESKTOP, locale: "sw-KE", t: sw };

/** Each point at phone and desktop width, and each language at both between them. */
export const VIEWS: View[] = [PHONE_EN, DESKTOP_SW];
/** The other two pairs, for the tour of every page. */
export const OTHER_VIEWS: View[] = [PHONE_SW, DESKTOP_EN];

const screenshots = resolve(root, process.env.SCREENSHOTS === "1" ? "docs/screenshots" : "test-results/screenshots");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** A private window in the view; `serviceWorkers: "block"` makes every load a first visit. */
export async function viewContext(
  browser: Browser,
  view: View,
  options: { serviceWorkers?: "allow" | "block" } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: view.viewport,
    locale: view.locale,
    timezoneId: "Africa/Nairobi",
    ...options,
  });
  context.setDefaultTimeout(BROWSER_WAIT_MS);
  return context;
}

/**
 * A browser with a profile on disk, as a phone's is (a test's usual context is a private window, which
 * Chromium never offers to install): for the manifest, the service worker and what is kept offline.
 */
export async function profileContext(view: View): Promise<BrowserContext> {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  const executablePath =
    candidates.find((candidate) => candidate && existsSync(candidate)) ??
    execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
  const profile = mkdtempSync(join(tmpdir(), "web-app-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: view.viewport,
    locale: view.locale,
    timezoneId: "Africa/Nairobi",
  });
  context.setDefaultTimeout(BROWSER_WAIT_MS);
  profiles.set(context, profile);
  return guardContext(context);
}

const profiles = new WeakMap<BrowserContext, string>();

/** Closes a profileContext's browser and removes its profile. */
export async function closeProfile(context: BrowserContext): Promise<void> {
  await context.close();
  const profile = profiles.get(context);
  if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}

/**
 * A page with its errors collected: a script error, a console error or a server error fails the test
 * that caused it. Chromium also logs every 4xx answer, and every request a test cuts off (offline,
 * blocked); those are the API's problems or the test's doing, which the tests check as such.
 */
export async function openPage(context: BrowserContext, errors: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() !== "error") return;
    if (
      /status of 4\d\d |net::ERR_INTERNET_DISCONNECTED|net::ERR_FAILED|WebChannelConnection|Could not reach Cloud Firestore/.test(
        text,
      )
    )
      return;
    errors.push(`${text} (${message.location().url})`);
  });
  return page;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** WCAG 2.1 A and AA checks by axe-core on the page as it is now; returns what fails, readably. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the app's Content-Security-Policy rightly does not let
  // a page script do: the app is checked under the policy it ships with.
  // Once per document: the app moves between screens without reloading, and evaluating axe.min.js
  // (0.5 MB) took about 170 ms each time.
  if (!(await page.evaluate<boolean>("typeof axe === 'object'"))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(globalThis, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations;
  });
  return violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? "?"}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
  );
}

/** The page passes axe, is in the view's language, and is no wider than the screen. */
export async function expectSound(page: Page, view: View): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
  expect(await page.locator("html").getAttribute("lang")).toBe(view.locale.slice(0, 2));
  const width = await pageWidth(page);
  const widest = width > view.viewport.width ? await widerThan(page, view.viewport.width) : "";
  expect(width, `the page is wider than the screen: ${widest}`).toBeLessThanOrEqual(view.viewport.width);
}

/** The elements that reach past the screen's right edge, to say which one widens the page. */
function widerThan(page: Page, width: number): Promise<string> {
  return page.evaluate<string>(
    `[...document.querySelectorAll("body *")].filter((node) => node.getBoundingClientRect().right > ${width}).slice(-5).map((node) => node.tagName + "." + node.className).join(", ")`,
  );
}

/** How wide the page's content is (wider than the viewport: it scrolls sideways). */
export function pageWidth(page: Page): Promise<number> {
  return page.evaluate<number>("document.documentElement.scrollWidth");
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: resolve(screenshots, `${name}.png`), fullPage: true });
}

/** A Kenyan number as people write it at home: +254712345678 as 0712 345 678. */
export function asTypedInKenya(e164: string): string {
  const national = `0${e164.replace(/^\+254/, "")}`;
  return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
}

export interface Customer {
  uid: string;
  username: string;
  email: string;
  phone_number: string;
  token: string;
}

/** A customer registered through the API, whose profile speaks the view's language (as registering in the app makes it). */
export async function customerIn(t: Messages): Promise<TestUser> {
  const user = await registerAndLogin(api);
  const saved = await api.patch("/me/", { language: t === sw ? "sw" : "en" }, { token: user.token });
  expectStatus(saved, 200);
  return user;
}

/** A customer made through the API (phone proven unless told otherwise), signed in through the app. */
export async function signedInCustomer(page: Page, t: Messages, options: { proven?: boolean } = {}): Promise<Customer> {
  const user: TestUser = await customerIn(t);
  if (options.proven !== false) await provePhone(api, user, db());
  await signIn(page, t, user.email, PASSWORD);
  await page.getByRole("heading", { name: t.newOrder.title }).waitFor();
  return user;
}

export async function signIn(page: Page, t: Messages, email: string, password: string): Promise<void> {
  await page.goto(`${appUrl}/`);
  await page.getByLabel(t.fields.email).fill(email);
  await page.getByLabel(t.fields.password, { exact: true }).fill(password);
  await page.getByRole("button", { name: t.signIn.submit, exact: true }).click();
}

/** Signs a Firebase Auth account (made outside the API, so with no profile yet) in through the app. */
export async function signInNewAccount(page: Page, t: Messages, options: { staff?: boolean } = {}): Promise<string> {
  const email = `account.${randomUUID().slice(0, 8)}@example.com`;
  const user = await auth().createUser({ email, password: PASSWORD });
  if (options.staff) await grantStaff(user.uid);
  await signIn(page, t, email, PASSWORD);
  return user.uid;
}

/** A staff member as `npm run staff -- grant` makes one (no customer profile), signed in through the app. */
export async function signInStaff(page: Page, t: Messages): Promise<void> {
  await signInNewAccount(page, t, { staff: true });
  await page.getByRole("link", { name: t.frame.staffDesk }).waitFor();
}

export async function placeOrder(page: Page, t: Messages, item: string, amount: string): Promise<string> {
  await page.getByLabel(t.newOrder.item, { exact: true }).fill(item);
  await page.getByLabel(t.newOrder.amount, { exact: true }).fill(amount);
  await page.getByRole("button", { name: t.newOrder.place }).click();
  const pattern = new RegExp(t.newOrder.placed("(\\S+)").replace(".", "\\."));
  const placed = await page.getByRole("status").filter({ hasText: pattern }).textContent({ timeout: BROWSER_WAIT_MS });
  const number = pattern.exec(placed ?? "")?.[1];
  if (!number) throw new Error(`No order number in "${placed ?? ""}"`);
  return number;
}

/** The customer's list entry for one order. */
export const orderEntry = (page: Page, item: string) => page.getByRole("listitem").filter({ hasText: item });

export interface OrderBody {
  id: string;
  order_number: string;
  item: string;
  amount: string;
  status: string;
}

/** An order placed through the API, as another device of the customer would. */
export async function orderThroughApi(customer: { token: string }, item: string, amount = "100"): Promise<OrderBody> {
  const created = await api.post<OrderBody>("/orders/", { item, amount }, { token: customer.token });
  expectStatus(created, 201);
  return created.body;
}

/** A staff member's ID token, for changes made "elsewhere" while a page is open. */
export async function staffToken(): Promise<string> {
  return (await staffMember(api)).token;
}

export interface OobCode {
  email: string;
  /** PASSWORD_RESET, VERIFY_EMAIL, ... */
  requestType: string;
  oobCode: string;
  oobLink: string;
}

/** The emails the Auth emulator would have sent (password reset, verification), newest last. */
export async function emailLinks(email: string, requestType: OobCode["requestType"]): Promise<OobCode[]> {
  const response = await fetch(`http://${authEmulatorHost()}/emulator/v1/projects/${projectId}/oobCodes`);
  const { oobCodes } = (await response.json()) as { oobCodes: OobCode[] };
  return oobCodes.filter((code) => code.email === email && code.requestType === requestType);
}

/** The app's page for an email link: what the link opens once the email action URL is set to the site. */
export function appLinkFor(code: OobCode): string {
  const link = new URL(code.oobLink);
  return `${appUrl}/?mode=${link.searchParams.get("mode") ?? ""}&oobCode=${code.oobCode}&lang=en`;
}

export { uniquePhoneNumber };
