/**
 * npm run test:unit: the tests that need no emulators (the functions' unit tests and the web app's
 * component tests), in seconds. The emulator variables point nowhere, so a unit test that reached
 * for Firestore or Auth fails at once instead of waiting on a connection.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["functions/test/unit/**/*.test.ts", "web/first-paint/**/*.test.ts"],
          exclude: [
            // It serves the API against the emulators; npm test and test:running run it.
            "functions/test/unit/deprecation.test.ts",
            // These two drive whole tools over the whole tree (Optic over the contract against the
            // released one, dependency-cruiser over functions/src twice), 10 s and more each:
            // npm test runs them, and `npm run lint` checks the layers too.
            "functions/test/unit/compatibility.test.ts",
            "functions/test/unit/layers.test.ts",
          ],
          env: {
            FIRESTORE_EMULATOR_HOST: "127.0.0.1:1",
            FIREBASE_AUTH_EMULATOR_HOST: "127.0.0.1:1",
            GCLOUD_PROJECT: "demo-orders",
          },
        },
      },
      "web/vitest.config.ts",
    ],
    silent: "passed-only",
    // As in the suite: a worker keeps its modules from one file to the next.
    isolate: false,
  },
});
