/**
 * The static checks, shared by `npm run typecheck`, `npm run lint` and `npm test`:
 *
 *   tsx scripts/check.ts types   the TypeScript compiler's errors in each project (what `tsc --noEmit` reports)
 *   tsx scripts/check.ts lint    ESLint with its typed rules, Prettier, the layers and the contract's linters
 *   tsx scripts/check.ts         both (npm test)
 *
 * Why one script: each TypeScript program (tsconfig.json, web/, web/test/) is built once and handed to
 * ESLint's typed rules, instead of tsc and ESLint's project service each building all three again. The
 * compiler's work was most of the two checks' CPU, and npm test runs on two cores beside the suite.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { ESLint } from "eslint";
import ts from "typescript";

const root = resolve(import.meta.dirname, "..");

/**
 * The projects, and the files ESLint takes from each: a file belongs to its nearest tsconfig.json, as
 * ESLint's project service and an editor decide. Later entries win for the files they match.
 */
const projects = [
  { tsconfig: "tsconfig.json", files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"] },
  { tsconfig: "web/tsconfig.json", files: ["web/**/*.ts", "web/**/*.tsx"] },
  { tsconfig: "web/test/tsconfig.json", files: ["web/test/**/*.ts"] },
] as const;

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (fileName) => fileName,
  getCurrentDirectory: () => root,
  getNewLine: () => "\n",
};

function fail(message: string): never {
  throw new Error(message);
}

function program(tsconfig: string): ts.Program {
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(root, tsconfig), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => fail(ts.formatDiagnostics([diagnostic], formatHost)),
  });
  if (!parsed) fail(`could not read ${tsconfig}`);
  return ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    projectReferences: parsed.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
    // ESLint's rules walk the tree upwards, so the parser's parent links must be set.
    host: ts.createCompilerHost(parsed.options, true),
  });
}

/** The compiler's errors in one program, printed as tsc prints them; answers how many. */
function typeErrors(tsconfig: string, built: ts.Program): number {
  const diagnostics = ts.getPreEmitDiagnostics(built);
  if (diagnostics.length === 0) return 0;
  const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  console.log(`${tsconfig}:\n${format(diagnostics, formatHost)}`);
  return diagnostics.length;
}

/** ESLint over the tree, with the typed rules reading the programs built here; answers the errors. */
async function lintErrors(programs: Map<string, ts.Program>): Promise<number> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfig: projects.map(({ tsconfig, files }) => ({
      files: [...files],
      languageOptions: {
        parserOptions: { projectService: false, programs: [programs.get(tsconfig) ?? fail(tsconfig)] },
      },
    })),
  });
  const results = await eslint.lintFiles(["."]);
  const output = await (await eslint.loadFormatter("stylish")).format(results);
  if (output) console.log(output);
  else console.log(`✓ eslint: ${String(results.length)} files, no problems`);
  return results.reduce((sum, result) => sum + result.errorCount + result.fatalErrorCount, 0);
}

/** A command's exit, its output passed through. */
function passes(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  return result.status === 0;
}

const bin = (name: string): string => resolve(root, "node_modules", ".bin", name);

async function main(which: string | undefined): Promise<string[]> {
  if (which !== undefined && which !== "types" && which !== "lint")
    fail(`usage: tsx scripts/check.ts [types|lint] (got ${which})`);
  const failed: string[] = [];
  const programs = new Map(projects.map(({ tsconfig }) => [tsconfig, program(tsconfig)]));

  if (which !== "lint") {
    let errors = 0;
    for (const [tsconfig, built] of programs) errors += typeErrors(tsconfig, built);
    if (errors > 0) failed.push(`typecheck (${String(errors)} errors)`);
    else console.log(`✓ types: ${String(programs.size)} projects, no errors`);
  }
  if (which === "types") return failed;

  const eslintErrors = await lintErrors(programs);
  programs.clear();
  if (eslintErrors > 0) failed.push(`eslint (${String(eslintErrors)} errors)`);
  if (!passes(bin("prettier"), ["--check", "."])) failed.push("prettier (npm run format rewrites the files)");
  // Defined in package.json, where each can also be run alone.
  for (const script of ["lint:layers", "lint:contract"]) if (!passes("npm", ["run", script])) failed.push(script);
  return failed;
}

const failed = await main(process.argv[2]);
if (failed.length > 0) {
  console.error(`failed: ${failed.join(", ")}`);
  process.exitCode = 1;
}
