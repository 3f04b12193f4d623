/**
 * What `npm start`, `npm run dev` and `emulators.ts exec` share: the emulators' environment (Java,
 * the local Firestore emulator, placeholder secrets), firebase-tools run as a child that stops
 * cleanly, and one shutdown path for every process a launcher started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { EMULATOR_PLACEHOLDER_SECRET } from "../../functions/src/config.js";
import { writeEmulatorConfig } from "./emulator-config.js";
import { projectSettings } from "./project-settings.js";
import { buildWrapperJar, findLocalEmulators, javaMajorVersion } from "./firestore-emulator.js";

export const root = resolve(import.meta.dirname, "..", "..");
const cacheDir = join(root, ".cache", "emulators");
const firebaseBin = join(root, "node_modules", ".bin", "firebase");
export const EMULATORS = "auth,firestore,functions,hosting";
const MIN_JAVA = 11;
/** How long firebase-tools gets to stop its emulators after SIGINT before its group is killed. */
const STOP_GRACE_MS = 10_000;

export function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

/**
 * Java's logging for the Firestore emulator: its defaults, except that the listen channels' warnings
 * are left out. The emulator never lets go of a listener whose page was closed or reloaded without
 * removing it: it queues every change for it, and past 10,000 queued it warns three lines for each
 * further change, for the rest of the run. A suite of browser tests that close pages (as people do)
 * made a quarter of a million such lines, which firebase-tools copies into firebase-debug.log:
 * minutes of CPU on two cores. Errors (SEVERE) still print.
 */
export const JAVA_LOGGING = [
  "handlers=java.util.logging.ConsoleHandler",
  ".level=INFO",
  "java.util.logging.ConsoleHandler.level=INFO",
  "com.google.net.webchannel.level=SEVERE",
  "com.google.cloud.datastore.emulator.firestore.webchannel.level=SEVERE",
  "",
].join("\n");

function writeJavaLogging(dir: string): string {
  const file = join(dir, "java-logging.properties");
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JAVA_LOGGING);
  return file;
}

