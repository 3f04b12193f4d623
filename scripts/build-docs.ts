/**
 * Puts what the docs routes serve next to the compiled functions (functions/lib/docs): the committed
 * openapi.yaml (and its JSON form), the Swagger UI and ReDoc bundles from their installed packages,
 * and the two small pages that start them. Run by the functions build.
 *
 * Nothing the pages load may come from another host: ReDoc's bundle points its "API docs by
 * Redocly" logo at a CDN, so that one URL becomes an empty data: URL (the logo hides itself when
 * its image does not load).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { SERVED_SERVER } from "../functions/src/docs/server-url.js";

const root = resolve(import.meta.dirname, "..");
const out = join(root, "functions", "lib", "docs");
const staticOut = join(out, "static");
const require = createRequire(import.meta.url);

mkdirSync(staticOut, { recursive: true });

// The served document names, first, the API it was fetched from.
const document = parse(readFileSync(join(root, "openapi.yaml"), "utf8")) as { servers?: unknown[] };
document.servers = [SERVED_SERVER, ...(document.servers ?? [])];
writeFileSync(join(out, "openapi.yaml"), stringify(document, { lineWidth: 0, aliasDuplicateObjects: false }));
writeFileSync(join(out, "openapi.json"), JSON.stringify(document));

const swaggerDir = dirname(require.resolve("swagger-ui-dist/package.json"));
copyFileSync(join(swaggerDir, "swagger-ui.css"), join(staticOut, "swagger-ui.css"));
copyFileSync(join(swaggerDir, "swagger-ui-bundle.js"), join(staticOut, "swagger-ui-bundle.js"));
const redocDir = dirname(require.resolve("redoc/package.json"));
const REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
const redoc = readFileSync(join(redocDir, "bundles", "redoc.standalone.js"), "utf8");
if (redoc.split(REDOC_LOGO).length !== 2) {
  throw new Error(`ReDoc's bundle no longer names ${REDOC_LOGO} once: check what else it loads from elsewhere`);
}
writeFileSync(join(staticOut, "redoc.standalone.js"), redoc.replace(REDOC_LOGO, "data:,"));

const pagesDir = join(root, "functions", "src", "docs", "static");
for (const page of ["swagger.html", "swagger-init.js", "redoc.html", "redoc-init.js"]) {
  copyFileSync(join(pagesDir, page), join(staticOut, page));
}
console.log(`Docs assets written to ${out}`);
