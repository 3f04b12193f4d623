/**
 * Versions that cannot break by accident: compares a document with the last released one
 * (released/openapi.yaml, committed, so a clone without tags can run it) and lists what would break
 * a client of the released version. Optic's breaking-changes ruleset finds removed operations,
 * statuses and fields, new required inputs, narrowed enums and changed types; the bound check below
 * adds what Optic misses: an input's bound tightened (a lower maximum, a higher minimum, a longer
 * multipleOf...) or an answer's loosened (a client that validates answers would refuse the new ones).
 *
 * The change is allowed when the major version moved; otherwise every finding must be one that was
 * reviewed and accepted in accepted-changes.yaml (a false positive, with its reason), and every
 * accepted entry must still match something, so none outlives its reason.
 *
 *   tsx functions/build-tools/openapi/breaking-changes.ts [head.yaml]    report, exit 1 if it breaks
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { compareVersions, parseVersion } from "./api-version.js";

type Json = Record<string, unknown>;

const here = __dirname;
const root = resolve(here, "..", "..", "..");
export const RELEASED_DOCUMENT = join(here, "released", "openapi.yaml");
export const ACCEPTED_CHANGES = join(here, "accepted-changes.yaml");

export interface Finding {
  /** Optic's rule name, or `bound` for the check here. */
  rule: string;
  /** `METHOD /path`, or the document for a finding outside operations. */
  operation: string;
  message: string;
}

export interface Accepted {
  /** Optic's rule, or `bound`; without one, every finding of the operation. */
  rule?: string;
  operation?: string;
  /** A part of the finding's message. */
  message?: string;
  reason: string;
}

export interface Verdict {
  released: string;
  version: string;
  majorMoved: boolean;
  /** What is wrong with the version itself: the contract changed under the released version, say. */
  versionProblem: string | undefined;
  findings: Finding[];
  /** Findings no accepted entry covers: breaking, unless the major version moved. */
  breaking: Finding[];
  /** Accepted entries that match no finding any more. */
  stale: Accepted[];
  ok: boolean;
}

const METHODS = ["get", "put", "post", "delete", "patch"] as const;

function run(command: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", OPTIC_TELEMETRY_LEVEL: "off" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("close", (status) => {
      done({ status, stdout, stderr });
    });
  });
}

/** Optic's findings, read from its report (its JSON output has the changes, not the checks). */
export async function opticFindings(basePath: string, headPath: string): Promise<Finding[]> {
  const copies = mkdtempSync(join(tmpdir(), "optic-"));
  let result: Awaited<ReturnType<typeof run>>;
  try {
    result = await run(join(root, "node_modules", ".bin", "optic"), [
      "diff",
      forOptic(basePath, join(copies, "base.json")),
      forOptic(headPath, join(copies, "head.json")),
      "--check",
      "--severity",
      "error",
    ]);
  } finally {
    rmSync(copies, { recursive: true, force: true });
  }
  const output = result.stdout;
  if (!/Checks: \d+\/\d+ passed/.test(output))
    throw new Error(`optic diff did not run its checks:\n${output}\n${result.stderr}`);
  const findings: Finding[] = [];
  let operation = "document";
  for (const line of output.split("\n")) {
    const heading = /^[x✔] (GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS) (\S+?):/.exec(line);
    if (heading) operation = `${heading[1] ?? ""} ${heading[2] ?? ""}`;
    const failed = /^\s*x \[([^\]]+)\] (.*?)(?: This is a breaking change\.)?$/.exec(line);
    if (failed) findings.push({ rule: failed[1] ?? "", operation, message: failed[2] ?? "" });
  }
  if (result.status !== 0 && findings.length === 0)
    throw new Error(`optic diff failed without a finding:\n${output}\n${result.stderr}`);
  return findings;
}

