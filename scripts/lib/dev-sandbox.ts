/**
 * `npm run dev` in a copy of the project whose emulators listen on shifted ports, for the tests and
 * the benchmark of the developer loop: they edit the copy's sources, never the working tree, and
 * run beside the suite's own emulators (which hold the usual ports).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { projectSettings, type ProjectSettings } from "./project-settings.js";

const repository = resolve(import.meta.dirname, "..", "..");

/** What the copy holds: what `npm run dev` reads, without builds, tests or installed packages. */
const COPIED = [
  ".firebaserc",
  "firestore.rules",
  "firestore.indexes.json",
  "openapi.yaml",
  "package.json",
  "tsconfig.json",
  "tsconfig.base.json",
  "functions/package.json",
  "functions/package-lock.json",
  // The functions' settings (the emulator refuses to load them without their params).
  "functions/.env",
  "functions/.env.demo-orders",
  "functions/src",
  "clients/typescript/package.json",
  "scripts",
  "web/first-paint",
  "web/index.html",
  "web/package.json",
  "web/public",
  "web/src",
  "web/tsconfig.json",
  "web/vite.config.ts",
];
const SKIPPED = new Set([join(repository, "scripts", "node22")]);
/** Emulator ports firebase-tools may take; each moves by the offset. */
const PORTS = {
  auth: 9099,
  firestore: 8080,
  functions: 5001,
  hosting: 5050,
  hub: 4400,
  logging: 4500,
  eventarc: 9299,
  tasks: 9499,
};
const FIRESTORE_WEBSOCKET = 9150;
const VITE_PORT = 5173;
/** Variables the suite's own emulators set: the copy must find its own. */
const INHERITED_EMULATOR_VARIABLE =
  /^(FIREBASE_|FIRESTORE_|GCLOUD_|GOOGLE_|FUNCTIONS_|PUBSUB_|CLOUD_|API_BASE_URL|APP_URL)/;

export interface DevSandbox {
  dir: string;
  settings: ProjectSettings;
  /** Vite's dev server. */
  liveWebUrl: string;
  /** npm, as a developer or a supervisor starts it. */
  process: ChildProcess;
  output: () => string;
  /** Replaces `search` (which must occur once) in one of the copy's files. */
  edit: (path: string, search: string, replacement: string) => void;
  /** Every process below npm right now (npm's shell, Node, firebase-tools, Java, workers, esbuild). */
  descendants: () => number[];
  /** Resolves with npm's exit code. */
  exited: Promise<number | null>;
  remove: () => void;
}

function firebaseJson(offset: number): string {
  const config = JSON.parse(readFileSync(join(repository, "firebase.json"), "utf8")) as {
    emulators: Record<string, unknown>;
  };
  for (const [name, port] of Object.entries(PORTS)) {
    config.emulators[name] = { host: "127.0.0.1", port: port + offset };
  }
  config.emulators.firestore = {
    host: "127.0.0.1",
    port: PORTS.firestore + offset,
    websocketPort: FIRESTORE_WEBSOCKET + offset,
  };
  return JSON.stringify(config, null, 2);
}

/** Links each installed package rather than the folder, so Vite's cache stays in the copy. */
function linkPackages(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (name === ".vite" || name === ".cache") continue;
    symlinkSync(join(from, name), join(to, name));
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The fourth field of /proc/<pid>/stat is the parent; the name before it may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return children;
}

function descendantsOf(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of childrenOf(next)) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Running, as opposed to gone or a zombie (exited, waiting for its parent to read its status). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Starts `npm run dev` in a fresh copy and resolves once the API answers through it. */
export async function startDevSandbox(offset: number, timeoutMs = 180_000): Promise<DevSandbox> {
  const dir = mkdtempSync(join(tmpdir(), "dev-sandbox-"));
  for (const path of COPIED) {
    cpSync(join(repository, path), join(dir, path), { recursive: true, filter: (source) => !SKIPPED.has(source) });
  }
  writeFileSync(join(dir, "firebase.json"), firebaseJson(offset));
  linkPackages(join(repository, "node_modules"), join(dir, "node_modules"));

  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !INHERITED_EMULATOR_VARIABLE.test(name)),
  );
  const child = spawn("npm", ["run", "dev"], {
    cwd: dir,
    env: { ...env, DEV_WEB_PORT: String(VITE_PORT + offset), NO_COLOR: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once("exit", done));

  const settings = projectSettings(dir);
  const sandbox: DevSandbox = {
    dir,
    settings,
    liveWebUrl: `http://127.0.0.1:${VITE_PORT + offset}`,
    process: child,
    output: () => output,
    edit: (path, search, replacement) => {
      const file = join(dir, path);
      const source = readFileSync(file, "utf8");
      if (source.split(search).length !== 2) throw new Error(`${path} does not hold ${search} exactly once`);
      writeFileSync(file, source.replace(search, replacement));
    },
    descendants: () => (child.pid === undefined ? [] : descendantsOf(child.pid)),
    exited,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };

  const deadline = Date.now() + timeoutMs;
  while (!output.includes("Press Ctrl-C to stop everything.")) {
    if (child.exitCode !== null) throw new Error(`npm run dev exited (${String(child.exitCode)}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`npm run dev did not come up:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  return sandbox;
}
