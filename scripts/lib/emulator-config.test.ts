/**
 * What production serves names no loopback origin; the emulators' copy of the configuration adds
 * exactly the Auth and Firestore emulators' origins, and changes nothing else.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { emulatorConfig, withSources } from "./emulator-config.js";

const root = resolve(import.meta.dirname, "..", "..");
const deployed = readFileSync(join(root, "firebase.json"), "utf8");

interface Config {
  hosting: { headers: { headers: { key: string; value: string }[] }[] };
}
const policies = (text: string) =>
  (JSON.parse(text) as Config).hosting.headers
    .flatMap((rule) => rule.headers)
    .filter((header) => header.key === "Content-Security-Policy")
    .map((header) => header.value);

describe("The web app's Content-Security-Policy", () => {
  it("When firebase.json is read as deployed, then no policy allows a loopback or local origin", () => {
    const found = policies(deployed);
    expect(found.length).toBeGreaterThan(0);
    for (const policy of found) expect(policy).not.toMatch(/127\.0\.0\.1|localhost|\[::1\]|http:\/\//);
  });

  it("When the emulators' copy is made, then it adds the Auth and Firestore emulators and nothing else changes", () => {
    const local = emulatorConfig(deployed);
    const [policy] = policies(local);
    expect(policy).toMatch(/connect-src 'self' [^;]* http:\/\/127\.0\.0\.1:9099 http:\/\/127\.0\.0\.1:8080(;|$)/);
    expect(policy).toMatch(/frame-src [^;]* http:\/\/127\.0\.0\.1:9099(;|$)/);
    const withoutPolicies = (text: string) => text.replace(/"Content-Security-Policy",\s*"value": "[^"]*"/g, "");
    expect(withoutPolicies(local)).toBe(withoutPolicies(`${JSON.stringify(JSON.parse(deployed), null, 2)}\n`));
  });

  it("When a directive is missing, then it is added rather than folded into another", () => {
    expect(withSources("default-src 'self'", "connect-src", ["http://a:1"])).toBe(
      "default-src 'self'; connect-src http://a:1",
    );
  });
});
