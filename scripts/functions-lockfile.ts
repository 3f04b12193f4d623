/** Writes functions/package-lock.json from the root lockfile: npm run lockfile:functions. */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { renderFunctionsLockfile } from "./lib/functions-lockfile.js";

const root = resolve(import.meta.dirname, "..");
const target = resolve(root, "functions", "package-lock.json");
writeFileSync(target, renderFunctionsLockfile(root));
console.log(`Wrote ${target}`);
