/** Runs Stoplight Prism as a validating proxy in front of the API: an independent contract check. */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { freePort } from "../../../scripts/lib/free-port.js";

const root = resolve(__dirname, "../../..");

export interface RunningProxy {
  baseUrl: string;
  output: () => string;
  stop(): Promise<void>;
}

export async function startPrismProxy(upstream: string): Promise<RunningProxy> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    resolve(root, "node_modules", ".bin", "prism"),
    ["proxy", resolve(root, "openapi.yaml"), upstream, "--errors", "--host", "127.0.0.1", "--port", String(port)],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const deadline = Date.now() + 60_000;
  while (!/listening on/i.test(output)) {
    if (child.exitCode !== null) throw new Error(`prism exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`prism did not start:\n${output}`);
    await new Promise((done) => setTimeout(done, 200));
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) {
          done();
          return;
        }
        child.once("exit", () => {
          done();
        });
        child.kill("SIGTERM");
      }),
  };
}
