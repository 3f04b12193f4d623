/**
 * Versions that cannot break by accident: openapi.yaml against the last released document, and a
 * deliberately broken copy of openapi.yaml that the check must refuse unless the major version moved.
 * The broken copy is compared with the same operations unbroken: the three it breaks, with all the
 * components (Optic's time grows with the operations it compares; the whole document is compared
 * against the release above).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { changelogVersion } from "../../build-tools/openapi/api-version.js";
import {
  compatibility,
  findingsBetween,
  judge,
  type Finding,
  type Verdict,
} from "../../build-tools/openapi/breaking-changes.js";

const root = resolve(__dirname, "../../..");
const documentPath = join(root, "openapi.yaml");

type Json = Record<string, unknown>;

/** The object at a path inside the document (a YAML document edited in place). */
const at = (document: unknown, ...keys: string[]): Json =>
  keys.reduce<Json>((node, key) => node[key] as Json, document as Json);

/** The operations the broken copy breaks. */
const BROKEN_PATHS = new Set(["/orders/", "/orders/{id}/", "/staff/orders/{order_number}/"]);

/** openapi.yaml with only the paths the broken copy breaks, and every component. */
function trimmedDocument(): Json {
  const document = parse(readFileSync(documentPath, "utf8")) as Json;
  document.paths = Object.fromEntries(Object.entries(at(document, "paths")).filter(([path]) => BROKEN_PATHS.has(path)));
  return document;
}

const written = (document: Json, name: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), "compatibility-")), name);
  writeFileSync(path, stringify(document));
  return path;
};

/** The trimmed openapi.yaml with one of each kind of breaking change, at the same version. */
function brokenCopy(): string {
  const document = trimmedDocument();
  // A removed operation.
  delete at(document, "paths", "/orders/{id}/").delete;
  // A removed field of an answer.
  const order = at(document, "components", "schemas", "Order");
  delete at(order, "properties").currency;
  order.required = (order.required as string[]).filter((name) => name !== "currency");
  // A new required input.
  at(document, "components", "parameters").Region = {
    name: "region",
    in: "query",
    required: true,
    schema: { type: "string", maxLength: 2, pattern: "^[A-Z]{2}$" },
  };
  (at(document, "paths", "/orders/", "get").parameters as Json[]).push({ $ref: "#/components/parameters/Region" });
  // A narrowed enum of an input.
  at(document, "components", "schemas", "StaffStatusChange", "properties", "status").enum = ["Completed"];
  // Tightened bounds of inputs: a query parameter's maximum and a body field's length.
  at(document, "components", "parameters", "Limit", "schema").maximum = 50;
  at(document, "components", "schemas", "OrderCreate", "properties", "item").maxLength = 200;
  // A loosened bound of an answer.
  at(order, "properties", "item").maxLength = 500;
  return written(document, "broken.yaml");
}

const has = (findings: Finding[], rule: string, text: string) =>
  findings.some((finding) => finding.rule === rule && `${finding.operation} ${finding.message}`.includes(text));

describe("Versions that cannot break by accident", () => {
  let current: Verdict;
  let broken: Finding[];
  beforeAll(async () => {
    // Optic takes a while on a document this size: both comparisons at once.
    [current, broken] = await Promise.all([
      compatibility(documentPath),
      findingsBetween(written(trimmedDocument(), "openapi.yaml"), brokenCopy()),
    ]);
  }, 300_000);

  it("When openapi.yaml is compared with the released document, then nothing breaks a client of that release", () => {
    expect(current.breaking).toEqual([]);
    expect(current.stale).toEqual([]);
    expect(current.versionProblem).toBeUndefined();
    expect(current.ok).toBe(true);
  });

  it("When the version is read, then CHANGELOG.md's newest entry, the document and the client agree", () => {
    const client = JSON.parse(readFileSync(join(root, "clients", "typescript", "package.json"), "utf8")) as {
      version: string;
    };
    expect(current.version).toBe(changelogVersion());
    expect(client.version).toBe(current.version);
  });

  it("When a copy of openapi.yaml breaks it in each way, then each break is found", () => {
    expect(has(broken, "prevent operation removal", "DELETE /orders/{id}/")).toBe(true);
    expect(has(broken, "prevent removing response property", "currency")).toBe(true);
    expect(has(broken, "prevent new required query parameters", "GET /orders/")).toBe(true);
    expect(broken.some((finding) => /enum/i.test(finding.rule) && finding.message.includes("Canceled"))).toBe(true);
    // What Optic does not see, the bound check does.
    expect(has(broken, "bound", "GET /orders/ query limit: maximum 100 -> 50")).toBe(true);
    expect(has(broken, "bound", "POST /orders/ request application/json(anyOf 0).item: maxLength 255 -> 200")).toBe(
      true,
    );
    expect(has(broken, "bound", "response 200 application/json.item: maxLength 255 -> 500")).toBe(true);
  });

  it("When the broken copy keeps its major version, then it is refused; with the next major, it is allowed", () => {
    const version = current.version;
    const major = Number(version.split(".")[0]);
    expect(judge(broken, version, version, []).ok).toBe(false);
    expect(judge(broken, version, `${major}.${Number(version.split(".")[1]) + 1}.0`, []).ok).toBe(false);
    expect(judge(broken, version, `${major + 1}.0.0`, []).ok).toBe(true);
  });

  it("When an accepted finding no longer occurs, then the check fails until the entry goes", () => {
    const stale = { rule: "prevent operation removal", message: "no such change", reason: "test" };
    expect(judge([], "1.0.0", "1.1.0", [stale]).ok).toBe(false);
  });
});
