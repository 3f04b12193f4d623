/**
 * The first paint, per view: index.html's own sign-in form, usable before the app's code arrives (on
 * Slow 3G that code takes seconds; here the test holds it back), which hands what was typed, where
 * the caret was and a press of Sign in over to the app when it starts.
 */
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../functions/test/support/browser.js";
import type { TestUser } from "../../functions/test/support/users.js";
import { appUrl, customerIn, expectSound, openPage, PASSWORD, viewContext, VIEWS } from "./support/app.js";

/** Holds back the app's entry script until released, as a slow network would. */
/** (The page's load event waits for that script: navigations here wait for their commit only.) */
async function holdTheApp(page: Page): Promise<() => Promise<void>> {
  const held: Route[] = [];
  let released = false;
  await page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
    if (released) await route.continue();
    else held.push(route);
  });
  return async () => {
    released = true;
    await Promise.all(held.map((route) => route.continue()));
  };
}

describe.each(VIEWS)("The sign-in form before the app arrives, $name", (view) => {
  const { t } = view;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  let customer: TestUser;

  beforeAll(async () => {
    browser = await launchChromium();
    // The service worker would answer from its cache, past the held route; this is a first visit.
    context = await viewContext(browser, view, { serviceWorkers: "block" });
    page = await openPage(context, errors);
    customer = await customerIn(t);
  }, 60_000);

  afterAll(async () => {
    await browser.close();
  });

  it("When the app's code has not arrived, then the form is there, in the view's language, and passes axe", async () => {
    const release = await holdTheApp(page);
    await page.goto(`${appUrl}/`, { waitUntil: "commit" });
    await page.getByRole("heading", { name: t.signIn.title }).waitFor();
    // Only the app draws Google's button: its absence shows this is the first paint.
    expect(await page.getByRole("button", { name: t.signIn.google }).count()).toBe(0);
    expect(await page.title()).toBe(`${t.signIn.title} · Duka`);
    await expect.poll(() => page.getByRole("button", { name: t.signIn.submit, exact: true }).isEnabled()).toBe(true);
    await expectSound(page, view);
    await release();
    await page.getByRole("button", { name: t.signIn.google }).waitFor();
    expect(errors).toEqual([]);
  });

  it("When Sign in is pressed before the app has started, then it waits, says so, and signs in once it has", async () => {
    const release = await holdTheApp(page);
    await page.goto(`${appUrl}/`, { waitUntil: "commit" });
    await page.getByLabel(t.fields.email).fill(customer.email);
    await page.getByLabel(t.fields.password, { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: t.signIn.submit, exact: true }).click();
    const waiting = page.getByRole("button", { name: t.signIn.busy });
    await waiting.waitFor();
    expect(await waiting.isDisabled()).toBe(true);
    // Nothing left the page: the submit is held, not posted.
    expect(page.url()).toBe(`${appUrl}/`);
    await release();
    await page.getByRole("button", { name: t.frame.signOut }).waitFor();
    expect(errors).toEqual([]);
  });

  it("When someone signed in on this phone opens the app again, then the first paint says Loading, not Sign in", async () => {
    const release = await holdTheApp(page);
    // The page cannot finish loading while its script is held: "commit" is the navigation itself.
    await page.reload({ waitUntil: "commit" });
    await page.getByRole("status").filter({ hasText: t.frame.loading }).waitFor();
    expect(await page.getByRole("heading", { name: t.signIn.title }).count()).toBe(0);
    await release();
    await page.getByRole("button", { name: t.frame.signOut }).click();
    await page.getByRole("heading", { name: t.signIn.title }).waitFor();
    expect(errors).toEqual([]);
  });

  it("When the app arrives while the password is being typed, then the typing carries on in the app's own form", async () => {
    const release = await holdTheApp(page);
    await page.goto(`${appUrl}/`, { waitUntil: "commit" });
    await page.getByLabel(t.fields.email).fill(customer.email);
    const password = page.getByLabel(t.fields.password, { exact: true });
    await password.click();
    await page.keyboard.type(PASSWORD.slice(0, 7));
    await release();
    // The app's form has replaced the first paint's (Google's button is the app's).
    await page.getByRole("button", { name: t.signIn.google }).waitFor();
    await page.keyboard.type(PASSWORD.slice(7));
    expect(await password.inputValue()).toBe(PASSWORD);
    expect(await page.getByLabel(t.fields.email).inputValue()).toBe(customer.email);
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: t.frame.signOut }).waitFor();
    expect(errors).toEqual([]);
  });
});
