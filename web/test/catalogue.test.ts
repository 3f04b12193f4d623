/**
 * A customer ordering from the shop's catalogue, per view (a phone in English, a desktop in
 * Swahili): finding products by the start of their name, a basket with quantities and its total,
 * the order placed from its lines and shown with them, and stock that ran out meanwhile explained.
 */
import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../functions/test/support/browser.js";
import { db } from "../../functions/test/support/firebase.js";
import { expectStatus } from "../../functions/test/support/http.js";
import { provePhone, registerAndLogin } from "../../functions/test/support/users.js";
import { en } from "../src/i18n/en.js";
import {
  api,
  appUrl,
  expectSound,
  openPage,
  screenshot,
  signedInCustomer,
  staffToken,
  VIEWS,
  viewContext,
} from "./support/app.js";

interface ProductBody {
  id: string;
  name: string;
  price: string;
}

async function addProduct(token: string, name: string, price: string, stock: number): Promise<ProductBody> {
  const created = await api.post<ProductBody>("/staff/products/", { name, price, stock }, { token });
  expectStatus(created, 201);
  return created.body;
}

describe.each(VIEWS)("Ordering from the catalogue, $name", (view) => {
  const { t } = view;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let staff: string;
  const errors: string[] = [];
  // A prefix of this run's own, so a search finds only these products.
  const prefix = `Unga${randomUUID().slice(0, 6)}`;
  const flour = { name: `${prefix} maize flour 2 kg`, price: "185.50" };
  const sugar = { name: `${prefix} sugar 1 kg`, price: "160.00" };
  const rice = { name: `${prefix} rice 5 kg`, price: "900.00" };

  beforeAll(async () => {
    staff = await staffToken();
    await addProduct(staff, flour.name, flour.price, 10);
    await addProduct(staff, sugar.name, sugar.price, 1);
    await addProduct(staff, rice.name, rice.price, 0);
    browser = await launchChromium();
    context = await viewContext(browser, view);
    page = await openPage(context, errors);
    await signedInCustomer(page, t);
  }, 60_000);

  afterAll(async () => {
    await browser.close();
  });

  it("When they search, fill a basket and place it, then the total is the shop's and the order shows its lines", async () => {
    await page.getByRole("link", { name: t.catalogue.nav }).click();
    await page.getByRole("heading", { name: t.catalogue.title, level: 1 }).waitFor();
    await page.getByLabel(t.catalogue.search).fill(prefix.toLowerCase());
    const products = page.getByRole("list", { name: t.catalogue.products });
    await products.getByRole("listitem").filter({ hasText: flour.name }).waitFor();
    expect(await products.getByRole("listitem").count()).toBe(3);
    // What cannot be ordered says so and cannot be added.
    const riceEntry = products.getByRole("listitem").filter({ hasText: rice.name });
    await riceEntry.getByText(t.catalogue.outOfStock).waitFor();
    expect(await page.getByRole("button", { name: t.catalogue.add(rice.name) }).isDisabled()).toBe(true);
    await page.getByText(t.catalogue.empty).waitFor();

    await page.getByRole("button", { name: t.catalogue.add(flour.name) }).click();
    await page.getByRole("button", { name: t.catalogue.add(flour.name) }).click();
    await page.getByRole("button", { name: t.catalogue.add(sugar.name) }).click();
    expect(await page.getByLabel(t.catalogue.quantity(flour.name)).inputValue()).toBe("2");
    await page.getByLabel(t.catalogue.quantity(flour.name)).fill("3");
    // 3 x 185.50 + 160.00
    const total = page.locator("#basket-total");
    await expect.poll(() => total.textContent()).toMatch(/716[.,]50/);
    await expectSound(page, view);
    if (view.t === en && view.viewport.width < 500) await screenshot(page, "customer-catalogue-phone");

    // Sugar leaves the basket; the order is the flour alone, at the shop's price.
    await page.getByRole("button", { name: t.catalogue.remove(sugar.name) }).click();
    await page.getByRole("button", { name: t.catalogue.place }).click();
    const placed = page.getByRole("status").filter({ hasText: /556[.,]50/ });
    await placed.waitFor();
    await placed.getByRole("link", { name: t.newOrder.seeOrder }).click();
    await page.getByRole("heading", { name: t.order.lines }).waitFor();
    const row = page.getByRole("row").filter({ hasText: flour.name });
    await row.getByRole("cell", { name: "3", exact: true }).waitFor();
    await expectSound(page, view);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 90_000);

  it("When stock ran out after the basket was filled, then nothing is ordered and the line says how many are left", async () => {
    await page.goto(`${appUrl}/#/shop`);
    await page.getByLabel(t.catalogue.search).fill(prefix);
    await page.getByRole("button", { name: t.catalogue.add(sugar.name) }).click();
    // Another customer takes the last one while this basket waits.
    const rival = await signedInElsewhere();
    const products = await api.get<ProductBody[]>(`/products/?q=${encodeURIComponent(prefix)}`, { token: rival });
    const sugarId = products.body.find((product) => product.name === sugar.name)?.id;
    const taken = await api.post("/orders/", { lines: [{ product_id: sugarId, quantity: 1 }] }, { token: rival });
    expectStatus(taken, 201);

    await page.getByRole("button", { name: t.catalogue.place }).click();
    await page.getByRole("alert").getByText(t.catalogue.refused).waitFor();
    await page.getByText(t.catalogue.onlyLeft(sugar.name, 0)).waitFor();
    expect(await page.getByLabel(t.catalogue.quantity(sugar.name)).getAttribute("aria-invalid")).toBe("true");
    await expectSound(page, view);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  /** Another customer's token, as their own phone would have it. */
  async function signedInElsewhere(): Promise<string> {
    const rival = await registerAndLogin(api);
    await provePhone(api, rival, db());
    return rival.token;
  }
});
