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
import { describeBundles, functionsBuildOptions, functionsDir } from "./lib/functions-bundle.js";

rmSync(resolve(functionsDir, "lib"), { recursive: true, force: true });
const result = await build(functionsBuildOptions);
console.log(describeBundles(result.metafile));
