/**
 * How the functions are bundled (see scripts/build-functions.ts for why a bundle, and what stays
 * outside it). Shared by the one-off build and by `npm run dev`, which keeps an esbuild context
 * watching functions/src and rewriting functions/lib on every save.
 */
import { resolve } from "node:path";
import type { BuildOptions, Metafile } from "esbuild";

export const functionsDir = resolve(import.meta.dirname, "..", "..", "functions");

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

export const functionsBuildOptions: BuildOptions & { metafile: true } = {
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
};

/** One line naming each bundle and its size. */
export function describeBundles(metafile: Metafile): string {
  const outputs = Object.entries(metafile.outputs)
    .filter(([file]) => file.endsWith(".js"))
    .map(([file, output]) => `${file} ${(output.bytes / 1024).toFixed(0)} KiB`);
  return `Functions bundled: ${outputs.join(", ")}`;
}
