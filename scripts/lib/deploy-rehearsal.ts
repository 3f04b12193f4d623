/**
 * A deploy rehearsed offline, with firebase-tools' own deploy code wherever it can run without
 * Google's APIs:
 *
 *  1. firebase.json's functions config validated, the runtime checked against firebase-tools' own
 *     support table (a decommissioned runtime fails here, with its date), the source validated and
 *     its functions discovered: firebase-tools' `loadCodebases`, as `firebase deploy` runs it;
 *  2. params resolved non-interactively from functions/.env*, as a CI deploy does; the backend
 *     validated, CPU and concurrency resolved; the functions compared with the expected table;
 *  3. the source packaged by firebase-tools (`prepareFunctionsUpload`), the archive unpacked in a
 *     folder outside the repository and installed the way Cloud Build does (`npm ci --omit=dev`,
 *     from the lockfile in the archive);
 *  4. every compiled module loaded there with production dependencies only, and firebase-functions'
 *     discovery run there (its manifest must equal the one from the repository);
 *  5. the installed `api` served by the Functions Framework (what Cloud Run runs) with production
 *     settings, answering /health/, /docs/ and /openapi.json; and once without WEB_API_KEY, which
 *     must stop the instance at startup with a message naming the setting.
 *
 * What it cannot rehearse offline: API enablement, IAM, Secret Manager, Firestore's location, the
 * Cloud Build and Cloud Run deploy itself.
 */
import { execFile, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { describeEndpoint, functionDifferences } from "./expected-functions.js";
import { hostingRewriteProblems, type HostingConfig } from "./hosting-rewrite.js";
import {
  firebaseTools,
  type Backend,
  type Endpoint,
  type FirebaseConfig,
  type FunctionsCodebaseConfig,
} from "./firebase-tools-internals.js";
import { freePort } from "./free-port.js";

const run = promisify(execFile);
const requireHere = createRequire(import.meta.url);

/** Compiled modules of the functions; lib/docs/static holds browser assets, not modules. */
const isCompiledModule = (file: string) =>
  file.startsWith("lib/") && file.endsWith(".js") && !file.startsWith("lib/docs/static/");

export interface RehearsalOptions {
  root: string;
  /** A made-up project: no Google API is called. */
  projectId: string;
  /** What functions/.env.<project> would hold for it (WEB_API_KEY at least). */
  projectEnv: Record<string, string>;
  log: (line: string) => void;
  /** Overrides firebase.json (to prove a check fails). */
  firebaseJson?: unknown;
}

export class RehearsalFailure extends Error {}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new RehearsalFailure(message);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** A process environment with nothing of this machine's emulators or credentials in it. */
function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), ...extra };
}

export interface ManifestLine {
  name: string;
  region: string;
  trigger: string;
  memory: string;
  cpu: string;
  concurrency: number;
  maxInstances: number;
  timeout: string;
  secrets: string;
}

export function manifestTable(endpoints: Endpoint[]): string[] {
  const rows = [["function", "region", "trigger", "memory", "cpu", "concurrency", "max", "timeout", "secrets"]];
  for (const endpoint of [...endpoints].sort((a, b) => a.id.localeCompare(b.id))) {
    const described = describeEndpoint(endpoint);
    rows.push([
      endpoint.id,
      endpoint.region,
      described.trigger,
      `${described.memoryMb}MiB`,
      String(described.cpu),
      String(described.concurrency),
      String(described.maxInstances),
      `${described.timeoutSeconds}s`,
      described.secrets.join(",") || "-",
    ]);
  }
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

/** The folder of a package as Node resolves it from `dir` (its exports may hide package.json). */
function packageDir(name: string, dir: string): string {
  let current = dirname(requireHere.resolve(name, { paths: [dir] }));
  while (!existsSync(join(current, "package.json")) || !current.endsWith(`node_modules/${name}`)) {
    const parent = dirname(current);
    if (parent === current) throw new RehearsalFailure(`cannot find the ${name} package from ${dir}`);
    current = parent;
  }
  return current;
}

/** Runs firebase-functions' own discovery in `dir` and returns its raw manifest. */
async function discoverManifest(dir: string, projectId: string): Promise<unknown> {
  const output = join(mkdtempSync(join(tmpdir(), "manifest-")), "functions.json");
  const bin = join(packageDir("firebase-functions", dir), "lib", "bin", "firebase-functions.js");
  await run(process.execPath, [bin], {
    cwd: dir,
    env: cleanEnvironment({ FUNCTIONS_MANIFEST_OUTPUT_PATH: output, GCLOUD_PROJECT: projectId }),
    timeout: 60_000,
  });
  return JSON.parse(readFileSync(output, "utf8")) as unknown;
}

interface Served {
  output: () => string;
  exit: Promise<number | null>;
  stop: () => void;
}

function serveWithFunctionsFramework(root: string, dir: string, port: number, env: Record<string, string>): Served {
  const framework = join(root, "node_modules", "@google-cloud", "functions-framework", "build", "src", "main.js");
  const child = spawn(
    process.execPath,
    [framework, "--target=api", "--signature-type=http", `--source=${dir}`, `--port=${port}`],
    {
      cwd: dir,
      env: cleanEnvironment({ ...env, FUNCTION_TARGET: "api", K_SERVICE: "api", PORT: String(port) }),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exit = new Promise<number | null>((done) => {
    child.once("exit", (code) => {
      done(code);
    });
  });
  return {
    output: () => output,
    exit,
    stop: () => {
      if (child.exitCode === null) child.kill("SIGTERM");
    },
  };
}

async function get(url: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() };
}

async function waitForServer(url: string, served: Served, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      const exited = await Promise.race([served.exit, new Promise((done) => setTimeout(done, 250, "running"))]);
      if (exited !== "running") throw new RehearsalFailure(`the Functions Framework exited:\n${served.output()}`);
      if (Date.now() > deadline)
        throw new RehearsalFailure(`the Functions Framework did not start:\n${served.output()}`);
    }
  }
}

