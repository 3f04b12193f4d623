/**
 * Installable and useful offline, per view: the web app manifest and its icons, the service worker
 * that opens the app without a network and the last orders this phone saw (marked as such), and an
 * order placed offline, which is kept in its form and sent once when the connection is back.
 */
import type { BrowserContext, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../functions/test/support/wait.js";
import {
  api,
  appUrl,
  closeProfile,
  expectSound,
  openPage,
  orderEntry,
  placeOrder,
  signedInCustomer,
  VIEWS,
  profileContext,
  type Customer,
} from "./support/app.js";

interface Manifest {
  name: string;
  short_name: string;
  start_url: string;
  display: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

/** A PNG's width and height, from its header. */
function pngSize(bytes: Buffer): string {
  return `${String(bytes.readUInt32BE(16))}x${String(bytes.readUInt32BE(20))}`;
}

describe.each(VIEWS)("Installable and useful offline, $name", (view) => {
  const { t } = view;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  let customer: Customer;

  beforeAll(async () => {
    context = await profileContext(view);
    page = await openPage(context, errors);
  }, 60_000);

  afterAll(async () => {
    await closeProfile(context);
  });

  it("When the app is opened, then it carries the shop's name and Chromium finds it installable", async () => {
    await page.goto(`${appUrl}/`);
    await page.getByRole("heading", { name: t.signIn.title }).waitFor();
    expect(await page.locator(".brand").textContent()).toBe("Duka");
    expect(await page.title()).toBe(`${t.signIn.title} · Duka`);
    const manifest = (await (await fetch(`${appUrl}/manifest.webmanifest`)).json()) as Manifest;
    expect(manifest).toMatchObject({ name: "Duka", start_url: "/", display: "standalone" });
    for (const icon of manifest.icons.filter((entry) => entry.type === "image/png")) {
      const response = await fetch(`${appUrl}${icon.src}`);
      expect(response.headers.get("content-type")).toBe("image/png");
      expect(pngSize(Buffer.from(await response.arrayBuffer()))).toBe(icon.sizes);
    }
    expect(manifest.icons.some((icon) => icon.purpose === "maskable")).toBe(true);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors")) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors).toEqual([]);
    await cdp.detach();
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When the phone is offline, then the app still opens and shows the last orders it saw, marked as saved", async () => {
    customer = await signedInCustomer(page, t);
    await placeOrder(page, t, "Maize flour 2 kg", "240");
    await orderEntry(page, "Maize flour 2 kg").getByText(t.sms.outbox).waitFor({ timeout: 20_000 });
    // The service worker has kept the app once it controls the page.
    await waitFor(
      () =>
        page.evaluate<boolean>("navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller !== null)"),
      (controlled) => controlled,
    );
    await page.reload();
    await orderEntry(page, "Maize flour 2 kg").waitFor();

    await context.setOffline(true);
    try {
      await page.reload();
      await page.getByRole("heading", { name: t.orders.title }).waitFor();
      await orderEntry(page, "Maize flour 2 kg").waitFor();
      expect(await page.locator(".notice.saved").textContent()).toMatch(
        new RegExp(`^${t.orders.cached("").slice(0, 18)}`),
      );
      await page.getByRole("status").getByText(t.frame.offline).waitFor();
      await expectSound(page, view);
    } finally {
      await context.setOffline(false);
    }
    expect(errors, errors.join("\n")).toEqual([]);
  }, 90_000);

  it("When an order is placed offline, then it says a connection is needed, keeps the order, and sends it once back online", async () => {
    const posts: Request[] = [];
    const watch = (request: Request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname === "/api/orders/") posts.push(request);
    };
    page.on("requestfinished", watch);
    await context.setOffline(true);
    try {
      await page.getByLabel(t.newOrder.item, { exact: true }).fill("Sugar 2 kg");
      await page.getByLabel(t.newOrder.amount, { exact: true }).fill("300");
      await page.getByRole("button", { name: t.newOrder.place }).click();
      await page.getByRole("alert").getByText(t.newOrder.offline).waitFor();
      expect(await page.getByLabel(t.newOrder.item, { exact: true }).inputValue()).toBe("Sugar 2 kg");
      await expectSound(page, view);
    } finally {
      await context.setOffline(false);
    }
    expect(posts).toEqual([]);
    await page.getByRole("button", { name: t.newOrder.place }).click();
    await page.getByRole("status").getByText(t.newOrder.placed("").slice(0, 4)).first().waitFor();
    await orderEntry(page, "Sugar 2 kg").waitFor();
    page.off("requestfinished", watch);
    expect(posts).toHaveLength(1);
    const listed = await api.get<{ item: string }[]>("/orders/?limit=100", { token: customer.token });
    expect(listed.body.filter((order) => order.item === "Sugar 2 kg")).toHaveLength(1);
    await expect.poll(() => page.getByRole("status").getByText(t.frame.offline).count()).toBe(0);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);
});
