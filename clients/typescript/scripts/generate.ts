/**
 * Generates the client from openapi.yaml: `npm run client` (or `npm run generate` here).
 *
 *   src/openapi.ts    the types, by openapi-typescript
 *   src/generated.ts  one named method per operation, grouped by the first segment of its path,
 *                     named after its operationId (`createOrder` on /orders/ is `orders.create`)
 *   package.json      its version: the API's
 *
 * Nothing here lists operations by hand: a new operation in the document is a new method.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { format, resolveConfig } from "prettier";
import { parse } from "yaml";

type Json = Record<string, unknown>;

interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  deprecated?: boolean;
  parameters?: Json[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, Json>;
}

interface Document {
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, Json>>;
}

/** What the runtime needs to know of an operation (see OperationMeta in src/runtime.ts). */
interface Meta {
  id: string;
  method: string;
  path: string;
  pathParams: string[];
  query: string[];
  headers: string[];
  body?: "json" | "form";
  idempotencyKey: boolean;
  ifMatch: boolean;
  paged: boolean;
  group?: string;
  name: string;
  doc: string;
}

const METHODS = ["get", "put", "post", "delete", "patch"] as const;

function resolveRef<T>(document: Document, value: T | { $ref?: string }): T {
  const ref = (value as { $ref?: string }).$ref;
  if (typeof ref !== "string") return value as T;
  let target: unknown = document;
  for (const part of ref.replace(/^#\//, "").split("/")) target = (target as Json)[part];
  return resolveRef(document, target as T);
}

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const camel = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word, index) => (index === 0 ? word : capitalized(word)))
    .join("");

/** The names a success answer's body goes by: `Order` for an Order or a list of them. */
function bodyNames(operation: Operation): string[] {
  const names: string[] = [];
  for (const [status, response] of Object.entries(operation.responses)) {
    if (Number(status) >= 300) continue;
    for (const media of Object.values((response.content ?? {}) as Record<string, { schema?: Json }>)) {
      const schema = media.schema ?? {};
      const ref = (schema.$ref ?? (schema.items as Json | undefined)?.$ref) as string | undefined;
      if (ref) names.push(ref.split("/").at(-1) ?? "");
    }
  }
  return names;
}

/**
 * `createOrder` in the group `orders` is `create`: the operationId less a last word that names what
 * the group holds (the group's own name, or the body the operation answers), singular or plural.
 */
function methodName(operation: Operation, group: string | undefined): string {
  if (!group) return operation.operationId;
  const singular = group.endsWith("s") ? group.slice(0, -1) : group;
  const nouns = [...new Set([singular, group, ...bodyNames(operation)].map(capitalized))]
    .flatMap((noun) => [`${noun}s`, noun])
    .sort((a, b) => b.length - a.length);
  for (const noun of nouns) {
    const verb = operation.operationId.slice(0, -noun.length);
    if (operation.operationId.endsWith(noun) && /^[a-z]+[A-Za-z]*$/.test(verb)) return verb;
  }
  return operation.operationId;
}

function jsdoc(operation: Operation, meta: Pick<Meta, "paged" | "ifMatch" | "idempotencyKey">): string {
  const lines = [operation.summary ?? operation.operationId];
  if (operation.description && operation.description !== operation.summary)
    lines.push("", ...operation.description.split("\n"));
  if (meta.paged)
    lines.push("", "Iterate it for every item of every page; `pages()` gives the pages and their cursors.");
  if (meta.ifMatch)
    lines.push(
      "",
      "Sends the ETag of the last read of this resource as `If-Match` (`ifMatch` overrides; `false` sends none).",
    );
  if (meta.idempotencyKey) lines.push("", "One `Idempotency-Key` per call (or `idempotencyKey`), kept across retries.");
  lines.push("", `Operation \`${operation.operationId}\`.`);
  return ["/**", ...lines.map((line) => ` *${line ? ` ${line.replaceAll("*/", "*\\/")}` : ""}`), " */"].join("\n");
}

export function operationsOf(document: Document): Meta[] {
  const found: { path: string; method: string; operation: Operation }[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      // Deprecated operations stay out of the client, as they do of openapi-typescript's types here.
      if (operation && !operation.deprecated) found.push({ path, method, operation });
    }
  }
  const segmentOf = (path: string) => path.split("/")[1] ?? "";
  const perSegment = new Map<string, number>();
  for (const { path } of found) perSegment.set(segmentOf(path), (perSegment.get(segmentOf(path)) ?? 0) + 1);

  const metas = found.map(({ path, method, operation }): Meta => {
    const parameters = (operation.parameters ?? []).map((parameter) =>
      resolveRef<{ name: string; in: string }>(document, parameter),
    );
    const names = (where: string) => parameters.filter((parameter) => parameter.in === where).map((p) => p.name);
    const headers = names("header");
    const query = names("query");
    const content = Object.keys(operation.requestBody?.content ?? {});
    const group = (perSegment.get(segmentOf(path)) ?? 0) > 1 ? camel(segmentOf(path)) : undefined;
    const flags = {
      paged: query.includes("cursor"),
      ifMatch: headers.includes("If-Match"),
      idempotencyKey: headers.includes("Idempotency-Key"),
    };
    return {
      id: operation.operationId,
      method,
      path,
      pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? ""),
      query,
      headers: headers.filter((name) => name !== "If-Match" && name !== "Idempotency-Key"),
      ...(content.length === 0
        ? {}
        : { body: content[0] === "application/x-www-form-urlencoded" ? ("form" as const) : ("json" as const) }),
      ...flags,
      ...(group ? { group } : {}),
      name: methodName(operation, group),
      doc: jsdoc(operation, flags),
    };
  });

  const taken = new Map<string, string>();
  for (const meta of metas) {
    const key = `${meta.group ?? ""}.${meta.name}`;
    const other = taken.get(key);
    if (other) throw new Error(`${other} and ${meta.id} would both be ${key}: rename one operationId`);
    taken.set(key, meta.id);
  }
  return metas;
}