/**
 * `npm ci --omit=dev` in the unpacked upload, as Cloud Build runs it. It is most of the rehearsal's
 * time (about 150 s here) and its result depends only on the shipped package.json and lockfile (and
 * the Node and npm versions): the tree is kept under a hash of those, copied in (not linked: a link
 * would let Node fall back to the repository's own node_modules) while they are unchanged, and
 * checked against the lockfile with `npm ls` each time. It is kept in the user's cache
 * (REHEARSAL_CACHE, else $XDG_CACHE_HOME or ~/.cache, under customer-orders/), not in the checkout,
 * so a fresh clone on the same machine (a CI run, a second worktree) reuses it too.
 */
export function rehearsalCacheRoot(): string {
  const explicit = process.env.REHEARSAL_CACHE?.trim();
  if (explicit) return resolve(explicit);
  const cacheHome = process.env.XDG_CACHE_HOME?.trim() || join(homedir(), ".cache");
  return join(cacheHome, "customer-orders", "rehearsal-install");
}

async function installLikeCloudBuild(unpacked: string): Promise<"installed" | "reused"> {
  const { stdout: npmVersion } = await run("npm", ["--version"]);
  const key = createHash("sha256")
    .update(readFileSync(join(unpacked, "package.json")))
    .update(readFileSync(join(unpacked, "package-lock.json")))
    .update(`${process.version} npm ${npmVersion.trim()}`)
    .digest("hex")
    .slice(0, 16);
  const cacheRoot = rehearsalCacheRoot();
  const cached = join(cacheRoot, key, "node_modules");
  const target = join(unpacked, "node_modules");
  if (existsSync(cached)) {
    cpSync(cached, target, { recursive: true, verbatimSymlinks: true });
    try {
      await run("npm", ["ls", "--omit=dev", "--all", "--loglevel=error"], { cwd: unpacked, timeout: 120_000 });
      return "reused";
    } catch {
      // Damaged or incomplete: install afresh below.
      rmSync(target, { recursive: true, force: true });
      rmSync(join(cacheRoot, key), { recursive: true, force: true });
    }
  }
  await run("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: unpacked,
    env: { ...process.env, npm_config_engine_strict: "true" },
    timeout: 300_000,
  });
  // Only this lockfile's tree is kept; written beside, then renamed, so a half copy is never used.
  rmSync(cacheRoot, { recursive: true, force: true });
  const partial = join(cacheRoot, `${key}.partial`);
  cpSync(target, join(partial, "node_modules"), { recursive: true, verbatimSymlinks: true });
  renameSync(partial, join(cacheRoot, key));
  return "installed";
}

