/**
 * The API's own documentation and health: the OpenAPI document (JSON and YAML), whose first server
 * is the one it was fetched from, Swagger UI at /docs/ and ReDoc at /redoc/. Every asset comes from
 * installed packages, copied next to the compiled code by the build (scripts/build-docs.ts); the
 * pages reach no other host.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Request } from "express";
import { z } from "zod";
import { named, parameter, responseHeader } from "../http/contract.js";
import { operationsUsing, reply } from "../http/operations.js";
import { DOCUMENTED_ISSUER, issuerOf } from "./server-url.js";

/** The build output, whether this module runs compiled (lib/docs) or from source (src/docs, tests). */
const DEFAULT_DOCS_DIR = join(__dirname, "..", "..", "lib", "docs");

export interface DocsServices {
  projectId: string;
  /** Reads a built docs file (cached). */
  readDocsFile: (file: string) => string;
}

export function docsFileReader(docsDir: string = DEFAULT_DOCS_DIR): (file: string) => string {
  const cache = new Map<string, string>();
  return (file) => {
    let text = cache.get(file);
    if (text === undefined) {
      text = readFileSync(join(docsDir, file), "utf8");
      cache.set(file, text);
    }
    return text;
  };
}

const operation = operationsUsing<DocsServices>();

/** The docs pages need scripts and styles of their own origin; ReDoc also inlines styles and uses a worker. */
const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'";

const HTML = "text/html; charset=utf-8";

/** A page, script, stylesheet or document this API serves: the largest (Swagger UI's bundle) is about 1.5 MB. */
const servedText = z.string().max(5_000_000);

const ASSET_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

function requestPath(req: Request): string {
  return req.originalUrl.split("?")[0] ?? "/";
}

/** The built document with the issuer of this project's ID tokens in its OpenID Connect URL. */
function servedDocument(file: string, services: DocsServices): string {
  return services.readDocsFile(file).split(DOCUMENTED_ISSUER).join(issuerOf(services.projectId));
}

const healthSchema = named(
  "Health",
  z.strictObject({ status: z.literal("ok") }).meta({ description: "The API is up.", examples: [{ status: "ok" }] }),
);

const openApiDocumentSchema = z
  .looseObject({
    openapi: z
      .string()
      .max(10)
      .regex(/^3\.1\.\d+$/),
  })
  .meta({
    description: "An OpenAPI 3.1 document.",
    examples: [{ openapi: "3.1.0", info: { title: "Customer orders API" }, servers: [{ url: "." }] }],
  });

const PAGE_EXAMPLE = '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8" />...';

const redirectHeader = responseHeader({
  id: "RedirectLocation",
  name: "Location",
  description: "Where the page is.",
  schema: z.string().max(100),
  example: "docs/",
});

const pageHeaders = { "Content-Security-Policy": DOCS_CSP, "Cache-Control": "no-cache" };

function docsPage(operationId: string, path: "/docs/" | "/redoc/", summary: string, file: string) {
  return operation({
    operationId,
    method: "get",
    path,
    summary,
    description: "Without the trailing slash, a 308 redirect adds it (the page's assets are relative to it).",
    tags: ["Operations"],
    access: "public",
    responses: {
      200: { description: "The page.", body: servedText, mediaType: HTML, example: PAGE_EXAMPLE },
      308: { description: "The same page with a trailing slash.", headers: [redirectHeader] },
    },
    errors: [],
    handle: ({ req }, { readDocsFile }) => {
      if (!requestPath(req).endsWith("/")) return Promise.resolve(reply.permanentRedirect(`${path.slice(1, -1)}/`));
      return Promise.resolve(reply.ok(readDocsFile(join("static", file)), pageHeaders));
    },
  });
}

function docsAssets(
  operationId: string,
  path: "/docs/{asset}" | "/redoc/{asset}",
  assets: readonly [string, ...string[]],
) {
  const assetParameter = parameter({
    id: `${operationId.charAt(0).toUpperCase()}${operationId.slice(1)}Name`,
    name: "asset",
    in: "path",
    required: true,
    description: "A file the page loads.",
    schema: z.enum(assets),
    example: assets[0],
  });
  return operation({
    operationId,
    method: "get",
    path,
    summary: `A script or stylesheet of ${path.startsWith("/docs") ? "Swagger UI" : "ReDoc"}`,
    tags: ["Operations"],
    access: "public",
    params: [assetParameter],
    paramsNotFound: "route_not_found",
    responses: {
      200: {
        description: "The file.",
        body: servedText,
        mediaType: Object.values(ASSET_TYPES),
        example: "(function () { ... })();",
      },
    },
    errors: [],
    handle: ({ params }, { readDocsFile }) => {
      const type = ASSET_TYPES[params.asset.slice(params.asset.lastIndexOf("."))] ?? "text/plain; charset=utf-8";
      return Promise.resolve(
        reply.ok(readDocsFile(join("static", params.asset)), {
          "Content-Type": type,
          "Content-Security-Policy": DOCS_CSP,
          "Cache-Control": "public, max-age=3600",
        }),
      );
    },
  });
}

export const docsOperations = [
  operation({
    operationId: "getHealth",
    method: "get",
    path: "/health/",
    summary: "Liveness check",
    tags: ["Operations"],
    access: "public",
    responses: { 200: { description: "The API is up.", body: healthSchema } },
    errors: [],
    handle: () => Promise.resolve(reply.ok({ status: "ok" as const })),
  }),
  operation({
    operationId: "getOpenApiJson",
    method: "get",
    path: "/openapi.json",
    summary: "This document, as JSON",
    description: "Its first server is the one it was fetched from.",
    tags: ["Operations"],
    access: "public",
    responses: { 200: { description: "The OpenAPI document.", body: openApiDocumentSchema } },
    errors: [],
    handle: (_input, services) =>
      Promise.resolve(reply.ok(JSON.parse(servedDocument("openapi.json", services)) as { openapi: string })),
  }),
  operation({
    operationId: "getOpenApiYaml",
    method: "get",
    path: "/openapi.yaml",
    summary: "This document, as YAML",
    tags: ["Operations"],
    access: "public",
    responses: {
      200: {
        description: "The OpenAPI document.",
        body: servedText,
        mediaType: "application/yaml",
        example: "openapi: 3.1.0\ninfo:\n  title: Customer orders API\n...",
      },
    },
    errors: [],
    handle: (_input, services) =>
      Promise.resolve(
        reply.ok(servedDocument("openapi.yaml", services), {
          "Content-Type": "application/yaml; charset=utf-8",
        }),
      ),
  }),
  docsPage("getSwaggerUi", "/docs/", "Swagger UI for this API", "swagger.html"),
  docsAssets("getSwaggerUiAsset", "/docs/{asset}", ["swagger-init.js", "swagger-ui.css", "swagger-ui-bundle.js"]),
  docsPage("getRedoc", "/redoc/", "ReDoc for this API", "redoc.html"),
  docsAssets("getRedocAsset", "/redoc/{asset}", ["redoc-init.js", "redoc.standalone.js"]),
];
