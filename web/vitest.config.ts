/**
 * The web app's component tests: pages rendered in a DOM (happy-dom) with @testing-library/preact,
 * against the typed API client with a fetch of their own. No emulators: `npx vitest run --config
 * web/vitest.config.ts` runs them alone; the root config lists this file as one of its projects.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: import.meta.dirname,
  define: {
    __AUTH_EMULATOR__: JSON.stringify("127.0.0.1:9099"),
    __FIRESTORE_EMULATOR__: JSON.stringify("127.0.0.1:8080"),
    __SHOP_NAME__: JSON.stringify("Duka"),
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
    name: "web-components",
    environment: "happy-dom",
    include: ["src/**/*.test.tsx"],
    setupFiles: ["src/test-support/setup.ts"],
    // With the root suite's first group (vitest.config.ts).
    sequence: { groupOrder: 0 },
  },
});
