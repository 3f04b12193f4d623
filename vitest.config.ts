import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "suite",
          include: [
            "functions/test/**/*.test.ts",
            "scripts/**/*.test.ts",
            "clients/**/test/**/*.test.ts",
            "web/test/**/*.test.ts",
            "web/first-paint/**/*.test.ts",
          ],
          exclude: ["functions/test/alone/**"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Bursts of load (fifty orders at once) that need the emulators to themselves: after the rest.
        extends: true,
        test: {
          name: "alone",
          include: ["functions/test/alone/**/*.test.ts"],
          sequence: { groupOrder: 1 },
        },
      },
      // The web app's component tests (happy-dom), with a config of their own.
      "web/vitest.config.ts",
    ],
    // Integration tests share one Emulator Suite per run; each test makes its own users.
    pool: "forks",
    // Three files at a time on 2 cores: most of a test's time is waiting on the emulators or a
    // browser. TEST_WORKERS changes it (1 runs the files one by one).
    maxWorkers: Number(process.env.TEST_WORKERS ?? 3),
    // A worker keeps its loaded modules from one file to the next (firebase-admin, playwright, the
    // functions' code): importing them afresh per file was a third of the suite's CPU. Each file still
    // makes its own users, servers and browsers, and restores what it changes.
    isolate: process.env.TEST_ISOLATE === "1",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ["functions/test/support/global-setup.ts"],
    // The functions log one JSON line per request and SMS attempt; show them only for failing tests.
    silent: "passed-only",
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});