/**
 * A document as Optic is given it: JSON, with each `allOf` of plain object schemas merged into one
 * schema. Optic merges them itself, the same way, but reads the whole source file again for each
 * one it merges (for its log), which made one comparison of this document take 45 s of CPU; merged
 * here, and as JSON, the same comparison takes a few seconds. An `allOf` it cannot merge plainly
 * (members with their own combinators, or of different types) is left for Optic.
 */
function forOptic(path: string, target: string): string {
  const document = readYaml(path);
  writeFileSync(target, JSON.stringify(mergedAllOf(document, document)));
  return target;
}

function localTarget(document: Json, value: unknown): unknown {
  const reference = (value as Json | null)?.$ref;
  if (typeof reference !== "string" || !reference.startsWith("#/")) return value;
  let target: unknown = document;
  for (const part of reference.slice(2).split("/"))
    target = (target as Json | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  return target ?? value;
}

function mergeSchemas(members: unknown[]): Json | undefined {
  const merged: Json = {};
  for (const member of members) {
    if (typeof member !== "object" || member === null || Array.isArray(member)) return undefined;
    const schema = member as Json;
    if (["allOf", "oneOf", "anyOf", "not", "$ref"].some((keyword) => keyword in schema)) return undefined;
    for (const [keyword, value] of Object.entries(schema)) {
      if (keyword === "properties") {
        const properties = { ...((merged.properties as Json | undefined) ?? {}) };
        for (const [name, property] of Object.entries(value as Json)) {
          const earlier = properties[name];
          properties[name] =
            typeof earlier === "object" && earlier !== null && typeof property === "object" && property !== null
              ? { ...(earlier as Json), ...(property as Json) }
              : property;
        }
        merged.properties = properties;
      } else if (keyword === "required") {
        merged.required = [...new Set([...((merged.required as string[] | undefined) ?? []), ...(value as string[])])];
      } else if (keyword === "type" && "type" in merged && merged.type !== value) {
        return undefined;
      } else if (!(keyword in merged)) {
        merged[keyword] = value;
      }
    }
  }
  return merged;
}

function mergedAllOf(document: Json, value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => mergedAllOf(document, item));
  const node = Object.fromEntries(
    Object.entries(value as Json).map(([key, child]) => [key, mergedAllOf(document, child)]),
  );
  if (!Array.isArray(node.allOf)) return node;
  const merged = mergeSchemas(node.allOf.map((member) => localTarget(document, member)));
  if (!merged) return node;
  const siblings: Json = { ...node };
  delete siblings.allOf;
  return { ...merged, ...siblings };
}

function resolveRefs(document: Json, value: unknown, seen: string[] = []): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => resolveRefs(document, item, seen));
  const node = value as Json;
  if (typeof node.$ref === "string") {
    if (seen.includes(node.$ref)) return {};
    let target: unknown = document;
    for (const part of node.$ref.replace(/^#\//, "").split("/"))
      target = (target as Json)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    const siblings = Object.fromEntries(Object.entries(node).filter(([key]) => key !== "$ref"));
    return { ...(resolveRefs(document, target, [...seen, node.$ref]) as Json), ...siblings };
  }
  return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, resolveRefs(document, child, seen)]));
}

const UPPER = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"] as const;
const LOWER = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"] as const;

/** Bounds that refuse more in `after` than in `before` (for an input) or accept more (for an answer). */
/**
 * The variant of a union that stands for a schema that was not one: the one sharing most of its
 * properties (a body that gained a second form keeps its first as a variant, say).
 */
function counterpart(schema: Json, union: Json): Json | undefined {
  const variants = [...((union.anyOf ?? []) as Json[]), ...((union.oneOf ?? []) as Json[])];
  const keys = Object.keys(schema.properties ?? {});
  let best: Json | undefined;
  let bestShared = -1;
  for (const variant of variants) {
    const shared = keys.filter((key) => key in ((variant.properties ?? {}) as Json)).length;
    if (shared > bestShared) {
      best = variant;
      bestShared = shared;
    }
  }
  return best;
}

