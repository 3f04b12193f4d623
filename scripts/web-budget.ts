/**
 * Fails the web build when either side's first load exceeds its budget of compressed JavaScript.
 * Runs after `vite build` (npm run build --workspace web), so `npm test` checks it on every run.
 */
import { resolve } from "node:path";
import { BUDGET_BYTES, measureSides } from "./lib/web-budget.js";

const dist = resolve(import.meta.dirname, "..", "web", "dist");
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
let over = false;
for (const side of measureSides(dist)) {
  const fits = side.gzipBytes <= BUDGET_BYTES;
  over ||= !fits;
  console.log(
    `${fits ? "✓" : "✗"} ${side.name} first load: ${kb(side.gzipBytes)} of JavaScript, gzip (budget ${kb(BUDGET_BYTES)}): ${side.files.join(", ")}`,
  );
}
if (over) {
  console.error("The web app's first load is over budget: load the new code lazily, or make it smaller.");
  process.exit(1);
}
