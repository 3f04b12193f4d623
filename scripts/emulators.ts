/**
 * Starts the Firebase Emulator Suite (Auth, Firestore, Functions, Hosting) for this project, offline when a
 * local Firestore emulator is installed.
 *
 *   tsx scripts/emulators.ts start [--persist] [--seed]   run until Ctrl-C, print the app and API URLs
 *   tsx scripts/emulators.ts exec -- <command...>         run a command against the emulators, then stop
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { EMULATOR_PLACEHOLDER_SECRET } from "../functions/src/config.js";
import { writeEmulatorConfig } from "./lib/emulator-config.js";
import { buildWrapperJar, findLocalEmulators, javaMajorVersion } from "./lib/firestore-emulator.js";
import { projectSettings } from "./lib/project-settings.js";

const root = resolve(import.meta.dirname, "..");
const cacheDir = join(root, ".cache", "emulators");
const dataDir = join(root, ".data", "emulators");
const firebaseBin = join(root, "node_modules", ".bin", "firebase");
const EMULATORS = "auth,firestore,functions,hosting";
const MIN_JAVA = 11;

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

function emulatorEnvironment(): NodeJS.ProcessEnv {
  const java = javaMajorVersion();
  if (java === undefined) {
    fail(
      "Java was not found on PATH. The Firestore and Auth emulators need a Java runtime (11 or newer).\n" +
        "Install one, for example: sudo apt-get install -y openjdk-17-jre-headless",
    );
  }
  if (java < MIN_JAVA) {
    fail(`Java ${java} is too old for the Firestore emulator. Install Java ${MIN_JAVA} or newer.`);
  }

  const env: NodeJS.ProcessEnv = { ...process.env };
  let local;
  try {
    local = findLocalEmulators();
  } catch (error) {
    fail((error as Error).message);
  }
  if (local.firestoreJar) {
    env.FIRESTORE_EMULATOR_BINARY_PATH = buildWrapperJar(local.firestoreJar, cacheDir);
    console.log(`Using the local Cloud Firestore emulator at ${local.firestoreJar}`);
  } else {
    console.log(
      "No local Cloud Firestore emulator found (set FIRESTORE_EMULATOR_JAR, or install the Debian package\n" +
        "google-cloud-cli-firestore-emulator). firebase-tools will download it, which needs internet.",
    );
  }
  if (local.pubsubScript) env.PUBSUB_EMULATOR_BINARY_PATH = local.pubsubScript;
  ensureEmulatorSecrets();
  return env;
}

/**
 * The Functions emulator asks Secret Manager for any secret missing from functions/.secret.local,
 * which needs credentials and a network. A placeholder keeps it local; with it (and no AT_USERNAME)
 * messages go to the outbox. Real sandbox credentials can replace it by hand.
 */
function ensureEmulatorSecrets(): void {
  const secretFile = join(root, "functions", ".secret.local");
  const existing = existsSync(secretFile) ? readFileSync(secretFile, "utf8") : "";
  const missing = ["AT_API_KEY", "AT_CALLBACK_TOKEN"].filter((name) => !new RegExp(`^${name}=`, "m").test(existing));
  if (missing.length === 0) return;
  const lines = missing.map((name) => `${name}=${EMULATOR_PLACEHOLDER_SECRET}\n`).join("");
  const separator = existing === "" || existing.endsWith("\n") ? "" : "\n";
  writeFileSync(secretFile, `${existing}${separator}${lines}`, { mode: 0o600 });
}

/**
 * Runs firebase-tools as a direct child in a process group of its own, and passes it exactly one
 * SIGINT on Ctrl-C. In the terminal's group it would get the keypress's SIGINT and ours, and
 * firebase-tools takes a second SIGINT as "exit now", leaving the emulators' Java behind mid-export.
 */
function runFirebase(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // The emulators read firebase.json with the emulators' own origins added to the web app's policy.
  const configured = [...args, "--config", writeEmulatorConfig(root)];
  const child = spawn(firebaseBin, configured, {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // firebase-tools shuts its emulators (and their Java processes) down cleanly on SIGINT.
    child.kill(signal === "SIGTERM" ? "SIGINT" : signal);
  };
  process.on("SIGINT", () => {
    stop("SIGINT");
  });
  process.on("SIGTERM", () => {
    stop("SIGTERM");
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return child;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return true;
    } catch {
      // Not up yet.
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  return false;
}

async function start(flags: string[]): Promise<void> {
  const settings = projectSettings(root);
  const args = ["emulators:start", "--only", EMULATORS, "--project", settings.projectId];
  if (flags.includes("--persist")) {
    // Import only what an earlier run exported; the first run starts empty.
    if (existsSync(join(dataDir, "firebase-export-metadata.json"))) args.push("--import", dataDir);
    args.push("--export-on-exit", dataDir);
  }
  const env = emulatorEnvironment();
  const child = runFirebase(args, env);
  child.stdout?.pipe(process.stdout);

  const healthy = await waitForHealth(`${settings.apiBaseUrl}/health/`, 120_000);
  if (!healthy) {
    console.error("The API did not answer its health check within 120 s; see the emulator output above.");
    return;
  }
  if (flags.includes("--seed")) {
    const { seedDemoData } = await import("./lib/seed.js");
    await seedDemoData(settings.apiBaseUrl, settings);
  }
  console.log(
    [
      "",
      "  Customer orders is running in the Firebase Emulator Suite.",
      `    Web app:        ${settings.appUrl}/  (staff: npm run staff -- grant <email>, sign in again)`,
      `    API base URL:   ${settings.apiBaseUrl}`,
      `    API docs:       ${settings.apiBaseUrl}/docs/  (ReDoc: ${settings.apiBaseUrl}/redoc/)`,
      `    SMS outbox:     npm run outbox   (Firestore collection sms_outbox)`,
      `    Auth emulator:  http://${settings.authHost}`,
      `    Firestore:      http://${settings.firestoreHost}`,
      "  Press Ctrl-C to stop everything.",
      "",
    ].join("\n"),
  );
}

function exec(command: string[]): void {
  if (command.length === 0) fail("usage: emulators.ts exec -- <command...>");
  const settings = projectSettings(root);
  const quoted = command.map((part) => (/^[\w./:=@-]+$/.test(part) ? part : JSON.stringify(part))).join(" ");
  const env = emulatorEnvironment();
  env.API_BASE_URL = settings.apiBaseUrl;
  env.APP_URL = settings.appUrl;
  const child = runFirebase(
    ["emulators:exec", "--non-interactive", "--only", EMULATORS, "--project", settings.projectId, quoted],
    env,
  );
  child.stdout?.pipe(process.stdout);
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === "start") {
  await start(rest);
} else if (mode === "exec") {
  exec(rest[0] === "--" ? rest.slice(1) : rest);
} else {
  fail("usage: emulators.ts start [--persist] [--seed] | exec -- <command...>");
}