function boundChanges(before: unknown, after: unknown, where: string, direction: "input" | "output"): string[] {
  if (typeof before !== "object" || before === null || typeof after !== "object" || after === null) return [];
  const a = before as Json;
  let b = after as Json;
  const isUnion = (schema: Json) => Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf);
  // A schema that became one form of a union is compared with that form.
  if (!isUnion(a) && isUnion(b)) b = counterpart(a, b) ?? b;
  const found: string[] = [];
  const number = (value: unknown) => (typeof value === "number" ? value : undefined);
  for (const key of UPPER) {
    const was = number(a[key]);
    const is = number(b[key]);
    const tighter = is !== undefined && (was === undefined || is < was);
    const looser = was !== undefined && (is === undefined || is > was);
    if (direction === "input" ? tighter : looser) found.push(`${where}: ${key} ${String(was)} -> ${String(is)}`);
  }
  for (const key of LOWER) {
    const was = number(a[key]);
    const is = number(b[key]);
    const tighter = is !== undefined && (was === undefined || is > was);
    const looser = was !== undefined && (is === undefined || is < was);
    if (direction === "input" ? tighter : looser) found.push(`${where}: ${key} ${String(was)} -> ${String(is)}`);
  }
  const step = (value: unknown) => number(value);
  const wasStep = step(a.multipleOf);
  const isStep = step(b.multipleOf);
  const divides = (big: number, small: number) => Math.abs(big / small - Math.round(big / small)) < 1e-9;
  if (direction === "input" && isStep !== undefined && (wasStep === undefined || !divides(isStep, wasStep)))
    found.push(`${where}: multipleOf ${String(wasStep)} -> ${String(isStep)}`);
  if (direction === "output" && wasStep !== undefined && (isStep === undefined || !divides(isStep, wasStep)))
    found.push(`${where}: multipleOf ${String(wasStep)} -> ${String(isStep)}`);

  const children = (schema: Json, key: string) => (schema[key] ?? {}) as Json;
  for (const [name, child] of Object.entries(children(a, "properties")))
    found.push(...boundChanges(child, children(b, "properties")[name], `${where}.${name}`, direction));
  found.push(...boundChanges(a.items, b.items, `${where}[]`, direction));
  for (const key of ["oneOf", "anyOf", "allOf"]) {
    const was = Array.isArray(a[key]) ? (a[key] as unknown[]) : [];
    const is = Array.isArray(b[key]) ? (b[key] as unknown[]) : [];
    was.forEach((variant, index) =>
      found.push(...boundChanges(variant, is[index], `${where}(${key} ${index})`, direction)),
    );
  }
  return found;
}

