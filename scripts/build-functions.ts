/**
 * The functions build: each deployed module bundled by esbuild into functions/lib, then the docs
 * assets beside them (scripts/build-docs.ts runs after this, from the functions package's build).
 *
 * Why a bundle: a cold `api` instance spent about a fifth of its start resolving, reading and
 * compiling some 150 small files (this project's modules and zod's), one at a time. Bundled, they are
 * one file per entry point (bench/results.md has the before and after).
 *
 * What stays outside the bundle, installed from the shipped lockfile as before: the Firebase SDKs and
 * Express (the platform's own pieces, which read files of their own at run time), and the modules
 * loaded only on some paths (the SMS SDK, the phone-number metadata), so that no instance parses
 * them before it needs them.
 *
 * Entry points: index.js, which every instance loads, and the function definitions it loads only in
 * the instances that run them (see functions/src/index.ts). Code they share is in each; none of it
 * holds state that must be shared (firebase-functions keeps one entry per declared param name).
 */
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "esbuild";

const functionsDir = resolve(import.meta.dirname, "..", "functions");

export const ENTRY_POINTS = [
  "index",
  "entry-points/api",
  "entry-points/sms-triggers",
  "entry-points/account-trigger",
] as const;

/** Dependencies loaded from node_modules at run time; every other import is bundled. */
export const EXTERNAL_PACKAGES = [
  "firebase-admin",
  "firebase-functions",
  "express",
  "africastalking",
  "libphonenumber-js",
] as const;

rmSync(resolve(functionsDir, "lib"), { recursive: true, force: true });

const result = await build({
  absWorkingDir: functionsDir,
  entryPoints: ENTRY_POINTS.map((entry) => ({ in: `src/${entry}.ts`, out: entry })),
  outdir: "lib",
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node22",
  // Subpath imports (firebase-admin/auth, libphonenumber-js/max) are external too.
  external: EXTERNAL_PACKAGES.flatMap((name) => [name, `${name}/*`]),
  // Not minified: a crash log quotes the failing line, and stack traces keep their names. Parsing
  // the unminified bundle costs a few milliseconds more.
  sourcemap: true,
  metafile: true,
  logLevel: "warning",
});

const outputs = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith(".js"))
  .map(([file, output]) => `${file} ${(output.bytes / 1024).toFixed(0)} KiB`);
console.log(`Functions bundled: ${outputs.join(", ")}`);
