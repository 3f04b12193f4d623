/**
 * The developer loop of `npm run dev`, timed (run by `npm run bench`, or alone:
 * `tsx bench/dev-loop.ts`), in a copy of the project on ports of its own (scripts/lib/dev-sandbox.ts):
 *
 *  - functions: a save of functions/src/app.ts to the first HTTP answer of the api function that
 *    shows the change (esbuild's rebuild, the emulator's 1 s debounce, its reload and a new worker);
 *  - web: a save of web/src/i18n/en.ts to the changed heading on the page, in Chromium on Vite's dev
 *    server (hot module replacement, no reload of the page).
 *
 * Each is the median of DEV_LOOP_RUNS (default 5) saves; goals 3 s and 1 s. Results go to
 * bench/dev-loop.md.
 */
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { format, resolveConfig } from "prettier";
import { launchChromium } from "../functions/test/support/browser.js";
import { isAlive, startDevSandbox } from "../scripts/lib/dev-sandbox.js";

const RUNS = Number(process.env.DEV_LOOP_RUNS ?? 5);
const FUNCTIONS_GOAL_MS = 3_000;
const WEB_GOAL_MS = 1_000;
const PORT_OFFSET = 21_000;
const POLL_MS = 25;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function healthHeader(url: string): Promise<string | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await response.body?.cancel();
    return response.headers.get("x-dev-loop");
  } catch {
    return null;
  }
}

const dev = await startDevSandbox(PORT_OFFSET);
const functionsMs: number[] = [];
const webMs: number[] = [];
let webNote = "";
try {
  const health = `${dev.settings.apiBaseUrl}/health/`;
  let current = "start";
  dev.edit(
    "functions/src/app.ts",
    'app.disable("x-powered-by");',
    `app.disable("x-powered-by");\n  app.use((_request, response, next) => {\n    response.setHeader("X-Dev-Loop", "start");\n    next();\n  });`,
  );
  while ((await healthHeader(health)) !== current) await new Promise((done) => setTimeout(done, 200));
  for (let run = 1; run <= RUNS; run += 1) {
    const next = `run-${String(run)}`;
    const saved = performance.now();
    dev.edit("functions/src/app.ts", `"X-Dev-Loop", "${current}"`, `"X-Dev-Loop", "${next}"`);
    while ((await healthHeader(health)) !== next) await new Promise((done) => setTimeout(done, POLL_MS));
    functionsMs.push(performance.now() - saved);
    current = next;
  }

  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${dev.liveWebUrl}/`);
    const heading = page.locator("#sign-in-title");
    await heading.waitFor({ timeout: 60_000 });
    let title = "Sign in";
    for (let run = 1; run <= RUNS; run += 1) {
      const next = `Sign in (${String(run)})`;
      const saved = performance.now();
      dev.edit("web/src/i18n/en.ts", `signIn: {\n    title: "${title}",`, `signIn: {\n    title: "${next}",`);
      // A page-side expression: this program's own types know no DOM.
      await page.waitForFunction(
        `document.querySelector("#sign-in-title")?.textContent === ${JSON.stringify(next)}`,
        undefined,
        {
          polling: POLL_MS,
          timeout: 30_000,
        },
      );
      webMs.push(performance.now() - saved);
      title = next;
    }
  } catch (error) {
    webNote = `not measured: ${error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error)}`;
  } finally {
    await browser.close();
  }
} finally {
  const started = dev.descendants();
  dev.process.kill("SIGTERM");
  await dev.exited;
  const deadline = Date.now() + 30_000;
  while (started.some(isAlive) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
  dev.remove();
}

const line = (name: string, values: number[], goal: number) =>
  values.length === 0
    ? `| ${name} | ${webNote} | | ${String(goal)} ms |`
    : `| ${name} | ${median(values).toFixed(0)} ms | ${values.map((value) => value.toFixed(0)).join(", ")} | ${String(goal)} ms |`;
const report = [
  "# The developer loop (npm run dev)",
  "",
  `Measured ${new Date().toISOString()} on ${String(cpus().length)} cores by \`bench/dev-loop.ts\`: median of ${String(RUNS)} saves each.`,
  "",
  "| save of | median to the change | each run | goal |",
  "|---|---|---|---|",
  line("a functions source (functions/src/app.ts) → first HTTP answer with it", functionsMs, FUNCTIONS_GOAL_MS),
  line("a web source (web/src/i18n/en.ts) → the page shows it (Chromium, Vite HMR)", webMs, WEB_GOAL_MS),
  "",
].join("\n");
const file = resolve(import.meta.dirname, "dev-loop.md");
// Written as the formatter would (npm run lint checks it).
writeFileSync(file, await format(report, { ...(await resolveConfig(file)), filepath: file }));
console.log(report);
