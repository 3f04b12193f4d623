import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUDGET_BYTES, firstLoadFiles, measureSides, type ViteManifest } from "./web-budget.js";

const manifest: ViteManifest = {
  "index.html": { file: "assets/index.js", isEntry: true, imports: ["_shared.js"] },
  "_shared.js": { file: "assets/shared.js" },
  "src/firestore.ts": { file: "assets/firestore.js", imports: ["index.html", "_shared.js"] },
  "src/staff/staff.tsx": { file: "assets/staff.js", imports: ["index.html"] },
};

describe("The web app's first-load budget", () => {
  it("When a side is measured, then its entry, its first-screen chunks and their imports count once each", () => {
    expect(firstLoadFiles(manifest, { name: "customer", firstScreen: ["src/firestore.ts"] })).toEqual([
      "assets/index.js",
      "assets/shared.js",
      "assets/firestore.js",
    ]);
    expect(firstLoadFiles(manifest, { name: "staff", firstScreen: ["src/staff/staff.tsx"] })).toEqual([
      "assets/index.js",
      "assets/shared.js",
      "assets/staff.js",
    ]);
  });

  it("When a first-screen module is no longer in the build, then the check fails instead of passing on less", () => {
    expect(() => firstLoadFiles(manifest, { name: "customer", firstScreen: ["src/moved.ts"] })).toThrow(
      /no chunk for src\/moved.ts/,
    );
  });

  it("When a side's code grows past the budget, then its compressed size says so", () => {
    const dist = mkdtempSync(join(tmpdir(), "web-budget-"));
    mkdirSync(join(dist, ".vite"));
    mkdirSync(join(dist, "assets"));
    writeFileSync(join(dist, ".vite", "manifest.json"), JSON.stringify(manifest));
    writeFileSync(join(dist, "assets/index.js"), "export const a = 1;\n".repeat(1000));
    writeFileSync(join(dist, "assets/shared.js"), "");
    writeFileSync(join(dist, "assets/staff.js"), "");
    // Random bytes do not compress: this side is over budget whatever gzip does.
    writeFileSync(join(dist, "assets/firestore.js"), randomBytes(BUDGET_BYTES + 1024));
    const [customer, staff] = measureSides(dist);
    expect(customer?.gzipBytes).toBeGreaterThan(BUDGET_BYTES);
    expect(staff?.gzipBytes).toBeLessThan(1024);
  });
});
