/**
 * The web app's build. The output (web/dist) is what Firebase Hosting serves; firebase.json rewrites
 * /api/** to the api function, so the app calls its API on its own origin.
 *
 * The emulators' addresses come from firebase.json. The app uses them only for a demo- project (one
 * that exists nowhere but in the emulators), so the same build serves both.
 */
import { resolve } from "node:path";
import { defineConfig } from "vite";
import { projectSettings } from "../scripts/lib/project-settings.js";

const emulators = projectSettings(resolve(import.meta.dirname, ".."));

export default defineConfig({
  root: import.meta.dirname,
  define: {
    __AUTH_EMULATOR__: JSON.stringify(emulators.authHost),
    __FIRESTORE_EMULATOR__: JSON.stringify(emulators.firestoreHost),
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The budget check (scripts/web-budget.ts) reads the manifest to follow each side's imports.
    manifest: true,
    target: "es2022",
    sourcemap: true,
  },
});
