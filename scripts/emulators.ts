/**
 * Starts the Firebase Emulator Suite (Auth, Firestore, Functions, Hosting) for this project, offline when a
 * local Firestore emulator is installed.
 *
 *   tsx scripts/emulators.ts start [--persist] [--seed]   build, run until Ctrl-C or SIGTERM, print the URLs
 *   tsx scripts/emulators.ts exec -- <command...>         run a command against the emulators, then stop
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  emulatorEnvironment,
  EMULATORS,
  fail,
  root,
  runningBanner,
  Supervisor,
  waitForHealth,
} from "./lib/emulator-suite.js";
import { projectSettings } from "./lib/project-settings.js";

const dataDir = join(root, ".data", "emulators");

async function start(flags: string[]): Promise<void> {
  const supervisor = new Supervisor();
  // The build runs here rather than in package.json (`build && start`): npm runs such a script
  // through `sh -c`, which does not pass a supervisor's SIGTERM on.
  await supervisor.run("npm", ["run", "build"]);
  const settings = projectSettings(root);
  const args = ["emulators:start", "--only", EMULATORS, "--project", settings.projectId];
  if (flags.includes("--persist")) {
    // Import only what an earlier run exported; the first run starts empty.
    if (existsSync(join(dataDir, "firebase-export-metadata.json"))) args.push("--import", dataDir);
    args.push("--export-on-exit", dataDir);
  }
  supervisor.startFirebase(args, emulatorEnvironment());

  const healthy = await waitForHealth(`${settings.apiBaseUrl}/health/`, 120_000);
  if (!healthy) {
    console.error("The API did not answer its health check within 120 s; see the emulator output above.");
    return;
  }
  if (flags.includes("--seed")) {
    const { seedDemoData } = await import("./lib/seed.js");
    await seedDemoData(settings.apiBaseUrl, settings);
  }
  console.log(runningBanner());
}

function exec(command: string[]): void {
  if (command.length === 0) fail("usage: emulators.ts exec -- <command...>");
  const settings = projectSettings(root);
  const quoted = command.map((part) => (/^[\w./:=@-]+$/.test(part) ? part : JSON.stringify(part))).join(" ");
  const env = emulatorEnvironment();
  env.API_BASE_URL = settings.apiBaseUrl;
  env.APP_URL = settings.appUrl;
  new Supervisor().startFirebase(
    ["emulators:exec", "--non-interactive", "--only", EMULATORS, "--project", settings.projectId, quoted],
    env,
  );
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === "start") {
  await start(rest);
} else if (mode === "exec") {
  exec(rest[0] === "--" ? rest.slice(1) : rest);
} else {
  fail("usage: emulators.ts start [--persist] [--seed] | exec -- <command...>");
}
