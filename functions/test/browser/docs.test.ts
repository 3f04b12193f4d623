/** The docs pages in a real browser: Swagger UI lists every operation and can call the API; ReDoc renders. */
import { mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { launchChromium } from "../support/browser.js";
import { client, expectStatus } from "../support/http.js";
import { startApi, type RunningApi } from "../support/server.js";
import { registerAndLogin } from "../support/users.js";

const screenshots = resolve(__dirname, "../../../test-results/screenshots");
const spec = parse(readFileSync(resolve(__dirname, "../../../openapi.yaml"), "utf8")) as {
  paths: Record<string, Record<string, { summary: string }>>;
};
const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method, summary: operation.summary })),
);

/** The part of a DOM element the checks below read (this project compiles without the DOM types). */
interface PageElement {
  querySelector(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
  textContent: string | null;
}

describe("The API docs in a real browser", () => {
  let running: RunningApi;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  const loadedUrls: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    running = await startApi();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("requestfailed", (request) => failedRequests.push(request.url()));
    page.on("requestfinished", (request) => loadedUrls.push(request.url()));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
  }, 60_000);
  afterAll(async () => {
    await browser.close();
    await running.close();
  });

  it("When Swagger UI opens, then every operation is listed", async () => {
    await page.goto(`${running.baseUrl}/docs/`);
    await page.waitForSelector(".opblock", { timeout: 20_000 });
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
    await page.screenshot({ path: resolve(screenshots, "swagger-ui.png"), fullPage: false });
  });

  it("When a user authorizes with a login token and tries GET /orders/, then Swagger UI shows a 200", async () => {
    const api = client(running.baseUrl);
    const user = await registerAndLogin(api);
    expectStatus(await api.post("/orders/", { item: "Laptop", amount: 1200 }, { token: user.token }), 201);

    await page.goto(`${running.baseUrl}/docs/`);
    await page.waitForSelector(".opblock", { timeout: 20_000 });
    await page.click("button.authorize");
    const bearerInput = page
      .locator(".auth-container")
      .filter({ hasText: /^bearerAuth\s*\(http/ })
      .locator("input");
    await bearerInput.fill(user.token);
    await page
      .locator(".auth-container")
      .filter({ hasText: /^bearerAuth\s*\(http/ })
      .locator("button.authorize")
      .click();
    await page.click("button.btn-done");

    const listOrders = page.locator(".opblock-get").filter({
      has: page.locator('.opblock-summary-path[data-path="/orders/"]'),
    });
    await listOrders.locator(".opblock-summary").click();
    await listOrders.locator("button.try-out__btn").click();
    await listOrders.locator("button.execute").click();
    const status = listOrders.locator(".live-responses-table tr.response .response-col_status").first();
    await status.waitFor({ timeout: 20_000 });
    expect((await status.textContent())?.trim()).toBe("200");
    await expect(listOrders.locator(".live-responses-table").textContent()).resolves.toContain("Laptop");
    await listOrders.screenshot({ path: resolve(screenshots, "swagger-ui-try-it-out.png") });
  });

  it("When ReDoc opens, then it renders the API with its operations", async () => {
    await page.goto(`${running.baseUrl}/redoc/`);
    await page.waitForSelector("h1", { timeout: 30_000 });
    await expect(page.locator("h1").first().textContent()).resolves.toContain("Customer orders API");
    for (const { summary } of operations) {
      await expect(
        page.locator("label, li, span").getByText(summary, { exact: true }).count(),
      ).resolves.toBeGreaterThan(0);
    }
    await page.screenshot({ path: resolve(screenshots, "redoc.png"), fullPage: false });
  });

  it("When the pages ran, then the browser reported no script errors and loaded nothing from elsewhere", () => {
    // Two expected messages: Swagger UI fetches the OpenID Connect discovery document from Google when
    // Authorize opens, which fails on an offline machine; and ReDoc's "powered by" logo points at its
    // CDN, which the docs' Content-Security-Policy blocks. Anything else is a real error.
    const expectedFailures = new Set(["securetoken.google.com", "cdn.redoc.ly"]);
    expect(failedRequests.filter((url) => !expectedFailures.has(new URL(url).hostname))).toEqual([]);
    const expected = [
      /securetoken\.google\.com/,
      /Failed to fetch/,
      /ERR_NAME_NOT_RESOLVED/,
      /cdn\.redoc\.ly\/redoc\/logo-mini\.svg/,
    ];
    expect(pageErrors.filter((error) => !expected.some((pattern) => pattern.test(error)))).toEqual([]);
    // Same-origin only: the API's own URLs, data: URLs and the blob: URL of ReDoc's web worker.
    const origin = new URL(running.baseUrl).origin;
    const foreign = loadedUrls.filter(
      (url) => !url.startsWith(`${origin}/`) && !url.startsWith("data:") && !url.startsWith(`blob:${origin}/`),
    );
    expect(foreign).toEqual([]);
  });
});
