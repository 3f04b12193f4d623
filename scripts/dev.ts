/**
 * npm run dev: the Emulator Suite as `npm start` runs it, plus the two loops a developer lives in.
 *
 *  - Functions: esbuild watches functions/src and rewrites the bundles in functions/lib on every
 *    save; the Functions emulator watches functions/lib itself and loads the new code into fresh
 *    workers, without a restart (100 ms after the last change rather than its usual second:
 *    lib/quick-functions-reload.cjs). The emulators keep their data: only the functions' code changes.
 *  - Web app: Vite's dev server (hot reload) serves web/ and forwards /api/** and /__/ as Hosting
 *    does (web/vite.config.ts). The Hosting emulator keeps serving the build made at startup.
 *
 * Runs as one Node process (`exec node --import tsx`: npm's shell replaces itself with it), so SIGINT or SIGTERM sent to it,
 * or to npm in front of it, stops everything it started.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { context, type Plugin } from "esbuild";
import { createServer } from "vite";
import {
  emulatorEnvironment,
  EMULATORS,
  root,
  runningBanner,
  Supervisor,
  waitForHealth,
} from "./lib/emulator-suite.js";
import { describeBundles, functionsBuildOptions, functionsDir } from "./lib/functions-bundle.js";
import { projectSettings } from "./lib/project-settings.js";

const bin = (name: string) => join(root, "node_modules", ".bin", name);
const supervisor = new Supervisor();
const settings = projectSettings(root);

/** One line per rebuild after the first, so a save shows when its code is in functions/lib. */
function reportRebuilds(): Plugin {
  let builds = 0;
  let startedAt = 0;
  return {
    name: "report-rebuilds",
    setup(build) {
      build.onStart(() => {
        startedAt = Date.now();
      });
      build.onEnd((result) => {
        builds += 1;
        if (builds === 1) return;
        if (result.errors.length > 0)
          console.log("[dev] functions: build failed; the emulator keeps the last good code");
        else console.log(`[dev] functions rebuilt in ${Date.now() - startedAt} ms; the emulator reloads them`);
      });
    },
  };
}

rmSync(join(functionsDir, "lib"), { recursive: true, force: true });
const functions = await context({ ...functionsBuildOptions, plugins: [reportRebuilds()] });
supervisor.onStop(() => functions.dispose());
const [first] = await Promise.all([
  functions.rebuild(),
  // Hosting (the suite's app URL, the tests' too) serves this build; Vite serves the live sources.
  // (The web package's build script, without npm in front.)
  supervisor
    .run(bin("vite"), ["build"], join(root, "web"))
    .then(() => supervisor.run(bin("tsx"), [join(root, "scripts", "web-budget.ts")])),
]);
console.log(describeBundles(first.metafile));
await supervisor.run(bin("tsx"), [join(root, "scripts", "build-docs.ts")]);
await functions.watch();

supervisor.startFirebase(
  ["emulators:start", "--only", EMULATORS, "--project", settings.projectId],
  emulatorEnvironment(),
  // The Functions emulator's wait after a change, 1 s, made 100 ms (see the file).
  join(root, "scripts", "lib", "quick-functions-reload.cjs"),
);

const web = await createServer({ configFile: join(root, "web", "vite.config.ts"), clearScreen: false });
supervisor.onStop(() => web.close());
await web.listen();
const webUrl = web.resolvedUrls?.local[0] ?? `http://127.0.0.1:${String(web.config.server.port)}/`;

if (await waitForHealth(`${settings.apiBaseUrl}/health/`, 120_000)) {
  console.log(
    runningBanner([
      `    Live web app:   ${webUrl}  (Vite, hot reload; /api as on Hosting)`,
      "    Functions:      rebuilt on save into functions/lib, reloaded by the emulator",
    ]),
  );
} else if (!supervisor.isStopping) {
  console.error("The API did not answer its health check within 120 s; see the emulator output above.");
}
