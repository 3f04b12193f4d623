/**
 * Puts what the docs routes serve next to the compiled functions (functions/lib/docs): the committed
 * openapi.yaml (and its JSON form), the Swagger UI and ReDoc bundles from their installed packages,
 * and the two small pages that start them. Run by the functions build.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { SERVED_BASE_PLACEHOLDER } from "../functions/src/docs/server-url.js";

const root = resolve(import.meta.dirname, "..");
const out = join(root, "functions", "lib", "docs");
const staticOut = join(out, "static");
const require = createRequire(import.meta.url);

mkdirSync(staticOut, { recursive: true });

// The served document names, first, the API that serves it (the function fills in its own URL).
const document = parse(readFileSync(join(root, "openapi.yaml"), "utf8")) as { servers?: unknown[] };
document.servers = [
  { url: SERVED_BASE_PLACEHOLDER, description: "This API (where this document was served from)", "x-internal": false },
  ...(document.servers ?? []),
];
writeFileSync(join(out, "openapi.yaml"), stringify(document, { lineWidth: 0, aliasDuplicateObjects: false }));
writeFileSync(join(out, "openapi.json"), JSON.stringify(document));

const swaggerDir = dirname(require.resolve("swagger-ui-dist/package.json"));
copyFileSync(join(swaggerDir, "swagger-ui.css"), join(staticOut, "swagger-ui.css"));
copyFileSync(join(swaggerDir, "swagger-ui-bundle.js"), join(staticOut, "swagger-ui-bundle.js"));
const redocDir = dirname(require.resolve("redoc/package.json"));
copyFileSync(join(redocDir, "bundles", "redoc.standalone.js"), join(staticOut, "redoc.standalone.js"));

const pagesDir = join(root, "functions", "src", "docs", "static");
for (const page of ["swagger.html", "swagger-init.js", "redoc.html", "redoc-init.js"]) {
  copyFileSync(join(pagesDir, page), join(staticOut, page));
}
console.log(`Docs assets written to ${out}`);
