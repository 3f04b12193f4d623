/**
 * The layers of functions/src are a rule `npm run lint` enforces (.dependency-cruiser.cjs). These
 * tests run the same check on a copy of the tree, as it is and with wrong-way imports added, so the
 * rule is shown to fail where it must, not only to pass today. The wrong-way files of all the cases
 * lie in one copy, checked once (a check of the whole tree takes seconds); each case reads the
 * violations that come from its own files.
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
let withWrongWays: Violation[];

/** Runs the lint's check on the copy. */
function violations(): Violation[] {
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
  }
}

/** Each case's wrong-way files, by the case. */
const WRONG_WAYS = {
  httpImportsAResource: {
    "functions/src/http/wrong-way.ts":
      'import { ORDER_ID_PATTERN } from "../orders/ids.js";\nexport const x = ORDER_ID_PATTERN;\n',
  },
  smsImportsOrders: {
    "functions/src/sms/wrong-way.ts":
      'import type { OrderDocument } from "../orders/order-document.js";\nexport type X = OrderDocument;\n',
  },
  accountsImportsOrders: {
    "functions/src/accounts/wrong-way.ts":
      'import { ORDER_ID_PATTERN } from "../orders/ids.js";\nexport const x = ORDER_ID_PATTERN;\n',
  },
  aCycle: {
    "functions/src/orders/cycle-a.ts": 'import { b } from "./cycle-b.js";\nexport const a = () => b;\n',
    "functions/src/orders/cycle-b.ts": 'import { a } from "./cycle-a.js";\nexport const b = () => a;\n',
  },
} satisfies Record<string, Record<string, string>>;

/** The violations that come from a case's own files (or from under a folder). */
function from(files: Record<string, string> | string): Violation[] {
  const mine = (path: string) => (typeof files === "string" ? path.startsWith(files) : path in files);
  return withWrongWays.filter((violation) => mine(violation.from));
}

describe("Dependency directions", () => {
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), "layers-"));
    cpSync(join(root, "functions", "src"), join(copy, "functions", "src"), { recursive: true });
    for (const file of [".dependency-cruiser.cjs", "tsconfig.json", "tsconfig.base.json"]) {
      cpSync(join(root, file), join(copy, file));
    }
    for (const files of Object.values(WRONG_WAYS)) {
      for (const [path, text] of Object.entries(files)) writeFileSync(join(copy, path), text);
    }
    // A folder the layers do not name: a copy of texts/ as misc/.
    cpSync(join(copy, "functions", "src", "texts"), join(copy, "functions", "src", "misc"), { recursive: true });
    withWrongWays = violations();
  }, 120_000);
  afterAll(() => {
    rmSync(copy, { recursive: true, force: true });
  });

  it("When the tree is checked as it is, then it has no violation", () => {
    // One run serves every case: the files this test adds import the tree, never the other way, so
    // whatever the tree's own files break is what they break without them.
    const added = new Set(Object.values(WRONG_WAYS).flatMap((files) => Object.keys(files)));
    const own = withWrongWays.filter(
      (violation) => !added.has(violation.from) && !violation.from.startsWith("functions/src/misc/"),
    );
    expect(own).toEqual([]);
  });

  it("When http/ imports a resource, then the check fails naming the rule", () => {
    expect(
      from(WRONG_WAYS.httpImportsAResource).map((violation) => [violation.rule.name, violation.from, violation.to]),
    ).toEqual([["layer-http", "functions/src/http/wrong-way.ts", "functions/src/orders/ids.ts"]]);
  });

  it("When the SMS engine imports order code, then the check fails", () => {
    expect(from(WRONG_WAYS.smsImportsOrders).map((violation) => violation.rule.name)).toEqual(["layer-sms"]);
  });

  it("When accounts imports orders (which imports accounts), then the check fails", () => {
    expect(from(WRONG_WAYS.accountsImportsOrders).map((violation) => violation.rule.name)).toEqual(["layer-accounts"]);
  });

  it("When two modules import each other, even inside one folder, then the check fails on the cycle", () => {
    expect(new Set(from(WRONG_WAYS.aCycle).map((violation) => violation.rule.name))).toEqual(new Set(["no-cycles"]));
  });

  it("When a folder the layers do not name appears, then the check fails until it is given its place", () => {
    expect(from("functions/src/misc/").some((violation) => violation.rule.name === "known-folders-only")).toBe(true);
  });

  it("When every case's files lie side by side, then no violation comes from anywhere else", () => {
    const cases = Object.values(WRONG_WAYS).flatMap((files) => Object.keys(files));
    const elsewhere = withWrongWays.filter(
      (violation) => !cases.includes(violation.from) && !violation.from.startsWith("functions/src/misc/"),
    );
    expect(elsewhere).toEqual([]);
  });
});
