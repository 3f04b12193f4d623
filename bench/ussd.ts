/**
 * The USSD answer's latency, the figure Africa's Talking's gateway cares about (it waits about 10 s):
 *
 *   warm  20 customers in concurrent sessions (BENCH_USSD_SESSIONS), each walking the menu as a
 *         customer does, for BENCH_USSD_SECONDS; every answer timed; p50 and p99. The exported app in a
 *         plain Node HTTP server against the emulators, against a floor that does the least a stateful
 *         USSD answer needs (read the session, write it), in alternating segments.
 *   cold  a fresh process serving the built `api` function, from spawn to its first USSD answer (a
 *         registered customer dialing), against a floor process (bench/cold/ussd-floor-server.cjs),
 *         interleaved, BENCH_COLD_RUNS pairs.
 *
 * Runs inside the Emulator Suite: npm run build && tsx scripts/emulators.ts exec -- tsx bench/ussd.ts
 * Writes bench/ussd-results.md (one section per BENCH_LABEL).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";
import express from "express";
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { getFirestore, Timestamp, type Firestore } from "firebase-admin/firestore";
import { format, resolveConfig } from "prettier";
import { createApp } from "../functions/src/app.js";
import { loadConfig } from "../functions/src/config.js";
import { newSessionId, postUssd, type CallbackTarget } from "../scripts/lib/africastalking-phone.js";
import { freePort } from "../scripts/lib/free-port.js";
import { functionsEnv } from "../scripts/lib/project-settings.js";
import { spread, type Spread } from "./cold-start.js";

const root = resolve(import.meta.dirname, "..");
const SESSIONS = Number(process.env.BENCH_USSD_SESSIONS ?? 20);
const SECONDS = Number(process.env.BENCH_USSD_SECONDS ?? 24);
const SEGMENTS = 4;
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 9);
const LABEL = process.env.BENCH_LABEL ?? "latest run";
const TOKEN = "bench-ussd-callback-token-0123456789abcdef";
/** The goal the issue sets for the warm p99. */
const WARM_P99_GOAL_MS = 1000;
/** The gateway's wait, with room to carry the answer back. */
const GATEWAY_MS = 10_000;

/** What a customer types in one session: look at their orders, the language menu, cancel's list, leave. */
const SESSION_KEYS = ["2", "0", "4", "0", "3", "0", "0"];

const projectId = process.env.GCLOUD_PROJECT ?? "demo-orders";
const firebaseApp = getApps().find((app) => app.name === "[DEFAULT]") ?? initializeApp({ projectId });
const db = getFirestore(firebaseApp);
const auth = getAuth(firebaseApp);
const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const baseEnv = { ...functionsEnv(root, projectId), GCLOUD_PROJECT: projectId };
const config = loadConfig({
  ...baseEnv,
  ...process.env,
  AT_CALLBACK_TOKEN: TOKEN,
  RATE_LIMIT_REGISTER_PER_MINUTE: "1000000",
  RATE_LIMIT_LOGIN_PER_MINUTE: "1000000",
  RATE_LIMIT_ORDERS_PER_HOUR: "1000000",
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api` };
}

async function call(url: string, init: RequestInit): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
}

/** A customer with a proven number and three orders, as the menu finds them. */
async function customer(api: string, index: number): Promise<string> {
  const tag = `${index}${Date.now()}`;
  const phone = `+2547${String(10_000_000 + Math.floor(Math.random() * 89_999_999)).slice(0, 8)}`;
  const input = {
    username: `ussd_${tag}`,
    email: `ussd.${tag}@example.com`,
    password: "bench-password-1",
    phone_number: phone,
  };
  const json = (body: unknown, token?: string): RequestInit => ({
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const registered = await call(`${api}/register/`, json(input));
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${await registered.text()}`);
  const { uid } = (await registered.json()) as { uid: string };
  // Proven as the phone code would prove it (the code flow has its own benchmark).
  await db.collection("phone_numbers").doc(phone).set({ uid, verified_at: Timestamp.now() }, { merge: true });
  await db.collection("users").doc(uid).update({ phone_verified: true, phone_verified_at: Timestamp.now() });
  const login = await call(`${api}/login/`, json({ email: input.email, password: input.password }));
  const { token } = (await login.json()) as { token: string };
  for (const item of ["Sugar", "Tea", "Maize flour"]) {
    const created = await call(`${api}/orders/`, json({ item, amount: 120 }, token));
    if (created.status !== 201) throw new Error(`order: ${created.status} ${await created.text()}`);
  }
  return phone;
}

