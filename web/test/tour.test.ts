/**
 * Every page of the app, in the two views the other tests leave out (a phone in Swahili, a desktop in
 * English): each passes axe-core's WCAG A/AA checks, is in its language and fits the screen. And
 * the language switch: the other language at a tap, remembered on this phone, with dates and
 * amounts written as Kenya writes them in it.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../functions/test/support/browser.js";
import { en } from "../src/i18n/en.js";
import { sw } from "../src/i18n/sw.js";
import {
  accessibilityViolations,
  api,
  appUrl,
  expectSound,
  openPage,
  orderThroughApi,
  OTHER_VIEWS,
  PASSWORD,
  PHONE_SW,
  screenshot,
  signIn,
  signInStaff,
  viewContext,
  customerIn,
} from "./support/app.js";

describe.each(OTHER_VIEWS)("Every page, $name", (view) => {
  const { t } = view;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    context = await viewContext(browser, view);
    page = await openPage(context, errors);
  }, 60_000);

  afterAll(async () => {
    await browser.close();
  });

  it("When signed out, then signing in, registering and resetting a password are each sound", async () => {
    for (const [hash, title] of [
      ["/", t.signIn.title],
      ["/register", t.register.title],
      ["/reset-password", t.resetPassword.title],
    ] as const) {
      await page.goto(`${appUrl}/#${hash}`);
      await page.getByRole("heading", { name: title }).waitFor();
      await expectSound(page, view);
    }
    if (view === PHONE_SW) await screenshot(page, "customer-reset-password-phone-sw");
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When a customer goes through their pages, then each is sound, with amounts and dates in the language's own form", async () => {
    const customer = await customerIn(t);
    const order = await orderThroughApi(customer, "Unga wa ngano 2 kg", "1200.50");
    await signIn(page, t, customer.email, PASSWORD);
    await page.getByRole("heading", { name: t.newOrder.title }).waitFor();
    await page.getByText(t.orders.unprovenNotice).waitFor();
    const entry = page.getByRole("listitem").filter({ hasText: order.item });
    await entry.waitFor();
    const locale = view.locale;
    const money = new Intl.NumberFormat(locale, { style: "currency", currency: "KES" }).format(1200.5);
    const when = new Intl.DateTimeFormat(locale, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Africa/Nairobi",
    }).format(
      new Date(
        (await api.get<{ created_at: string }>(`/orders/${order.id}/`, { token: customer.token })).body.created_at,
      ),
    );
    const meta = ((await entry.locator(".order-meta").textContent()) ?? "").replace(/\s/g, " ");
    expect(meta).toContain(money.replace(/\s/g, " "));
    expect(meta).toContain(when.replace(/\s/g, " "));
    await expectSound(page, view);
    if (view === PHONE_SW) await screenshot(page, "customer-orders-phone-sw");

    await page.goto(`${appUrl}/#/orders/${order.id}`);
    await page.getByRole("heading", { name: t.order.title(order.order_number) }).waitFor();
    await page.locator(".story").getByText(t.order.events.placed).waitFor();
    await expectSound(page, view);

    await page.goto(`${appUrl}/#/profile`);
    await page.getByRole("heading", { name: t.profile.title }).waitFor();
    await expectSound(page, view);

    await page.goto(`${appUrl}/#/verify`);
    await page.getByRole("heading", { name: t.verifyPhone.title }).waitFor();
    await expectSound(page, view);

    // Order, edit and cancel: the list's forms and confirmations.
    await page.goto(`${appUrl}/#/orders`);
    await entry.getByRole("button", { name: t.order.edit }).click();
    await entry.getByLabel(t.order.item).waitFor();
    await expectSound(page, view);
    await entry.getByRole("button", { name: t.order.discard }).click();
    await entry.getByRole("button", { name: t.order.cancel }).click();
    await entry.getByRole("group", { name: t.order.confirmGroup }).waitFor();
    await expectSound(page, view);
    await entry.getByRole("button", { name: t.order.keep }).click();
    await page.getByRole("button", { name: t.frame.signOut }).click();
    await page.getByRole("heading", { name: t.signIn.title }).waitFor();
    expect(errors, errors.join("\n")).toEqual([]);
  }, 90_000);

  it("When staff go through their pages, then the desk, an order and the cancel dialog are each sound", async () => {
    const customer = await customerIn(t);
    const order = await orderThroughApi(customer, "Sukari 1 kg", "150");
    await signInStaff(page, t);
    await page.locator("tbody tr").first().waitFor();
    await expectSound(page, view);
    await page.goto(`${appUrl}/#/staff/orders/${order.order_number}`);
    await page.getByRole("heading", { name: t.staff.detailTitle(order.order_number) }).waitFor();
    await page.getByRole("button", { name: t.staff.cancelOrder }).click();
    await page.getByRole("dialog").waitFor();
    await expectSound(page, view);
    await page.getByRole("button", { name: t.staff.keep }).click();
    await expectSound(page, view);
    await page.getByRole("button", { name: t.frame.signOut }).click();
    // Signed out once the app says so: a page opened before then could still find the session.
    await page.getByRole("heading", { name: t.signIn.title }).waitFor();
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When the other language is chosen, then every word changes at once and the choice is remembered", async () => {
    const other = t === en ? sw : en;
    await page.goto(`${appUrl}/`);
    await page.getByRole("heading", { name: t.signIn.title }).waitFor();
    await page.getByRole("button", { name: other === sw ? en.language.sw : en.language.en }).click();
    await page.getByRole("heading", { name: other.signIn.title }).waitFor();
    await page.getByLabel(other.fields.password, { exact: true }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe(other === sw ? "sw" : "en");
    await page.reload();
    await page.getByRole("heading", { name: other.signIn.title }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // Back to the view's own language for whatever runs next in this context.
    await page.getByRole("button", { name: other === sw ? en.language.en : en.language.sw }).click();
    await page.getByRole("heading", { name: t.signIn.title }).waitFor();
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);
});
