/**
 * npm run test:running -- [vitest args]: the suite, one file or a watch, against the emulators
 * `npm start` or `npm run dev` already runs (reused, never started here). For example:
 *
 *   npm run test:running -- functions/test/integration/orders.test.ts
 *   npm run test:running -- --watch functions/test/integration/orders.test.ts
 *
 * Tests make their own users and data, so they can share the suite with a developer's session.
 */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { requireRunningEmulators } from "./lib/running-emulators.js";

const root = resolve(import.meta.dirname, "..");
const settings = await requireRunningEmulators(root, true);
const args = process.argv.slice(2);
const vitest = spawn(join(root, "node_modules", ".bin", "vitest"), args.includes("--watch") ? args : ["run", ...args], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    // What `firebase emulators:exec` would export for the suite.
    FIRESTORE_EMULATOR_HOST: settings.firestoreHost,
    FIREBASE_AUTH_EMULATOR_HOST: settings.authHost,
    GCLOUD_PROJECT: settings.projectId,
    API_BASE_URL: settings.apiBaseUrl,
    APP_URL: settings.appUrl,
  },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => vitest.kill(signal));
vitest.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