/** The floor of a warm answer: form read, session read (and the customer on its first request), session write. */
function floorApp(database: Firestore) {
  const app = express();
  app.post("/api/ussd/:token/", express.urlencoded({ extended: false }), (req, res, next) => {
    const body = req.body as Record<string, string>;
    const sessionId = body.sessionId ?? "";
    const sessions = database.collection("ussd_floor_sessions");
    (async () => {
      const session = await sessions.doc(sessionId).get();
      let username = session.get("username") as string | undefined;
      if (!username) {
        const proof = await database
          .collection("phone_numbers")
          .doc(body.phoneNumber ?? "")
          .get();
        username = String(
          (
            await database
              .collection("users")
              .doc(String(proof.get("uid")))
              .get()
          ).get("username"),
        );
      }
      const answer = `CON Hi ${username}\n1 Order\n2 My orders\n0 Exit`;
      await sessions.doc(sessionId).set({ username, text: body.text ?? "", answer, updated_at: Timestamp.now() });
      res.type("text/plain").send(answer);
    })().catch(next);
  });
  return app;
}

/** One customer's sessions, back to back, until `until`; every answer's milliseconds. */
async function sessionsOf(target: CallbackTarget, phone: string, until: number, into: number[]): Promise<void> {
  while (Date.now() < until) {
    const sessionId = newSessionId();
    const keys: string[] = [];
    for (const key of ["", ...SESSION_KEYS]) {
      if (key !== "") keys.push(key);
      const started = performance.now();
      const answer = await postUssd(target, {
        sessionId,
        serviceCode: "*384*123#",
        phoneNumber: phone,
        networkCode: "63902",
        text: keys.join("*"),
      });
      into.push(performance.now() - started);
      if (answer.status !== 200) throw new Error(`USSD answered ${answer.status}: ${answer.text}`);
    }
  }
}

async function load(target: CallbackTarget, phones: string[], seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  await Promise.all(phones.map((phone) => sessionsOf(target, phone, until, latencies)));
  return latencies;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** The environment of a deployed api instance, pointed at the emulators. */
function instanceEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...baseEnv,
    AT_CALLBACK_TOKEN: TOKEN,
    FUNCTION_TARGET: "api",
    K_SERVICE: "api",
  };
  delete env.FUNCTIONS_EMULATOR;
  return env;
}

type Side = "api" | "floor";

