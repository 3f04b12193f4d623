/**
 * npm test: every check, each run, side by side where they are independent.
 *
 *   1. the build (functions and web app), which the suite and the rehearsal need;
 *   2. then all at once: the suite against the emulators, the deploy rehearsal (its own copy of the
 *      upload in a temporary folder, its own port), lint and typecheck (they only read the sources).
 *      The suite spends much of its time waiting on the emulators and browsers; the static checks
 *      fill that time instead of running before it.
 *
 * The suite prints as it goes; the output of each step beside it is held and printed whole when it
 * ends. Every failure is reported by name; nothing is skipped.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const running = new Set<ReturnType<typeof spawn>>();

interface Step {
  name: string;
  command: string[];
}

function run(step: Step, heldOutput: boolean): Promise<void> {
  const started = Date.now();
  const [command = "npm", ...args] = step.command;
  const child = spawn(command, args, { cwd: root, stdio: heldOutput ? ["ignore", "pipe", "pipe"] : "inherit" });
  running.add(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done, failed) => {
    child.once("exit", (code) => {
      running.delete(child);
      if (heldOutput) process.stdout.write(`\n----- ${step.name} -----\n${output}`);
      console.log(
        `[test] ${step.name}: ${code === 0 ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
      if (code === 0) done();
      else failed(new Error(`${step.name} failed`));
    });
  });
}

async function together(steps: Step[]): Promise<void> {
  const results = await Promise.allSettled(steps.map((step, index) => run(step, index > 0)));
  const failed = results.flatMap((result, index) => (result.status === "rejected" ? [steps[index]?.name] : []));
  if (failed.length > 0) throw new Error(`failed: ${failed.join(", ")}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    for (const child of running) child.kill(signal);
  });
}

const started = Date.now();
try {
  await together([{ name: "build", command: ["npm", "run", "build"] }]);
  await together([
    { name: "suite", command: ["node", "--import", "tsx", "scripts/emulators.ts", "exec", "--", "vitest", "run"] },
    { name: "rehearse", command: ["npm", "run", "rehearse"] },
    // npm run lint and npm run typecheck in one, building each TypeScript program once (scripts/check.ts).
    { name: "lint and typecheck", command: ["node", "--import", "tsx", "scripts/check.ts"] },
  ]);
  console.log(`[test] all passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} catch (error) {
  console.error(
    `[test] ${error instanceof Error ? error.message : String(error)} (after ${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  process.exitCode = 1;
}