function signature(meta: Meta): { params: string; input: string } {
  const params: string[] = [];
  const input: string[] = [];
  const pathValues: string[] = [];
  for (const name of meta.pathParams) {
    const variable = camel(name);
    params.push(`${variable}: PathOf<"${meta.id}">["${name}"]`);
    pathValues.push(variable === name ? name : `${name}: ${variable}`);
  }
  if (pathValues.length > 0) input.push(`path: { ${pathValues.join(", ")} }`);
  if (meta.body) {
    params.push(`body: BodyOf<"${meta.id}">`);
    input.push("body");
  }
  if (meta.query.length > 0 && !meta.body) {
    params.push(
      meta.paged
        ? `query: Omit<QueryOf<"${meta.id}">, "cursor"> & { cursor?: string } = {}`
        : `query?: QueryOf<"${meta.id}">`,
    );
    input.push("query");
  }
  const options = meta.idempotencyKey ? "IdempotentOptions" : meta.ifMatch ? "ConditionalOptions" : "CallOptions";
  params.push(
    meta.headers.length > 0 ? `options?: ${options} & { headers?: HeadersOf<"${meta.id}"> }` : `options?: ${options}`,
  );
  return { params: params.join(", "), input: `{ ${input.join(", ")} }` };
}

function methodSource(meta: Meta, indent: string): string {
  const { params, input } = signature(meta);
  const body = meta.paged
    ? `(${params}): Paged<ItemOf<"${meta.id}">> => call.paged("${meta.id}", ${input}, options)`
    : `(${params}): Promise<ResultOf<"${meta.id}">> => call.send("${meta.id}", ${input}, options)`;
  const doc = meta.doc
    .split("\n")
    .map((line) => `${indent}${line}`)
    .join("\n");
  return `${doc}\n${indent}${meta.name}: operation("${meta.id}", ${body}),`;
}

export function generatedSource(document: Document): string {
  const metas = operationsOf(document);
  const table = metas
    .map(({ id, method, path, body, idempotencyKey, ifMatch, paged }) => {
      const fields = {
        method,
        path,
        ...(body ? { body } : {}),
        ...(idempotencyKey ? { idempotencyKey } : {}),
        ...(ifMatch ? { ifMatch } : {}),
        ...(paged ? { paged } : {}),
      };
      return `  ${id}: ${JSON.stringify(fields)},`;
    })
    .join("\n");
  const groups = new Map<string | undefined, Meta[]>();
  for (const meta of metas) groups.set(meta.group, [...(groups.get(meta.group) ?? []), meta]);
  const members: string[] = [];
  for (const meta of groups.get(undefined) ?? []) members.push(methodSource(meta, "    "));
  for (const [group, list] of groups) {
    if (group === undefined) continue;
    members.push(`    ${group}: {\n${list.map((meta) => methodSource(meta, "      ")).join("\n")}\n    },`);
  }
  const source = members.join("\n");
  const types = [
    "BodyOf",
    "CallOptions",
    "ConditionalOptions",
    "HeadersOf",
    "IdempotentOptions",
    "ItemOf",
    "Paged",
    "PathOf",
    "QueryOf",
    "ResultOf",
  ].filter((name) => new RegExp(`\\b${name}\\b`).test(source));
  return `// Generated by \`npm run client\` from openapi.yaml (clients/typescript/scripts/generate.ts). Do not edit.
import type { ${[...types, "OperationCaller", "OperationMeta"].sort().join(", ")} } from "./runtime.js";
import { operation } from "./runtime.js";

/** The version of the API this client was generated from (openapi.yaml's \`info.version\`). */
export const API_VERSION = ${JSON.stringify(document.info.version)};

/** How to call each operation. */
export const OPERATIONS = {
${table}
} as const satisfies Record<string, OperationMeta>;

/** The named methods, bound to a caller. */
export function methodsOf(call: OperationCaller) {
  return {
${source}
  };
}
`;
}

const here = resolve(import.meta.dirname, "..");
const root = resolve(here, "..", "..");

/** The types as openapi-typescript writes them for this client. */
export function typesSource(documentPath: string): string {
  const output = join(mkdtempSync(join(tmpdir(), "client-types-")), "openapi.ts");
  execFileSync(
    join(root, "node_modules", ".bin", "openapi-typescript"),
    [documentPath, "--output", output, "--root-types", "--root-types-no-schema-prefix", "--exclude-deprecated"],
    { cwd: root, stdio: "pipe" },
  );
  return readFileSync(output, "utf8");
}

/** Everything generated from a document: file (relative to clients/typescript) -> text, as Prettier writes it. */
export async function generate(documentPath: string): Promise<Record<string, string>> {
  const document = parse(readFileSync(documentPath, "utf8")) as Document;
  const manifest = JSON.parse(readFileSync(join(here, "package.json"), "utf8")) as { version: string };
  manifest.version = document.info.version;
  const pretty = async (file: string, text: string) =>
    format(text, { ...(await resolveConfig(join(here, file))), filepath: join(here, file) });
  return {
    "src/openapi.ts": typesSource(documentPath),
    "src/generated.ts": await pretty("src/generated.ts", generatedSource(document)),
    "package.json": await pretty("package.json", JSON.stringify(manifest, null, 2)),
  };
}

if (process.argv[1] === import.meta.filename) {
  for (const [file, text] of Object.entries(await generate(join(root, "openapi.yaml")))) {
    writeFileSync(join(here, file), text);
    console.log(`Wrote clients/typescript/${file}`);
  }
}
