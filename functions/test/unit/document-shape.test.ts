/**
 * The shape of openapi.yaml that generators and people rely on: small, each code's meaning once,
 * every operation's codes per status exactly as the code declares them, one pattern per string, a
 * type on every enum, no local server, and no build-time code in the runtime tree.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { documentedOperations } from "../../build-tools/openapi/openapi-document.js";
import { errorsByStatus } from "../../build-tools/openapi/problems.js";
import { ERROR_CODES } from "../../src/http/error-codes.js";
import { dereference, openApiDocument, type JsonObject } from "../support/document.js";

const root = resolve(__dirname, "../../..");
const documentText = readFileSync(join(root, "openapi.yaml"), "utf8");

/** The whole document's limit: what a client downloads, and what generators and people read. */
const LIMIT_BYTES = 100_000;

/** Every schema object in the document, with where it is. */
function schemaNodes(): { at: string; node: JsonObject }[] {
  const found: { at: string; node: JsonObject }[] = [];
  const walk = (value: unknown, at: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, `${at}/${index}`);
      });
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const node = value as JsonObject;
    found.push({ at, node });
    for (const [key, child] of Object.entries(node)) {
      if (key === "example" || key === "examples") continue;
      walk(child, `${at}/${key}`);
    }
  };
  walk(openApiDocument.paths, "#/paths");
  walk(openApiDocument.components, "#/components");
  return found;
}

/** The problem codes a response documents: its narrowing enum, or ValidationProblem's one. */
function codesOf(response: JsonObject): string[] {
  const resolved = dereference(response) as JsonObject;
  const media = (resolved.content as Record<string, JsonObject> | undefined)?.["application/problem+json"];
  const schema = media?.schema as JsonObject | undefined;
  if (schema?.$ref === "#/components/schemas/ValidationProblem") return ["validation_error"];
  const narrowing = ((schema?.allOf ?? []) as JsonObject[]).find((member) => member.properties);
  const code = (narrowing?.properties as Record<string, JsonObject> | undefined)?.code;
  return (code?.enum ?? []) as string[];
}

let operations: Awaited<ReturnType<typeof documentedOperations>> = [];
beforeAll(async () => {
  operations = await documentedOperations();
});

describe("The document's shape", () => {
  it("When its size is measured, then the whole document takes under 100 KB", () => {
    const size = Buffer.byteLength(documentText);
    console.info(`openapi.yaml: ${size} bytes of ${LIMIT_BYTES}`);
    expect(size).toBeLessThan(LIMIT_BYTES);
  });

  it("When problem codes are read, then ProblemCode lists every code once, with its meaning written once in the document", () => {
    const problemCode = openApiDocument.components.schemas?.ProblemCode as JsonObject;
    expect(problemCode.type).toBe("string");
    expect(problemCode.enum).toEqual(Object.keys(ERROR_CODES));
    const twice = Object.entries(ERROR_CODES)
      .filter(([, { meaning }]) => documentText.split(meaning).length !== 2)
      .map(([code]) => code);
    expect(twice).toEqual([]);
  });

  it("When each operation's answers are read, then every status lists exactly the codes the operation can answer", () => {
    const wrong: string[] = [];
    for (const operation of operations) {
      const documented = openApiDocument.paths[operation.path]?.[operation.method] as
        { responses: Record<string, JsonObject> } | undefined;
      if (!documented) continue;
      const expected = errorsByStatus(operation);
      const statuses = Object.keys(documented.responses).filter((status) => Number(status) >= 400);
      expect(statuses.map(Number), operation.operationId).toEqual([...expected.keys()]);
      for (const [status, codes] of expected) {
        const response = documented.responses[String(status)];
        if (!response || JSON.stringify(codesOf(response)) !== JSON.stringify(codes))
          wrong.push(`${operation.operationId} ${status}: ${JSON.stringify(response && codesOf(response))}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("When its schemas are read, then every enum and const says its type, and a string has one pattern", () => {
    const untyped = schemaNodes()
      .filter(({ node }) => ("enum" in node || "const" in node) && node.type === undefined && node.$ref === undefined)
      .map(({ at }) => at);
    expect(untyped).toEqual([]);
    const patternsInAllOf = schemaNodes()
      .filter(
        ({ node }) => Array.isArray(node.allOf) && (node.allOf as JsonObject[]).some((member) => "pattern" in member),
      )
      .map(({ at }) => at);
    expect(patternsInAllOf).toEqual([]);
  });

  it("When the servers are read, then only the deployed ones are listed, Hosting's /api first", () => {
    const servers = openApiDocument.servers as { url: string }[];
    expect(servers.map((server) => server.url)).toEqual([
      "https://{site}.web.app/api",
      "https://{region}-{project}.cloudfunctions.net/api/api",
    ]);
    expect(documentText).not.toMatch(/127\.0\.0\.1|localhost/);
  });

  it("When a deprecated operation is read, then its answers declare Deprecation, Sunset and a successor Link", () => {
    const deprecated = operations.filter((operation) => operation.deprecated);
    expect(deprecated.map((operation) => operation.operationId)).toEqual(["createOrderLegacy"]);
    for (const operation of deprecated) {
      const documented = openApiDocument.paths[operation.path]?.[operation.method] as {
        deprecated?: boolean;
        responses: Record<string, { headers?: Record<string, { example?: string }> }>;
      };
      expect(documented.deprecated).toBe(true);
      const headers = documented.responses["201"]?.headers ?? {};
      expect(headers.Deprecation?.example).toMatch(/^@\d+$/);
      expect(headers.Sunset?.example).toMatch(/ GMT$/);
      expect(headers.Link?.example).toBe('<../>; rel="successor-version"');
    }
  });
});

describe("Build-time code stays out of the runtime", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });

  const importsGenerator = /(?:from|import\()\s*["'][^"']*(?:build-tools|openapi-document|operation-tables)/;

  it("When functions/src is read, then nothing in it imports the OpenAPI generator", () => {
    const importers = files(join(root, "functions", "src"))
      .filter((file) => /\.(ts|js)$/.test(file))
      .filter((file) => importsGenerator.test(readFileSync(file, "utf8")));
    expect(importers).toEqual([]);
  });

  it("When the built functions are read, then no bundle holds the generator", () => {
    const bundles = files(join(root, "functions", "lib")).filter((file) => file.endsWith(".js"));
    expect(bundles.length).toBeGreaterThan(0);
    const holding = bundles.filter((file) => /buildOpenApiDocument|problemCodeSchema/.test(readFileSync(file, "utf8")));
    expect(holding).toEqual([]);
  });
});
