/** Writes openapi.yaml from the code's schemas: npm run openapi. */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { renderOpenApiYaml } from "./lib/openapi-yaml.js";

const target = resolve(import.meta.dirname, "..", "openapi.yaml");
writeFileSync(target, await renderOpenApiYaml());
console.log(`Wrote ${target}`);
