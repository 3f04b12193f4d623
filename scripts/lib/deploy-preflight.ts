/**
 * What `npm run deploy` checks before it calls `firebase deploy`, so that a deploy from CI fails in
 * seconds with instructions instead of half way through, or at a prompt nobody can answer:
 *
 *  - a real project (not the emulator's demo project);
 *  - every non-secret param has a value in functions/.env or functions/.env.<project>: firebase-tools
 *    refuses a non-interactive deploy otherwise, even for params with defaults;
 *  - every secret exists in Cloud Secret Manager with a usable version (firebase-tools would prompt
 *    for a missing one, which fails in CI);
 *  - functions/package-lock.json is the one derived from the root lockfile.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { firebaseTools } from "./firebase-tools-internals.js";
import { renderFunctionsLockfile } from "./functions-lockfile.js";

export type SecretState = "present" | "missing" | { error: string };

export interface PreflightOptions {
  root: string;
  projectId: string;
  /** Names of the params the functions declare, and which of them are secrets. */
  params: { name: string; secret: boolean }[];
  secretState: (name: string) => Promise<SecretState>;
}

export async function deployProblems(options: PreflightOptions): Promise<string[]> {
  const { root, projectId } = options;
  const problems: string[] = [];
  if (projectId.startsWith("demo-")) {
    problems.push(
      `"${projectId}" is the emulator's demo project. Deploy to a real one: npm run deploy -- --project <project-id>`,
    );
    return problems;
  }

  const envs = firebaseTools().loadUserEnvs({ functionsSource: join(root, "functions"), projectId });
  const missingParams = options.params.filter((param) => !param.secret && !(param.name in envs));
  for (const param of missingParams) {
    problems.push(
      `${param.name} has no value for ${projectId}: add a line ${param.name}=<value> to functions/.env.${projectId} ` +
        "(see the configuration table in the README).",
    );
  }

  for (const param of options.params.filter((candidate) => candidate.secret)) {
    const state = await options.secretState(param.name);
    if (state === "present") continue;
    if (state === "missing") {
      problems.push(
        `The secret ${param.name} does not exist in ${projectId} (or has no enabled version). Create it without a prompt: ` +
          `printf '%s' "<value>" | npx firebase functions:secrets:set ${param.name} --project ${projectId} --data-file -`,
      );
    } else {
      problems.push(`Could not check the secret ${param.name} in ${projectId}: ${state.error}`);
    }
  }

  const committed = readFileSync(join(root, "functions", "package-lock.json"), "utf8");
  if (committed !== renderFunctionsLockfile(root)) {
    problems.push("functions/package-lock.json is out of date with package-lock.json: run npm run lockfile:functions");
  }
  return problems;
}