/** Milliseconds from spawning a side's server to its first USSD answer (a registered customer dialing). */
async function coldOnce(side: Side, phone: string): Promise<number> {
  const port = await freePort();
  const script = resolve(root, "bench", "cold", side === "api" ? "api-server.cjs" : "ussd-floor-server.cjs");
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [script], {
    env: { ...instanceEnv(), PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const target = { baseUrl: `http://127.0.0.1:${port}/api`, token: TOKEN };
  const fields = { sessionId: newSessionId(), serviceCode: "*384*123#", phoneNumber: phone, networkCode: "63902" };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${side} server exited: ${stderr}`);
      try {
        const answer = await postUssd(target, { ...fields, text: "" });
        if (answer.status !== 200 || !answer.text.startsWith("CON Hi ")) {
          throw new Error(`${side} answered ${answer.status} ${answer.text} ${stderr}`);
        }
        return Number(process.hrtime.bigint() - started) / 1e6;
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause;
        if (cause?.code !== "ECONNREFUSED") throw error;
        await new Promise((retry) => setTimeout(retry, 2));
      }
    }
  } finally {
    child.kill("SIGKILL");
    await new Promise((exited) => child.once("exit", exited));
  }
}

async function cold(phone: string): Promise<{ api: Spread; floor: Spread; ratio: Spread; apiMax: number }> {
  await coldOnce("api", phone);
  await coldOnce("floor", phone);
  const api: number[] = [];
  const floor: number[] = [];
  for (let run = 0; run < COLD_RUNS; run++) {
    const order: Side[] = run % 2 === 0 ? ["api", "floor"] : ["floor", "api"];
    for (const side of order) (side === "api" ? api : floor).push(await coldOnce(side, phone));
  }
  return {
    api: spread(api),
    floor: spread(floor),
    ratio: spread(api.map((value, index) => value / (floor[index] ?? value))),
    apiMax: Math.max(...api),
  };
}

async function writeMarkdown(path: string, text: string): Promise<void> {
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(text, { ...options, filepath: path }));
}

function withSection(path: string, label: string, section: string): string {
  const header =
    "# USSD answer latency\n\nEach section is one `tsx bench/ussd.ts` run inside the emulators (BENCH_LABEL names it); see bench/ussd.ts for what is measured.\n";
  const existing = existsSync(path) ? readFileSync(path, "utf8") : "";
  const sections = existing
    .split(/^(?=## )/m)
    .filter((part) => part.startsWith("## ") && !part.startsWith(`## ${label}\n`))
    .map((part) => part.trimEnd());
  return `${[header, ...sections, section].join("\n\n")}\n`;
}

async function main(): Promise<void> {
  const api = await listen(createApp({ config, db, auth, log: silentLog }));
  const floor = await listen(floorApp(db));
  const phones: string[] = [];
  for (let i = 0; i < SESSIONS; i++) phones.push(await customer(api.base, i));
  // Let the emulator's triggers send the setup's confirmations before anything is measured.
  await new Promise((settle) => setTimeout(settle, 8_000));

  const coldResult = await cold(phones[0] ?? "");
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const spreadText = (s: Spread) => `${ms(s.median)} (IQR ${s.p25.toFixed(0)}-${s.p75.toFixed(0)})`;
  console.log(
    `cold: api ${spreadText(coldResult.api)}, floor ${spreadText(coldResult.floor)}, ratio ${coldResult.ratio.median.toFixed(2)}`,
  );

  const targets = { api: { baseUrl: api.base, token: TOKEN }, floor: { baseUrl: floor.base, token: TOKEN } };
  await load(targets.api, phones, 3);
  await load(targets.floor, phones, 3);
  const warm: Record<Side, number[]> = { api: [], floor: [] };
  for (let segment = 0; segment < SEGMENTS; segment++) {
    const order: Side[] = segment % 2 === 0 ? ["api", "floor"] : ["floor", "api"];
    for (const side of order) warm[side].push(...(await load(targets[side], phones, SECONDS / SEGMENTS)));
  }
  api.server.close();
  floor.server.close();

  const figures = (side: Side) => ({
    answers: warm[side].length,
    p50: percentile(warm[side], 50),
    p99: percentile(warm[side], 99),
    max: Math.max(...warm[side]),
  });
  const apiWarm = figures("api");
  const floorWarm = figures("floor");
  const meets = (ok: boolean) => (ok ? "✓" : "✗");
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const date = new Date().toISOString().slice(0, 10);
  const section = [
    `## ${LABEL}`,
    "",
    `${date} · ${machine} · ${SESSIONS} concurrent sessions, ${SECONDS} s per side (${SEGMENTS} alternating segments), ${COLD_RUNS} cold pairs`,
    "",
    "| | answers | p50 | p99 | max |",
    "|---|---|---|---|---|",
    `| warm, api | ${apiWarm.answers} | ${ms(apiWarm.p50)} | ${ms(apiWarm.p99)} ${meets(apiWarm.p99 <= WARM_P99_GOAL_MS)} (goal ≤ ${WARM_P99_GOAL_MS} ms) | ${ms(apiWarm.max)} |`,
    `| warm, floor | ${floorWarm.answers} | ${ms(floorWarm.p50)} | ${ms(floorWarm.p99)} | ${ms(floorWarm.max)} |`,
    `| warm, ratio | | ${(apiWarm.p50 / floorWarm.p50).toFixed(2)} | ${(apiWarm.p99 / floorWarm.p99).toFixed(2)} | |`,
    "",
    `Cold, spawn to the first USSD answer (a registered customer dialing): api ${spreadText(coldResult.api)}, slowest ${ms(coldResult.apiMax)} ${meets(coldResult.apiMax < GATEWAY_MS)} (gateway waits about ${GATEWAY_MS / 1000} s); floor ${spreadText(coldResult.floor)}; ratio ${coldResult.ratio.median.toFixed(2)} (IQR ${coldResult.ratio.p25.toFixed(2)}-${coldResult.ratio.p75.toFixed(2)})`,
    "",
    `A session: dial, then ${SESSION_KEYS.join(", ")} (my orders, back, language, back, cancel's list, back, exit). The floor reads and writes the session and, on its first request, the customer.`,
  ].join("\n");
  console.log(`\n${section}\n`);
  const path = resolve(root, "bench/ussd-results.md");
  await writeMarkdown(path, withSection(path, LABEL, section));
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
