/**
 * Deprecation said on the wire (http/deprecation.ts): a deprecated operation's every answer carries
 * Deprecation (RFC 9745), Sunset (RFC 8594) and a Link to its successor that resolves under any prefix.
 */
import { describe, expect, it } from "vitest";
import { deprecationValue, successorLink, sunsetValue, type Deprecation } from "../../src/http/deprecation.js";
import { useApi } from "../support/server.js";
import { registerAndLogin } from "../support/users.js";

const legacy: Deprecation = { since: "2026-11-27", sunset: "2027-06-30", successor: "/orders/" };

/** Where a Link's target lands, from the URL of the request that got it. */
const target = (requestUrl: string, link: string | null) =>
  new URL(/<([^>]*)>/.exec(link ?? "")?.[1] ?? "", requestUrl).href;

describe("Deprecation on the wire", () => {
  const api = useApi();

  it("When the values are written, then they are an RFC 9651 date and an HTTP-date", () => {
    expect(deprecationValue(legacy)).toBe(`@${Date.UTC(2026, 10, 27) / 1000}`);
    expect(sunsetValue(legacy)).toBe("Wed, 30 Jun 2027 00:00:00 GMT");
  });

  it("When the successor is linked, then it resolves to the successor under every prefix, with or without the slash", () => {
    for (const base of ["https://shop.web.app/api", "https://r-p.cloudfunctions.net/api/api", "http://h/p/r/api/api"]) {
      for (const path of ["/orders/create/", "/orders/create"]) {
        const url = `${base}${path}`;
        const link = successorLink(new URL(url).pathname, "/orders/create/", legacy);
        expect(link).toMatch(/; rel="successor-version"$/);
        expect(target(url, link)).toBe(`${base}/orders/`);
      }
    }
  });

  it("When the deprecated create answers, refusing or creating, then it says so; its successor does not", async () => {
    const refused = await api.post("/orders/create/", { item: "Laptop", amount: 1200 });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("Deprecation")).toBe(deprecationValue(legacy));
    expect(refused.headers.get("Sunset")).toBe(sunsetValue(legacy));
    expect(target(`${api.baseUrl}/orders/create/`, refused.headers.get("Link"))).toBe(`${api.baseUrl}/orders/`);

    const user = await registerAndLogin(api);
    const created = await api.post("/orders/create", { item: "Laptop", amount: 1200 }, { token: user.token });
    expect(created.status).toBe(201);
    expect(created.headers.get("Deprecation")).toBe(deprecationValue(legacy));
    expect(target(`${api.baseUrl}/orders/create`, created.headers.get("Link"))).toBe(`${api.baseUrl}/orders/`);

    const current = await api.post("/orders/", { item: "Laptop", amount: 1200 }, { token: user.token });
    expect(current.status).toBe(201);
    expect(current.headers.get("Deprecation")).toBeNull();
    expect(current.headers.get("Sunset")).toBeNull();
  });
});
