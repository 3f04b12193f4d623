/**
 * A customer's first real use, per view (a phone in English, a desktop in Swahili): what stood in
 * their way is each checked here, with axe-core on every page visited.
 */
import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page, Request, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../functions/test/support/browser.js";
import { auth, db } from "../../functions/test/support/firebase.js";
import { expectStatus } from "../../functions/test/support/http.js";
import { sentCode } from "../../functions/test/support/users.js";
import { waitFor } from "../../functions/test/support/wait.js";
import {
  api,
  appUrl,
  asTypedInKenya,
  expectSound,
  openPage,
  orderEntry,
  orderThroughApi,
  pageWidth,
  PASSWORD,
  placeOrder,
  screenshot,
  staffToken,
  uniquePhoneNumber,
  VIEWS,
  viewContext,
} from "./support/app.js";

/** The API's limit on an item's length (the form's too). */
const ITEM_MAX = 255;

/** Whether focus is inside the element, and the element is on screen. */
async function holdsFocusInView(page: Page, element: Locator): Promise<{ focused: boolean; inView: boolean }> {
  const focused = await element.evaluate(
    (node: { contains(other: unknown): boolean; ownerDocument: { activeElement: unknown } }) =>
      node.contains(node.ownerDocument.activeElement),
  );
  const box = await element.boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  return { focused, inView: box !== null && box.y < height && box.y + box.height > 0 };
}

