/**
 * npm run sweep: one run of the SMS sweeper (sweepOrderSms) against the running emulators.
 *
 * In production Cloud Scheduler runs it every 5 minutes. The Emulator Suite has no scheduler: the
 * Functions emulator does not fire schedules (with the Pub/Sub emulator it would only load the
 * function, still waiting for someone to publish its tick), so locally the sweeper runs when this
 * command runs it: the same handler, with the functions' settings from functions/.env* and
 * functions/.secret.local, as the emulator gives them.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { functionsEnv } from "./lib/project-settings.js";
import { requireRunningEmulators } from "./lib/running-emulators.js";

const root = resolve(import.meta.dirname, "..");
const settings = await requireRunningEmulators(root, false);

function secrets(): Record<string, string> {
  const file = join(root, "functions", ".secret.local");
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .map((line) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
      .flatMap((match) => (match?.[1] === undefined ? [] : [[match[1], match[2] ?? ""]])),
  );
}

Object.assign(process.env, functionsEnv(root, settings.projectId), secrets(), {
  FIRESTORE_EMULATOR_HOST: settings.firestoreHost,
  FIREBASE_AUTH_EMULATOR_HOST: settings.authHost,
  GCLOUD_PROJECT: settings.projectId,
  FUNCTIONS_EMULATOR: "true",
});
const { sweepMessages } = await import("../functions/src/entry-points/sms-handlers.js");
const summary = await sweepMessages();
console.log(`SMS sweep finished: ${JSON.stringify(summary)}`);
process.exit(0);
