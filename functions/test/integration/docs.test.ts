import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderOpenApiYaml } from "../../../scripts/lib/openapi-yaml.js";
import { client, expectStatus } from "../support/http.js";
import { useApi } from "../support/server.js";

describe("API contract and docs", () => {
  const api = useApi();

  it("When the code's schemas are rendered, then they equal the committed openapi.yaml", async () => {
    const committed = readFileSync(resolve(__dirname, "../../../openapi.yaml"), "utf8");
    // On a difference, run `npm run openapi` and commit the result.
    expect(await renderOpenApiYaml()).toBe(committed);
  });

  it("When the document is fetched, then it is OpenAPI 3.1 with every operation summarised and secured as intended", async () => {
    const response = await api.get<{
      openapi: string;
      servers: { url: string }[];
      paths: Record<
        string,
        Record<string, { summary?: string; security?: unknown[]; responses: Record<string, unknown> }>
      >;
      components: { securitySchemes: Record<string, { type: string; openIdConnectUrl?: string }> };
    }>("/openapi.json");
    expectStatus(response, 200);
    const document = response.body;
    expect(document.openapi).toBe("3.1.0");
    // First the API it was fetched from (relative to the document's URL), then Hosting and the function.
    expect(document.servers.map((server) => server.url)).toEqual([
      ".",
      "https://{site}.web.app/api",
      "https://{region}-{project}.cloudfunctions.net/api/api",
    ]);
    expect(new URL(".", `${api.baseUrl}/openapi.json`).href).toBe(`${api.baseUrl}/`);
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(["bearerAuth", "firebaseOpenId"]);
    expect(document.components.securitySchemes.firebaseOpenId?.openIdConnectUrl).toContain("securetoken.google.com");
    const publicOperations: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.summary, `${method} ${path}`).toBeTruthy();
        expect(Object.keys(operation.responses), `${method} ${path}`).toContain("500");
        if (operation.security?.length === 0) publicOperations.push(`${method} ${path}`);
      }
    }
    expect(publicOperations.sort()).toEqual(
      [
        "get /health/",
        "get /openapi.json",
        "get /openapi.yaml",
        "get /shop/",
        "post /login/",
        "post /register/",
        "post /sms/delivery-reports/{token}/",
        "post /sms/inbound/{token}/",
        "post /token/refresh/",
        "post /ussd/{token}/",
      ].sort(),
    );
  });

  it("When the YAML form is fetched, then it is the same document", async () => {
    const [json, yaml] = await Promise.all([api.get("/openapi.json"), api.get("/openapi.yaml")]);
    expectStatus(yaml, 200);
    expect(yaml.headers.get("content-type")).toMatch(/^application\/yaml/);
    expect(parse(yaml.text)).toEqual(json.body);
  });

  it("When the document is fetched through the Functions emulator, then its first server resolves to the emulator's URL", async () => {
    const viaEmulator = client(String(process.env.API_BASE_URL));
    const response = await viaEmulator.get<{ servers: { url: string }[] }>("/openapi.json");
    expectStatus(response, 200);
    const first = new URL(response.body.servers[0]?.url ?? "", `${String(process.env.API_BASE_URL)}/openapi.json`);
    expect(first.href).toBe(`${String(process.env.API_BASE_URL)}/`);
  });

  it("When the docs pages are fetched, then they and their assets come from this server, not a CDN", async () => {
    for (const page of ["/docs/", "/redoc/"]) {
      const html = await api.get(page, { checkContract: false });
      expectStatus(html, 200);
      expect(html.headers.get("content-type")).toMatch(/^text\/html/);
      expect(html.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(html.text).not.toMatch(/https?:\/\//);
      const assets = [...html.text.matchAll(/(?:src|href)="([^"]+)"/g)]
        .map((match) => match[1] ?? "")
        .filter((asset) => !asset.startsWith("data:"));
      expect(assets.length).toBeGreaterThanOrEqual(2);
      for (const asset of assets) {
        const response = await api.get(`${page}${asset}`, { checkContract: false });
        expectStatus(response, 200);
        expect(response.text.length).toBeGreaterThan(100);
      }
    }
    const redirect = await fetch(`${api.baseUrl}/docs`, { redirect: "manual" });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get("location")).toBe("docs/");
    expectStatus(await api.get("/docs/nope.js", { checkContract: false }), 404);
  });
});