/** Steps 1-2: firebase-tools' deploy preparation, offline. Returns the resolved backend. */
export async function prepareLikeDeploy(options: RehearsalOptions): Promise<{
  codebase: FunctionsCodebaseConfig;
  backend: Backend;
  envs: Record<string, string>;
  firebaseConfig: FirebaseConfig;
}> {
  const tools = firebaseTools();
  const { root, projectId, log } = options;
  const src: unknown = options.firebaseJson ?? JSON.parse(readFileSync(join(root, "firebase.json"), "utf8"));
  const config = new tools.Config(src, { projectDir: root, cwd: root });
  const functionsConfig = tools.normalizeAndValidate(config.src.functions);
  check(functionsConfig.length === 1, `expected one functions codebase, found ${functionsConfig.length}`);
  const codebase = functionsConfig[0] as FunctionsCodebaseConfig;
  log(`✓ firebase.json: functions codebase "${codebase.codebase}" from ${codebase.source}/ is valid`);

  const firebaseConfig: FirebaseConfig = { projectId, storageBucket: `${projectId}.firebasestorage.app` };
  const builds = await tools.loadCodebases(
    functionsConfig,
    { config, project: projectId, projectId, nonInteractive: true },
    firebaseConfig,
    { firebase: firebaseConfig },
    undefined,
  );
  const runtime = codebase.runtime ?? "";
  const support = tools.RUNTIMES[runtime];
  log(
    `✓ runtime ${runtime} accepted by firebase-tools (deprecated from ${support?.deprecationDate ?? "?"}, ` +
      `decommissioned ${support?.decommissionDate ?? "?"}); source validated and discovered`,
  );
  const build = builds[codebase.codebase];
  check(build !== undefined, "firebase-tools discovered no build");

  const userEnvs = {
    ...tools.loadUserEnvs({ functionsSource: join(root, codebase.source), projectId }),
    ...options.projectEnv,
  };
  const withoutKey = Object.fromEntries(Object.entries(userEnvs).filter(([name]) => name !== "WEB_API_KEY"));
  try {
    await tools.resolveBackend({ build, firebaseConfig, userEnvs: withoutKey, nonInteractive: true, isEmulator: true });
    throw new RehearsalFailure("a deploy without WEB_API_KEY was not refused");
  } catch (error) {
    if (error instanceof RehearsalFailure) throw error;
    check(/WEB_API_KEY/.test(errorMessage(error)), `unexpected refusal: ${errorMessage(error)}`);
    log(`✓ without WEB_API_KEY a non-interactive deploy is refused: "${errorMessage(error).split("\n")[0] ?? ""}"`);
  }
  // isEmulator only skips Secret Manager, which a rehearsal cannot reach; every other param must resolve.
  const resolved = await tools.resolveBackend({
    build,
    firebaseConfig,
    userEnvs,
    nonInteractive: true,
    isEmulator: true,
  });
  const envs = Object.fromEntries(Object.entries(resolved.envs).map(([name, value]) => [name, value.toString()]));
  log(
    `✓ params resolved non-interactively from functions/.env* (${build.params.length} declared: ` +
      `${build.params.map((param) => param.name).join(", ")})`,
  );
  tools.resolveCpuAndConcurrency(resolved.backend);
  tools.endpointsAreValid(resolved.backend);
  log("✓ endpoints valid for Cloud Functions (2nd gen); CPU and concurrency resolved as a deploy does");
  return { codebase, backend: resolved.backend, envs, firebaseConfig };
}

