/**
 * The layers of functions/src are a rule `npm run lint` enforces (.dependency-cruiser.cjs). These
 * tests run the same check on a copy of the tree with one wrong-way import added, so the rule is
 * shown to fail where it must, not only to pass today.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(__dirname, "../../..");
const depcruise = join(root, "node_modules", ".bin", "depcruise");

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

let copy: string;

/** Runs the lint's check on the copy, with `extra` files added for this case only. */
function violations(extra: Record<string, string>): Violation[] {
  const written = Object.keys(extra).map((path) => join(copy, path));
  for (const [path, text] of Object.entries(extra)) writeFileSync(join(copy, path), text);
  try {
    const output = execFileSync(
      depcruise,
      ["functions/src", "--config", ".dependency-cruiser.cjs", "--output-type", "json", "--no-progress"],
      { cwd: copy, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 },
    );
    return (JSON.parse(output) as { summary: { violations: Violation[] } }).summary.violations;
  } catch (error) {
    // depcruise exits non-zero when it finds violations; the report is still on stdout.
    const stdout = (error as { stdout?: string }).stdout ?? "";
    return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
  } finally {
    for (const path of written) rmSync(path, { force: true });
  }
}

describe("Dependency directions", () => {
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), "layers-"));
    cpSync(join(root, "functions", "src"), join(copy, "functions", "src"), { recursive: true });
    for (const file of [".dependency-cruiser.cjs", "tsconfig.json", "tsconfig.base.json"]) {
      cpSync(join(root, file), join(copy, file));
    }
  });
  afterAll(() => {
    rmSync(copy, { recursive: true, force: true });
  });

  it("When the tree is checked as it is, then it has no violation", () => {
    expect(violations({})).toEqual([]);
  });

  it("When http/ imports a resource, then the check fails naming the rule", () => {
    const found = violations({
      "functions/src/http/wrong-way.ts":
        'import { ORDER_ID_PATTERN } from "../orders/ids.js";\nexport const x = ORDER_ID_PATTERN;\n',
    });
    expect(found.map((violation) => [violation.rule.name, violation.from, violation.to])).toEqual([
      ["layer-http", "functions/src/http/wrong-way.ts", "functions/src/orders/ids.ts"],
    ]);
  });

  it("When the SMS engine imports order code, then the check fails", () => {
    const found = violations({
      "functions/src/sms/wrong-way.ts":
        'import type { OrderDocument } from "../orders/order-document.js";\nexport type X = OrderDocument;\n',
    });
    expect(found.map((violation) => violation.rule.name)).toEqual(["layer-sms"]);
  });

  it("When accounts imports orders (which imports accounts), then the check fails", () => {
    const found = violations({
      "functions/src/accounts/wrong-way.ts":
        'import { ORDER_ID_PATTERN } from "../orders/ids.js";\nexport const x = ORDER_ID_PATTERN;\n',
    });
    expect(found.map((violation) => violation.rule.name)).toEqual(["layer-accounts"]);
  });

  it("When two modules import each other, even inside one folder, then the check fails on the cycle", () => {
    const found = violations({
      "functions/src/orders/cycle-a.ts": 'import { b } from "./cycle-b.js";\nexport const a = () => b;\n',
      "functions/src/orders/cycle-b.ts": 'import { a } from "./cycle-a.js";\nexport const b = () => a;\n',
    });
    expect(new Set(found.map((violation) => violation.rule.name))).toEqual(new Set(["no-cycles"]));
  });

  it("When a folder the layers do not name appears, then the check fails until it is given its place", () => {
    cpSync(join(copy, "functions", "src", "texts"), join(copy, "functions", "src", "misc"), { recursive: true });
    try {
      const stray = violations({});
      expect(stray.some((violation) => violation.rule.name === "known-folders-only")).toBe(true);
    } finally {
      rmSync(join(copy, "functions", "src", "misc"), { recursive: true, force: true });
    }
  });
});
