import { describe, expect, it } from "vitest";
import { relativeReference } from "../../src/http/relative-reference.js";

describe("Relative references", () => {
  it.each([
    ["/api/orders/", "/api/orders/abc/", "abc/"],
    ["/api/orders", "/api/orders/abc/", "orders/abc/"],
    ["/api/orders/create/", "/api/orders/abc/", "../abc/"],
    ["/api/orders/create", "/api/orders/abc/", "abc/"],
    ["/orders/", "/orders/abc/", "abc/"],
  ])("When the request path is %s, then %s is reached by %s", (from, to, expected) => {
    const reference = relativeReference(from, to);
    expect(reference).toBe(expected);
    // Resolved against any prefix, the reference lands on the target under that prefix.
    const prefix = "http://host/demo/us-central1/api";
    expect(new URL(reference, `${prefix}${from}`).pathname).toBe(new URL(`${prefix}${to}`).pathname);
  });
});
