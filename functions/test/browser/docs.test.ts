/**
 * The docs pages in a real browser, through Firebase Hosting's /api rewrite as people reach them:
 * Swagger UI lists every operation with the Hosting /api server first and "Try it out" calls the
 * API through it; ReDoc renders. The browser may load nothing from another host: every request
 * is intercepted, and one for another origin is refused and recorded.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { launchChromium } from "../support/browser.js";
import { client, expectStatus } from "../support/http.js";
import { registerAndLogin } from "../support/users.js";

const screenshots = resolve(__dirname, "../../../test-results/screenshots");
const spec = parse(readFileSync(resolve(__dirname, "../../../openapi.yaml"), "utf8")) as {
  paths: Record<string, Record<string, { summary: string }>>;
};
const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method, summary: operation.summary })),
);

/** The Hosting emulator (firebase.json), which rewrites /api/** to the api function. */
const appUrl = process.env.APP_URL ?? "http://127.0.0.1:5050";
const apiUrl = `${appUrl}/api`;

/** The part of a DOM element the checks below read (this project compiles without the DOM types). */
interface PageElement {
  querySelector(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
  textContent: string | null;
}

describe("The API docs in a real browser, through Hosting", () => {
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const elsewhere: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const origin = new URL(appUrl).origin;
    await page.route("**/*", async (route) => {
      const url = route.request().url();
      if (url.startsWith("data:") || url.startsWith("blob:") || new URL(url).origin === origin) {
        await route.continue();
        return;
      }
      elsewhere.push(url);
      await route.abort("blockedbyclient");
    });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
  }, 60_000);
  afterAll(async () => {
    await browser.close();
  });

  it("When Swagger UI opens, then every operation is listed and the Hosting /api server comes first", async () => {
    await page.goto(`${apiUrl}/docs/`);
    await page.waitForSelector(".opblock", { timeout: 30_000 });
    const listed = await page.locator(".opblock").evaluateAll((blocks: PageElement[]) =>
      blocks.map((block) => ({
        method: (block.querySelector(".opblock-summary-method")?.textContent ?? "").trim().toLowerCase(),
        path:
          block.querySelector(".opblock-summary-path, .opblock-summary-path__deprecated")?.getAttribute("data-path") ??
          "",
      })),
    );
    expect(listed.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
      operations.map((o) => `${o.method} ${o.path}`).sort(),
    );
    for (const { summary } of operations)
      await expect(page.getByText(summary, { exact: true }).first().isVisible()).resolves.toBe(true);
    const servers = await page
      .locator(".servers select option")
      .evaluateAll((options: PageElement[]) => options.map((option) => option.getAttribute("value") ?? ""));
    expect(servers[0]).toBe(apiUrl);
    expect(servers).toContain("https://{site}.web.app/api");
    await page.screenshot({ path: resolve(screenshots, "swagger-ui.png"), fullPage: false });
  });

  it("When a user authorizes with a login token and tries GET /orders/, then the call goes through Hosting and shows a 200", async () => {
    const api = client(apiUrl);
    const user = await registerAndLogin(api);
    expectStatus(await api.post("/orders/", { item: "Laptop", amount: 1200 }, { token: user.token }), 201);

    await page.goto(`${apiUrl}/docs/`);
    await page.waitForSelector(".opblock", { timeout: 30_000 });
    await page.click("button.authorize");
    const bearer = page.locator(".auth-container").filter({ hasText: /^bearerAuth\s*\(http/ });
    await bearer.locator("input").fill(user.token);
    await bearer.locator("button.authorize").click();
    await page.click("button.btn-done");

    const listOrders = page.locator(".opblock-get").filter({
      has: page.locator('.opblock-summary-path[data-path="/orders/"]'),
    });
    await listOrders.locator(".opblock-summary").click();
    await listOrders.locator("button.try-out__btn").click();
    const sent = page.waitForRequest((request) => request.url().startsWith(`${apiUrl}/orders/`));
    await listOrders.locator("button.execute").click();
    expect(new URL((await sent).url()).origin).toBe(new URL(appUrl).origin);
    const status = listOrders.locator(".live-responses-table tr.response .response-col_status").first();
    await status.waitFor({ timeout: 30_000 });
    expect((await status.textContent())?.trim()).toBe("200");
    await expect(listOrders.locator(".live-responses-table").textContent()).resolves.toContain("Laptop");
    await listOrders.screenshot({ path: resolve(screenshots, "swagger-ui-try-it-out.png") });
  });

  it("When ReDoc opens, then it renders the API with its operations", async () => {
    await page.goto(`${apiUrl}/redoc/`);
    await page.waitForSelector("h1", { timeout: 30_000 });
    await expect(page.locator("h1").first().textContent()).resolves.toContain("Customer orders API");
    for (const { summary } of operations) {
      await expect(
        page.locator("label, li, span").getByText(summary, { exact: true }).count(),
      ).resolves.toBeGreaterThan(0);
    }
    await page.screenshot({ path: resolve(screenshots, "redoc.png"), fullPage: false });
  });

  it("When the pages ran, then nothing was asked of another host and no script failed", () => {
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
