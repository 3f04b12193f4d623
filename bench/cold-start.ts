/**
 * Cold start as a client meets it: spawn a fresh process serving the built `api` function, and time
 * from the spawn to the end of its first authenticated `GET /orders/` answer. The floor is the same
 * measurement of a process that does the same work with the least code (bench/cold/floor-server.cjs).
 * Runs are interleaved (api, floor, api, floor, ...) so that machine noise hits both sides alike.
 */
import { spawn } from "node:child_process";
import { request } from "node:http";
import { resolve } from "node:path";
import { freePort } from "../scripts/lib/free-port.js";

const root = resolve(import.meta.dirname, "..");

/** One GET; resolves with the status, or rejects when nothing listens yet. */
function get(port: number, path: string, token: string): Promise<number> {
  return new Promise((done, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, method: "GET", headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on("end", () => {
          done(res.statusCode ?? 0);
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

export type Side = "api" | "floor";

/** Milliseconds from spawning the side's server to its first 200 on GET /api/orders/. */
export async function coldStartOnce(side: Side, token: string, env: NodeJS.ProcessEnv): Promise<number> {
  const port = await freePort();
  const script = resolve(root, "bench", "cold", `${side}-server.cjs`);
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [script], {
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${side} server exited: ${stderr}`);
      try {
        const status = await get(port, "/api/orders/", token);
        if (status !== 200) throw new Error(`${side} answered ${status}: ${stderr}`);
        return Number(process.hrtime.bigint() - started) / 1e6;
      } catch (error) {
        if ((error as { code?: string }).code !== "ECONNREFUSED") throw error;
        await new Promise((retry) => setTimeout(retry, 2));
      }
    }
  } finally {
    child.kill("SIGKILL");
    await new Promise((exited) => child.once("exit", exited));
  }
}

export interface Spread {
  median: number;
  p25: number;
  p75: number;
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const position = (sorted.length - 1) * q;
    const low = Math.floor(position);
    const high = Math.ceil(position);
    return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (position - low);
  };
  return { median: at(0.5), p25: at(0.25), p75: at(0.75) };
}

export interface ColdStart {
  runs: number;
  api: Spread;
  floor: Spread;
  /** api / floor, per interleaved pair. */
  ratio: Spread;
  /** Set when the run is too noisy to call against the goal. */
  refused?: string;
}

/** The goal: the api's cold start within 1.15 times the floor's. */
export const COLD_START_GOAL = 1.15;

/** Pairwise ratios scattered wider than this say the machine was too busy to compare anything. */
export const MAX_RATIO_IQR = 0.2;

/**
 * Why a run cannot be called, if it cannot: the ratios scatter too widely, or the goal lies inside
 * their interquartile range, so that the two sides' spreads overlap too much to say which side of the
 * goal the api is on.
 */
export function refusal(ratio: Spread): string | undefined {
  const range = `${ratio.p25.toFixed(2)}-${ratio.p75.toFixed(2)}`;
  if (ratio.p75 - ratio.p25 > MAX_RATIO_IQR)
    return `the api/floor ratios' interquartile range (${range}) is wider than ${MAX_RATIO_IQR}`;
  if (ratio.p25 <= COLD_START_GOAL && COLD_START_GOAL < ratio.p75) {
    return `the goal ${COLD_START_GOAL} lies inside the ratios' interquartile range (${range})`;
  }
  return undefined;
}

export async function measureColdStart(runs: number, token: string, env: NodeJS.ProcessEnv): Promise<ColdStart> {
  // One unmeasured round warms the disk cache for both sides.
  await coldStartOnce("api", token, env);
  await coldStartOnce("floor", token, env);
  const api: number[] = [];
  const floor: number[] = [];
  for (let run = 0; run < runs; run++) {
    const first: Side = run % 2 === 0 ? "api" : "floor";
    const second: Side = first === "api" ? "floor" : "api";
    const a = await coldStartOnce(first, token, env);
    const b = await coldStartOnce(second, token, env);
    api.push(first === "api" ? a : b);
    floor.push(first === "api" ? b : a);
  }
  const ratios = api.map((value, index) => value / (floor[index] ?? value));
  const ratio = spread(ratios);
  const refused = refusal(ratio);
  return { runs, api: spread(api), floor: spread(floor), ratio, ...(refused ? { refused } : {}) };
}
