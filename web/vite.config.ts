/**
 * The web app's build. The output (web/dist) is what Firebase Hosting serves; firebase.json rewrites
 * /api/** to the api function, so the app calls its API on its own origin.
 *
 * The emulators' addresses come from firebase.json. The app uses them only for a demo- project (one
 * that exists nowhere but in the emulators), so the same build serves both.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig } from "vite";

interface FirebaseJson {
  emulators?: Record<string, { host?: string; port?: number }>;
}

const firebaseJson = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "..", "firebase.json"), "utf8"),
) as FirebaseJson;
const address = (name: string, port: number) => {
  const entry = firebaseJson.emulators?.[name];
  return `${entry?.host ?? "127.0.0.1"}:${entry?.port ?? port}`;
};

export default defineConfig({
  root: import.meta.dirname,
  define: {
    __AUTH_EMULATOR__: JSON.stringify(address("auth", 9099)),
    __FIRESTORE_EMULATOR__: JSON.stringify(address("firestore", 8080)),
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The budget check (scripts/check-budget.ts) reads the manifest to follow each side's imports.
    manifest: true,
    target: "es2022",
    sourcemap: true,
  },
});
