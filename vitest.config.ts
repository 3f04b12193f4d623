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
          ],
        },
      },
      // The web app's component tests (happy-dom), with a config of their own.
      "web/vitest.config.ts",
    ],
    // Integration tests share one Emulator Suite per run; each test makes its own users.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ["functions/test/support/global-setup.ts"],
    // The functions log one JSON line per request and SMS attempt; show them only for failing tests.
    silent: "passed-only",
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});
