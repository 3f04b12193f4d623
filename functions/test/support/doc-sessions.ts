/**
 * The documentation's curl sessions, run as a reader would run them: the ```bash blocks between
 * `<!-- readme-session: begin -->` and `<!-- readme-session: end -->` of a markdown file, joined in
 * order into one bash script (so each block sees what the earlier ones captured), run from the
 * repository root against the emulators this suite runs in.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const repositoryRoot = resolve(__dirname, "../../..");

const BEGIN = "<!-- readme-session: begin -->";
const END = "<!-- readme-session: end -->";

/** The bash blocks of every marked session in the file, in document order. */
export function sessionBlocks(file: string): string[] {
  const text = readFileSync(resolve(repositoryRoot, file), "utf8");
  const blocks: string[] = [];
  let from = text.indexOf(BEGIN);
  while (from >= 0) {
    const to = text.indexOf(END, from);
    if (to < 0) throw new Error(`${file}: a session begins without an end`);
    for (const match of text.slice(from, to).matchAll(/^```bash\n([\s\S]*?)^```$/gm)) {
      if (match[1] !== undefined) blocks.push(match[1]);
    }
    from = text.indexOf(BEGIN, to);
  }
  return blocks;
}

export interface SessionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the blocks as one script under `set -euo pipefail`: the first failing command ends it. */
export function runSession(blocks: string[], timeoutMs: number): Promise<SessionRun> {
  const script = ["set -euo pipefail", ...blocks].join("\n");
  return new Promise((done, fail) => {
    const child = spawn("bash", ["-c", script], { cwd: repositoryRoot, env: process.env, timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", fail);
    child.on("close", (exitCode) => {
      done({ exitCode, stdout, stderr });
    });
  });
}