describe.each(VIEWS)("A customer's first orders, $name", (view) => {
  const { t } = view;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const customer = {
    uid: "",
    email: `web.${randomUUID().slice(0, 8)}@example.com`,
    phone: uniquePhoneNumber(),
    token: "",
  };

  beforeAll(async () => {
    browser = await launchChromium();
    context = await viewContext(browser, view);
    page = await openPage(context, errors);
  }, 60_000);

  afterAll(async () => {
    await browser.close();
  });

  /** Each test after sign-up starts from the orders page, whatever the one before left open. */
  async function onOrders(): Promise<void> {
    await page.goto(`${appUrl}/#/orders`);
    await page.getByRole("heading", { name: t.newOrder.title }).waitFor();
  }

  it("When they register with their number as people write it in Kenya, then it is taken and kept in full", async () => {
    await page.goto(`${appUrl}/#/register`);
    await page.getByRole("heading", { name: t.register.title }).waitFor();
    // The hint shows the form that works.
    await page.getByText(t.fields.phoneHint).waitFor();
    expect(t.fields.phoneHint).toContain("0712 345 678");
    await expectSound(page, view);
    await page.getByLabel(t.fields.username).fill(`web_${randomUUID().slice(0, 8)}`);
    await page.getByLabel(t.fields.email).fill(customer.email);
    await page.getByLabel(t.fields.password).fill(PASSWORD);
    await page.getByLabel(t.fields.phone).fill(asTypedInKenya(customer.phone));
    await page.getByRole("button", { name: t.register.submit }).click();
    await page.getByRole("heading", { name: t.verifyPhone.title }).waitFor();
    await page.getByText(t.verifyPhone.intro(customer.phone)).waitFor();
    customer.uid = (await auth().getUserByEmail(customer.email)).uid;
    const login = await api.post<{ token: string }>("/login/", { email: customer.email, password: PASSWORD });
    expectStatus(login, 200);
    customer.token = login.body.token;
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When a code was wrong and a new one is asked for, then the old problem goes, the new code is confirmed, and a reload still knows it", async () => {
    await page.getByRole("button", { name: t.verifyPhone.send }).click();
    const sent = page.getByRole("status").filter({ hasText: t.verifyPhone.sent(customer.phone, "").slice(0, 20) });
    await sent.waitFor();
    await page.getByLabel(t.verifyPhone.code).fill("000000");
    await page.getByRole("button", { name: t.verifyPhone.prove }).click();
    await page.getByRole("alert").getByText(t.problems.verification_code_invalid).waitFor();
    await expectSound(page, view);

    await page.getByRole("button", { name: t.verifyPhone.sendNew }).click();
    await waitFor(
      () => page.getByRole("alert").count(),
      (count) => count === 0,
    );
    expect(await page.getByRole("alert").count()).toBe(0);
    await sent.waitFor();

    await page.reload();
    await sent.waitFor();
    expect(await page.getByRole("button", { name: t.verifyPhone.sendNew }).count()).toBe(1);
    await page.getByLabel(t.verifyPhone.code).fill(await sentCode(customer.uid));
    await page.getByRole("button", { name: t.verifyPhone.prove }).click();
    await page.getByRole("heading", { name: t.newOrder.title }).waitFor();
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When they go back after proving their number, then no page asks them to prove it again", async () => {
    await page.goBack();
    await page.waitForTimeout(500);
    expect(await page.getByRole("button", { name: t.verifyPhone.send }).count()).toBe(0);
    expect(await page.getByRole("button", { name: t.verifyPhone.sendNew }).count()).toBe(0);
    expect(await page.getByRole("alert").count()).toBe(0);
    // Opened on purpose, the page says the number is proven.
    await page.goto(`${appUrl}/#/verify`);
    await page.getByText(t.verifyPhone.proven(customer.phone)).waitFor();
    expect(await page.getByRole("button", { name: t.verifyPhone.send }).count()).toBe(0);
    await expectSound(page, view);
    await page.goto(`${appUrl}/#/orders`);
    await page.getByRole("heading", { name: t.newOrder.title }).waitFor();
  }, 60_000);

  it("When an order is placed, then the message says the confirmation SMS is on its way, and the list tells its state", async () => {
    await onOrders();
    const number = await placeOrder(page, t, "Maize flour 2 kg", "240");
    const placed = page.getByRole("status").filter({ hasText: number });
    expect(await placed.textContent()).toContain(t.newOrder.placedSms);
    await orderEntry(page, "Maize flour 2 kg").getByText(t.sms.outbox).waitFor({ timeout: 20_000 });
    await expectSound(page, view);
    if (view === VIEWS[0]) await screenshot(page, "customer-orders-phone");
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When an order is saved or canceled while the 'order placed' message shows, then focus and the page stay at that order", async () => {
    await onOrders();
    await placeOrder(page, t, "Sugar 1 kg", "150");
    await placeOrder(page, t, "Cooking oil 1 l", "330");
    // The newest order's message shows (and has focus); the change is made to older ones, further down.
    await placeOrder(page, t, "Tea leaves 500 g", "320");
    const sugar = orderEntry(page, "Sugar 1 kg");
    await sugar.getByRole("button", { name: t.order.edit }).click();
    await sugar.getByLabel(t.order.item).fill("Sugar 2 kg");
    await sugar.getByRole("button", { name: t.order.save }).click();
    const edited = orderEntry(page, "Sugar 2 kg");
    await edited.getByText(t.order.saved).waitFor();
    await page.waitForTimeout(300);
    expect(await holdsFocusInView(page, edited)).toEqual({ focused: true, inView: true });

    const oil = orderEntry(page, "Cooking oil 1 l");
    await oil.getByRole("button", { name: t.order.cancel }).click();
    await oil.getByRole("button", { name: t.order.yesCancel }).click();
    await oil.getByText(t.order.canceled).waitFor();
    await oil.locator(".badge", { hasText: t.status.Canceled }).waitFor();
    await page.waitForTimeout(300);
    expect(await holdsFocusInView(page, oil)).toEqual({ focused: true, inView: true });
    await expectSound(page, view);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 90_000);

  it("When an item is one long word or longer than the shop takes, then the page keeps its width and the field says so", async () => {
    await onOrders();
    const word = `Super${"x".repeat(63)}`;
    await placeOrder(page, t, word, "10");
    const entry = orderEntry(page, word);
    await entry.waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(view.viewport.width);
    // The badge keeps its size beside a long name, as beside a short one.
    const badge = await entry.locator(".badge").boundingBox();
    const shortBadge = await orderEntry(page, "Tea leaves 500 g").locator(".badge").boundingBox();
    expect(badge?.width).toBeCloseTo(shortBadge?.width ?? 0, 0);
    expect(badge?.height).toBeCloseTo(shortBadge?.height ?? 0, 0);

    const posts: Request[] = [];
    const watch = (request: Request) => {
      if (request.method() === "POST" && request.url().endsWith("/api/orders/")) posts.push(request);
    };
    page.on("request", watch);
    const long = "Sack of beans ".repeat(22).trim();
    expect(long.length).toBeGreaterThan(ITEM_MAX);
    await page.getByLabel(t.newOrder.item, { exact: true }).fill(long);
    expect(await page.getByLabel(t.newOrder.item, { exact: true }).inputValue()).toBe(long);
    await page.getByText(t.newOrder.itemTooLong(long.length, ITEM_MAX)).first().waitFor();
    await page.getByLabel(t.newOrder.amount, { exact: true }).fill("10");
    await page.getByRole("button", { name: t.newOrder.place }).click();
    await page.getByRole("alert").getByText(t.problem.fields).waitFor();
    page.off("request", watch);
    expect(posts).toEqual([]);
    await expectSound(page, view);
    await page.getByLabel(t.newOrder.item, { exact: true }).fill("");
    await page.getByLabel(t.newOrder.amount, { exact: true }).fill("");
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When the list is slow, then it says it is loading, and a filter change never shows the old filter's orders", async () => {
    await onOrders();
    const delays: { status: string | null; ms: number }[] = [];
    const slow = async (route: Route) => {
      const status = new URL(route.request().url()).searchParams.get("status");
      const delay = delays.find((entry) => entry.status === status);
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay.ms));
      await route.continue().catch(() => undefined);
    };
    await page.route("**/api/orders/?*", slow);
    try {
      // A slow reload: the card says the orders are coming, not that there are none.
      delays.push({ status: null, ms: 2_000 });
      await page.reload();
      await page.getByRole("status").getByText(t.orders.loading).waitFor();
      expect(await page.getByText(t.orders.empty).count()).toBe(0);
      await orderEntry(page, "Tea leaves 500 g").waitFor();

      // A slow filter: the Pending orders go at once, while the Canceled ones are on their way.
      delays.push({ status: "Canceled", ms: 2_000 });
      await page.getByLabel(t.orders.show).selectOption("Canceled");
      await page.getByRole("status").getByText(t.orders.loading).waitFor();
      expect(await orderEntry(page, "Tea leaves 500 g").count()).toBe(0);
      await orderEntry(page, "Cooking oil 1 l").waitFor();
      expect(await orderEntry(page, "Tea leaves 500 g").count()).toBe(0);

      // A slow earlier answer (all orders) comes after a later one (Pending): the later one stays.
      delays.length = 0;
      delays.push({ status: null, ms: 3_000 });
      await page.getByLabel(t.orders.show).selectOption("");
      await page.getByLabel(t.orders.show).selectOption("Pending");
      await orderEntry(page, "Tea leaves 500 g").waitFor();
      await page.waitForTimeout(3_500);
      const badges = await page.locator(".order-list .badge").allTextContents();
      expect(new Set(badges)).toEqual(new Set([t.status.Pending]));
    } finally {
      await page.unroute("**/api/orders/?*", slow);
    }
    await page.getByLabel(t.orders.show).selectOption("");
    await expectSound(page, view);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When an order's own page is opened by its URL, then it tells the amount, status and story, and follows the shop live", async () => {
    const order = await orderThroughApi(customer, "Rice 5 kg", "900");
    const own = await openPage(context, errors);
    await own.goto(`${appUrl}/#/orders/${order.id}`);
    await own.getByRole("heading", { name: t.order.title(order.order_number) }).waitFor();
    const money = new Intl.NumberFormat(view.locale, { style: "currency", currency: "KES" })
      .format(900)
      .replace(/\s/g, "\u00a0");
    await own.locator(".facts .money", { hasText: money }).waitFor();
    await own.locator(".facts .badge", { hasText: t.status.Pending }).waitFor();
    const story = own.locator(".story");
    await story.getByText(t.order.events.placed).waitFor();
    await story.getByText(t.order.events.smsOutbox).waitFor({ timeout: 20_000 });
    await story.getByText(t.order.events.pending).waitFor();
    await expectSound(own, view);
    if (view === VIEWS[0]) await screenshot(own, "customer-order-phone");

    // The shop completes it: the open page follows without a reload.
    const staff = await staffToken();
    const read = await api.get(`/staff/orders/${order.order_number}/`, { token: staff });
    const etag = read.headers.get("etag") ?? "";
    const done = await api.patch(
      `/staff/orders/${order.order_number}/`,
      { status: "Completed" },
      {
        token: staff,
        headers: { "If-Match": etag },
      },
    );
    expectStatus(done, 200);
    await own.locator(".facts .badge", { hasText: t.status.Completed }).waitFor();
    await story.getByText(t.order.events.completed).waitFor();
    expect(await story.getByText(t.order.events.pending).count()).toBe(0);
    expect(await own.getByRole("button", { name: t.order.cancel }).count()).toBe(0);
    await expectSound(own, view);
    await own.close();
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When the hour's SMS budget is spent, then the order's SMS says so plainly and that the order stands", async () => {
    await onOrders();
    // Orders from another device of the customer, until one of their confirmations is held back.
    let held: string | undefined;
    for (let attempt = 0; attempt < 14 && !held; attempt++) {
      const order = await orderThroughApi(customer, `Soap ${String(attempt)}`, "50");
      const sms = await waitFor(
        async () =>
          (await db().collection("users").doc(customer.uid).collection("orders").doc(order.id).get()).get("sms") as {
            status: string;
            error_code: string | null;
          },
        (state) => !["pending", "sending"].includes(state.status),
        15_000,
      );
      if (sms.status === "suppressed") {
        expect(sms.error_code).toBe("sms_budget_account_hour");
        held = order.item;
      }
    }
    if (!held) throw new Error("No confirmation SMS was held back by the hourly budget.");
    await page.reload();
    await orderEntry(page, held).getByText(t.sms.hourLimit).waitFor();
    expect(t.sms.hourLimit).not.toMatch(/limit reached/);
    await expectSound(page, view);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 120_000);
});