export async function rehearseDeploy(options: RehearsalOptions): Promise<void> {
  const tools = firebaseTools();
  const { root, projectId, log } = options;
  log(`Deploy rehearsal (offline) for project "${projectId}"`);

  const { codebase, backend, envs, firebaseConfig } = await prepareLikeDeploy(options);
  const endpoints = tools.allEndpoints(backend);
  const region = envs.FUNCTIONS_REGION ?? "";
  log("  Functions as firebase-tools would deploy them:");
  for (const line of manifestTable(endpoints)) log(`    ${line}`);
  const differences = functionDifferences(endpoints, region);
  check(differences.length === 0, `the functions differ from the expected ones:\n  ${differences.join("\n  ")}`);
  log("✓ the functions match the expected table (scripts/lib/expected-functions.ts)");
  const hosting = JSON.parse(readFileSync(join(root, "firebase.json"), "utf8")) as HostingConfig;
  const rewriteProblems = hostingRewriteProblems(hosting, endpoints);
  check(rewriteProblems.length === 0, rewriteProblems.join("\n  "));
  log("✓ Hosting's /api/** rewrite reaches the api function in the region it deploys to");

  const sourceDir = join(root, codebase.source);
  const packaged = await tools.prepareFunctionsUpload(sourceDir, codebase);
  check(packaged !== undefined, "firebase-tools packaged nothing");
  const workDir = mkdtempSync(join(tmpdir(), "deploy-rehearsal-"));
  try {
    const unpacked = join(workDir, "source");
    await tools.unzip(packaged.pathToSource, unpacked);
    const files = filesUnder(unpacked).map((path) => relative(unpacked, path));
    const archiveBytes = statSync(packaged.pathToSource).size;
    const forbidden = files.filter(
      (file) => /^(src|test|node_modules)\//.test(file) || /\.local$|(^|\/)\.secret/.test(file),
    );
    check(forbidden.length === 0, `the upload holds files it must not: ${forbidden.join(", ")}`);
    check(
      files.includes("package-lock.json"),
      "the upload has no package-lock.json: Cloud Build would resolve versions afresh",
    );
    const stale = files.filter(isCompiledModule).filter((file) => {
      const source = join(sourceDir, "src", file.slice("lib/".length).replace(/\.js$/, ".ts"));
      return !existsSync(source);
    });
    check(stale.length === 0, `the upload holds compiled files without a source: ${stale.join(", ")}`);
    log(
      `✓ packaged by firebase-tools: ${files.length} files, ${(archiveBytes / 1024).toFixed(0)} KiB; no src/, test/ or secrets; lockfile included`,
    );

    const started = Date.now();
    const install = await installLikeCloudBuild(unpacked);
    const installed = readdirSync(join(unpacked, "node_modules")).length;
    log(
      install === "installed"
        ? `✓ installed as Cloud Build does: npm ci --omit=dev from the shipped lockfile (${installed} top-level packages, ${((Date.now() - started) / 1000).toFixed(0)} s; kept in the user's cache for this lockfile)`
        : `✓ installed as Cloud Build does: npm ci --omit=dev's tree for this exact lockfile, reused from the user's cache and checked by npm ls (${installed} top-level packages, ${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );

    const modules = files.filter(isCompiledModule);
    const loader = `for (const file of ${JSON.stringify(modules)}) require(require("path").resolve(file));`;
    try {
      await run(process.execPath, ["-e", loader], {
        cwd: unpacked,
        env: cleanEnvironment({ GCLOUD_PROJECT: projectId }),
      });
    } catch (error) {
      throw new RehearsalFailure(
        `a compiled module does not load with production dependencies: ${errorMessage(error)}`,
      );
    }
    log(`✓ all ${modules.length} compiled modules load with production dependencies only`);

    const [fromRepo, fromUpload] = await Promise.all([
      discoverManifest(sourceDir, projectId),
      discoverManifest(unpacked, projectId),
    ]);
    check(
      JSON.stringify(fromRepo) === JSON.stringify(fromUpload),
      "discovery in the upload differs from the repository's",
    );
    log("✓ firebase-functions' discovery in the installed upload gives the same manifest as the repository");

    const productionEnv: Record<string, string> = {
      ...envs,
      ...tools.loadFirebaseEnvs(firebaseConfig, projectId),
      AT_CALLBACK_TOKEN: randomBytes(24).toString("hex"),
    };
    const port = await freePort();
    const served = serveWithFunctionsFramework(root, unpacked, port, productionEnv);
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitForServer(`${base}/health/`, served, 30_000);
      const health = await get(`${base}/health/`);
      const docs = await get(`${base}/docs/`);
      const document = await get(`${base}/openapi.json`);
      check(
        health.status === 200 && health.text.includes('"ok"'),
        `GET /health/ answered ${health.status} ${health.text}`,
      );
      check(
        docs.status === 200 && docs.type.startsWith("text/html"),
        `GET /docs/ answered ${docs.status} ${docs.type}`,
      );
      const openapi = (JSON.parse(document.text) as { openapi?: unknown }).openapi;
      check(document.status === 200 && typeof openapi === "string", `GET /openapi.json answered ${document.status}`);
      log(
        `✓ the Functions Framework serves the installed api: /health/ ${health.status}, /docs/ ${docs.status}, /openapi.json ${document.status} (OpenAPI ${openapi})`,
      );
    } finally {
      served.stop();
      await served.exit;
    }

    const withoutKey = Object.fromEntries(Object.entries(productionEnv).filter(([name]) => name !== "WEB_API_KEY"));
    const refused = serveWithFunctionsFramework(root, unpacked, await freePort(), withoutKey);
    const code = await Promise.race([
      refused.exit,
      new Promise<"running">((done) => setTimeout(done, 30_000, "running")),
    ]);
    refused.stop();
    check(code !== "running" && code !== 0, "the api started without WEB_API_KEY");
    const message = /api cannot start: [^"\\]*/.exec(refused.output())?.[0];
    check(
      message?.includes("WEB_API_KEY") === true,
      `the api stopped without naming WEB_API_KEY:\n${refused.output()}`,
    );
    log(`✓ without WEB_API_KEY the installed api stops at startup: "${message}"`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    rmSync(packaged.pathToSource, { force: true });
  }
  log("Deploy rehearsal passed.");
}

export const REHEARSAL_DEFAULTS = {
  projectId: "rehearsal-orders",
  projectEnv: { WEB_API_KEY: "rehearsal-web-api-key", AT_USERNAME: "rehearsal" },
};

export const projectRoot = resolve(import.meta.dirname, "..", "..");