export function emulatorEnvironment(): NodeJS.ProcessEnv {
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
  // The Firestore emulator is the one JVM here, and short-lived: its optimising JIT compiler cost
  // more CPU than it saved (a test run's Firestore CPU went from 29 s to 11 s with the quick compiler
  // only, and the run itself from 47 s to 32 s on 2 cores), and a small heap needs no parallel GC.
  // A JAVA_TOOL_OPTIONS of the developer's own is left as it is.
  env.JAVA_TOOL_OPTIONS ??= "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
  // Quoted: the JVM splits JAVA_TOOL_OPTIONS at spaces, and a checkout's path may have some.
  if (!env.JAVA_TOOL_OPTIONS.includes("java.util.logging.config.file"))
    env.JAVA_TOOL_OPTIONS += ` -Djava.util.logging.config.file="${writeJavaLogging(cacheDir)}"`;
  let local;
  try {
    local = findLocalEmulators();
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
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
  // firebase-tools discovers the functions by serving them and asking over HTTP, then waits up to
  // 10 s for that server to exit; told to, it has the SDK write its manifest to a file and exit
  // instead (as `firebase deploy` can). Every load of the functions, at start and after each save,
  // is that much shorter.
  env.FIREBASE_FUNCTIONS_DISCOVERY_OUTPUT_PATH ??= "true";
  // Each load of the functions (the start, then every save) also asks the registry for the newest
  // firebase-functions (`npm show`, synchronously, up to 10 s without a network) only to print a
  // hint. Offline, npm answers at once from its cache that it cannot tell; nothing else is lost.
  env.npm_config_offline ??= "true";
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

type Cleanup = () => void | Promise<void>;

/**
 * Everything a launcher started, stopped together on SIGINT or SIGTERM, whoever sends it: a
 * terminal's Ctrl-C (to the whole group) or a supervisor's signal to this one process.
 *
 * firebase-tools runs in a process group of its own and gets exactly one SIGINT: in the terminal's
 * group it would get the keypress's SIGINT and ours, and it takes a second SIGINT as "exit now",
 * leaving the emulators' Java behind mid-export. If it has not stopped after STOP_GRACE_MS, its whole
 * group (its Java and worker processes included) is killed.
 */
export class Supervisor {
  private readonly cleanups: Cleanup[] = [];
  private firebase: ChildProcess | undefined;
  private stopping = false;

  constructor() {
    process.on("SIGINT", () => void this.stop(130));
    process.on("SIGTERM", () => void this.stop(143));
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Run on shutdown, before firebase-tools is asked to stop. */
  onStop(cleanup: Cleanup): void {
    this.cleanups.push(cleanup);
  }

  /** A build step as a child: its output shown, its failure ends the launcher, a signal ends it. */
  async run(command: string, args: string[], cwd = root): Promise<void> {
    if (this.stopping) return;
    const child = spawn(command, args, { cwd, stdio: "inherit" });
    const kill = () => {
      if (child.exitCode === null) child.kill("SIGTERM");
    };
    this.cleanups.push(kill);
    const code = await new Promise<number | null>((done) => child.once("exit", done));
    this.cleanups.splice(this.cleanups.indexOf(kill), 1);
    if (code !== 0 && !this.isStopping) fail(`${command} ${args.join(" ")} failed (exit ${String(code)}).`);
  }

  /** Starts firebase-tools; when it exits by itself, the launcher exits with its code. */
  /** firebase-tools with `args`; `preload`, a CommonJS module firebase-tools' Node loads first. */
  startFirebase(args: string[], env: NodeJS.ProcessEnv, preload?: string): ChildProcess {
    // The emulators read firebase.json with the emulators' own origins added to the web app's policy.
    const configured = [...args, "--config", writeEmulatorConfig(root)];
    const [command, commandArgs] = preload
      ? [process.execPath, ["--require", preload, firebaseBin, ...configured]]
      : [firebaseBin, configured];
    const child = spawn(command, commandArgs, {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    });
    this.firebase = child;
    child.stdout.pipe(process.stdout);
    child.once("exit", (code, signal) => {
      if (!this.stopping) void this.stop(code ?? (signal ? 1 : 0));
    });
    return child;
  }

  async stop(exitCode: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`while stopping: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const firebase = this.firebase;
    if (firebase?.pid !== undefined && firebase.exitCode === null && firebase.signalCode === null) {
      const exited = new Promise<void>((done) =>
        firebase.once("exit", () => {
          done();
        }),
      );
      firebase.kill("SIGINT");
      const timer = setTimeout(() => {
        console.error(`The emulators did not stop within ${STOP_GRACE_MS / 1000} s; killing them.`);
        killGroup(firebase.pid);
      }, STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
      // firebase-tools waits for its emulators; anything of its group still alive is a leftover.
      killGroup(firebase.pid);
    }
    process.exit(exitCode);
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // The group is gone already.
  }
}

export async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
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

/** The Emulator Suite's addresses, as `npm start` and `npm run dev` print them. */
export function runningBanner(extra: string[] = []): string {
  const settings = projectSettings(root);
  return [
    "",
    "  Customer orders is running in the Firebase Emulator Suite.",
    `    Web app:        ${settings.appUrl}/  (staff: npm run staff -- grant <email>, sign in again)`,
    ...extra,
    `    API base URL:   ${settings.apiBaseUrl}`,
    `    API docs:       ${settings.apiBaseUrl}/docs/  (ReDoc: ${settings.apiBaseUrl}/redoc/)`,
    `    SMS outbox:     npm run outbox   (Firestore collection sms_outbox; npm run sweep runs the sweeper)`,
    `    Auth emulator:  http://${settings.authHost}`,
    `    Firestore:      http://${settings.firestoreHost}`,
    "  Press Ctrl-C to stop everything.",
    "",
  ].join("\n");
}