type OperationObject = Json & {
  parameters?: Json[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

/** Tightened input bounds and loosened answer bounds, operation by operation. */
export function boundFindings(base: Json, head: Json): Finding[] {
  const before = resolveRefs(base, base) as { paths: Record<string, Record<string, OperationObject>> };
  const after = resolveRefs(head, head) as { paths: Record<string, Record<string, OperationObject>> };
  const findings: Finding[] = [];
  for (const [path, item] of Object.entries(before.paths)) {
    for (const method of METHODS) {
      const was = item[method];
      const is = after.paths[path]?.[method];
      if (!was || !is) continue;
      const operation = `${method.toUpperCase()} ${path}`;
      const messages: string[] = [];
      for (const parameter of was.parameters ?? []) {
        const match = (is.parameters ?? []).find((p) => p.name === parameter.name && p.in === parameter.in);
        if (match)
          messages.push(
            ...boundChanges(
              parameter.schema,
              match.schema,
              `${String(parameter.in)} ${String(parameter.name)}`,
              "input",
            ),
          );
      }
      for (const [type, media] of Object.entries(was.requestBody?.content ?? {}))
        messages.push(
          ...boundChanges(media.schema, is.requestBody?.content?.[type]?.schema, `request ${type}`, "input"),
        );
      for (const [status, response] of Object.entries(was.responses ?? {})) {
        for (const [type, media] of Object.entries(response.content ?? {}))
          messages.push(
            ...boundChanges(
              media.schema,
              is.responses?.[status]?.content?.[type]?.schema,
              `response ${status} ${type}`,
              "output",
            ),
          );
      }
      for (const message of messages) findings.push({ rule: "bound", operation, message });
    }
  }
  return findings;
}

function readYaml(path: string): Json {
  return parse(readFileSync(path, "utf8")) as Json;
}

function covers(entry: Accepted, finding: Finding): boolean {
  return (
    (entry.rule === undefined || entry.rule === finding.rule) &&
    (entry.operation === undefined || entry.operation === finding.operation) &&
    (entry.message === undefined || finding.message.includes(entry.message))
  );
}

/** The acceptances reviewed against a release (a new release starts with none). */
export function acceptedFor(released: string, acceptedPath: string = ACCEPTED_CHANGES): Accepted[] {
  const acceptance = readYaml(acceptedPath) as { released?: string; accepted?: Accepted[] | null };
  return acceptance.released === released ? (acceptance.accepted ?? []) : [];
}

/** Everything that would break a client of `basePath`'s version, found by Optic and by the bound check. */
export async function findingsBetween(basePath: string, headPath: string): Promise<Finding[]> {
  return [...(await opticFindings(basePath, headPath)), ...boundFindings(readYaml(basePath), readYaml(headPath))];
}

/** The verdict on `headPath` against the released document. */
export async function compatibility(
  headPath: string,
  basePath: string = RELEASED_DOCUMENT,
  acceptedPath: string = ACCEPTED_CHANGES,
): Promise<Verdict> {
  const base = readYaml(basePath);
  const head = readYaml(headPath);
  const released = String((base.info as Json).version);
  const version = String((head.info as Json).version);
  const verdict = judge(
    await findingsBetween(basePath, headPath),
    released,
    version,
    acceptedFor(released, acceptedPath),
  );
  const changed = JSON.stringify({ ...base, info: { ...(base.info as Json), version } }) !== JSON.stringify(head);
  const order = compareVersions(parseVersion(version), parseVersion(released));
  const versionProblem =
    order < 0
      ? `${version} is older than the released ${released}`
      : order === 0 && changed
        ? `the contract changed but its version is still the released ${released}: add an entry to CHANGELOG.md`
        : undefined;
  return { ...verdict, versionProblem, ok: verdict.ok && versionProblem === undefined };
}

/** Whether findings between two versions are allowed: the major version moved, or each was accepted. */
export function judge(findings: Finding[], released: string, version: string, accepted: Accepted[]): Verdict {
  const majorMoved = parseVersion(version).major > parseVersion(released).major;
  const breaking = findings.filter((finding) => !accepted.some((entry) => covers(entry, finding)));
  const stale = accepted.filter((entry) => !findings.some((finding) => covers(entry, finding)));
  return {
    released,
    version,
    majorMoved,
    versionProblem: undefined,
    findings,
    breaking,
    stale,
    ok: (majorMoved || breaking.length === 0) && stale.length === 0,
  };
}

async function main(): Promise<void> {
  const verdict = await compatibility(resolve(process.argv[2] ?? join(root, "openapi.yaml")));
  for (const finding of verdict.breaking)
    console.log(`breaking: ${finding.operation}: [${finding.rule}] ${finding.message}`);
  for (const entry of verdict.stale)
    console.log(`stale acceptance: ${entry.operation ?? ""} [${entry.rule ?? "any"}] ${entry.message ?? ""}`);
  if (verdict.versionProblem) console.log(`version: ${verdict.versionProblem}`);
  console.log(
    `${verdict.version} against the released ${verdict.released}: ${verdict.findings.length} findings, ${verdict.breaking.length} not accepted${verdict.majorMoved ? " (the major version moved)" : ""}: ${verdict.ok ? "compatible" : "BREAKING"}`,
  );
  process.exitCode = verdict.ok ? 0 : 1;
}

if (process.argv[1] === __filename) void main();
