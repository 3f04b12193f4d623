/**
 * npm run deploy -- --project <id> [firebase deploy flags]: checks that the deploy can succeed
 * (scripts/lib/deploy-preflight.ts), then runs `firebase deploy --only functions,firestore,hosting`.
 * Non-interactive: CI gets the same messages as a person.
 */
import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { declaredParams } from "firebase-functions/params";
import "../functions/src/config.js";
import { deployProblems, type SecretState } from "./lib/deploy-preflight.js";

const root = resolve(import.meta.dirname, "..");
const firebase = join(root, "node_modules", ".bin", "firebase");
const run = promisify(execFile);

const args = process.argv.slice(2);
const projectFlag = args.findIndex((arg) => arg === "--project" || arg === "-P");
const rc = JSON.parse(readFileSync(join(root, ".firebaserc"), "utf8")) as { projects?: Record<string, string> };
const requested = projectFlag >= 0 ? args[projectFlag + 1] : rc.projects?.default;
const projectId = requested ? (rc.projects?.[requested] ?? requested) : undefined;
if (!projectId) {
  console.error("Name the project: npm run deploy -- --project <project-id>");
  process.exit(2);
}

/** Asks Secret Manager through firebase-tools, with the credentials the deploy will use. */
async function secretState(name: string): Promise<SecretState> {
  try {
    const { stdout } = await run(
      firebase,
      ["functions:secrets:get", name, "--project", projectId ?? "", "--non-interactive"],
      {
        cwd: root,
        timeout: 60_000,
      },
    );
    return /ENABLED/.test(stdout) ? "present" : "missing";
  } catch (error) {
    const output = `${(error as { stdout?: string }).stdout ?? ""}${(error as { stderr?: string }).stderr ?? ""}`;
    if (/404|not found/i.test(output)) return "missing";
    const lines = output.split("\n").map((line) => line.trim());
    return { error: lines.find((line) => /error/i.test(line)) ?? lines.find((line) => line !== "") ?? String(error) };
  }
}

// Every param class names its kind in a static `type` ("string", "int", "secret", ...).
const kindOf = (param: object) => (param.constructor as { type?: unknown }).type;
const params = declaredParams.map((param) => ({ name: param.name, secret: kindOf(param) === "secret" }));
const problems = await deployProblems({ root, projectId, params, secretState });
if (problems.length > 0) {
  console.error(`\nNot deploying to ${projectId}:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\n`);
  process.exit(1);
}
console.log(`Preflight passed for ${projectId}: params, secrets and the functions lockfile are in place.`);

const withProject = projectFlag >= 0 ? args : ["--project", projectId, ...args];
const deploy = spawn(firebase, ["deploy", "--only", "functions,firestore,hosting", ...withProject], {
  cwd: root,
  stdio: "inherit",
});
deploy.on("exit", (code) => process.exit(code ?? 1));
