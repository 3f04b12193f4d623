/**
 * npm run bench: the API against a baseline that does only the unavoidable work, in one run.
 *
 * Runs inside the Emulator Suite (scripts/emulators.ts exec). The API is the exported app in a plain
 * Node HTTP server (the Functions emulator is not a fair place to measure). Load runs against a
 * Firestore project of its own so the emulator's SMS trigger does not compete for the CPU; the SMS
 * latency phase then uses the real project, trigger included.
 *
 * BENCH_DURATION (seconds per measurement, default 8) and BENCH_CONNECTIONS (default 10) tune it.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";
import autocannon from "autocannon";
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { getFirestore, type Firestore, type Timestamp } from "firebase-admin/firestore";
import { createApp } from "../functions/src/app.js";
import { loadConfig } from "../functions/src/config.js";
import { functionsEnv } from "../scripts/lib/project-settings.js";
import { startBaseline } from "./baseline-server.js";
import { renderChart, type ChartRow } from "./chart.js";
import { countOperations, installFirestoreCounter, type OperationCount } from "./firestore-counter.js";

const root = resolve(import.meta.dirname, "..");
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = 2;
const COLD_START_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 11);
const SMS_ORDERS = 50;

installFirestoreCounter();
const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const projectId = process.env.GCLOUD_PROJECT ?? "demo-orders";
const mainApp = getApps().find((app) => app.name === "[DEFAULT]") ?? initializeApp({ projectId });
const auth = getAuth(mainApp);
// The load goes to a Firestore project of its own, where no trigger listens.
const loadDb: Firestore = getFirestore(initializeApp({ projectId: `${projectId}-bench` }, "load"));

const config = loadConfig({
  ...functionsEnv(root, projectId),
  AT_CALLBACK_TOKEN: "",
  ...process.env,
  GCLOUD_PROJECT: projectId,
  RATE_LIMIT_LOGIN_PER_MINUTE: "1000000",
  RATE_LIMIT_REGISTER_PER_MINUTE: "1000000",
});

async function serve(db: Firestore): Promise<string> {
  const server = createServer(createApp({ config, db, auth, log: silentLog }));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
}

async function call(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
}

async function newUser(api: string, tag: string): Promise<string> {
  const suffix = `${tag}${Date.now()}`;
  const input = {
    username: `bench_${suffix}`,
    email: `bench.${suffix}@example.com`,
    password: "bench-password-1",
    phone_number: `+2547${String(Date.now()).slice(-8)}`,
  };
  const registered = await call(`${api}/register/`, jsonInit("POST", input));
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${await registered.text()}`);
  const login = await call(`${api}/login/`, jsonInit("POST", { email: input.email, password: input.password }));
  return ((await login.json()) as { token: string }).token;
}

function jsonInit(method: string, body: unknown, token?: string): RequestInit {
  return {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  };
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const randomItem = () =>
  `${LETTERS[Math.floor(Math.random() * 26)] ?? "A"}${LETTERS[Math.floor(Math.random() * 26)] ?? "B"} widget`;

interface Target {
  name: "api" | "baseline";
  base: string;
  token: string;
  orderIds: string[];
}

type RouteName = "create order" | "get order" | "list 20 orders" | "update order";

function requestFor(route: RouteName, target: Target): autocannon.Request {
  const headers = { Authorization: `Bearer ${target.token}`, "Content-Type": "application/json" };
  const randomId = () => target.orderIds[Math.floor(Math.random() * target.orderIds.length)] ?? "";
  const path = new URL(target.base).pathname.replace(/\/$/, "");
  switch (route) {
    case "create order":
      return {
        method: "POST",
        path: `${path}/orders/`,
        headers,
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ item: randomItem(), amount: 12 }) }),
      };
    case "get order":
      return {
        method: "GET",
        headers,
        setupRequest: (request) => ({ ...request, path: `${path}/orders/${randomId()}/` }),
      };
    case "list 20 orders":
      return { method: "GET", path: `${path}/orders/`, headers };
    case "update order":
      return {
        method: "PUT",
        headers,
        setupRequest: (request) => ({
          ...request,
          path: `${path}/orders/${randomId()}/`,
          body: JSON.stringify({ item: randomItem(), amount: 15 }),
        }),
      };
  }
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(route: RouteName, target: Target, seconds: number): Promise<LoadResult> {
  const origin = new URL(target.base).origin;
  const result = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [requestFor(route, target)],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

async function measureOperations(route: RouteName, target: Target): Promise<OperationCount> {
  const id = target.orderIds[0] ?? "";
  const init = (method: string, body?: unknown): RequestInit =>
    body === undefined
      ? { method, headers: { Authorization: `Bearer ${target.token}` } }
      : jsonInit(method, body, target.token);
  const urls: Record<RouteName, [string, RequestInit]> = {
    "create order": [`${target.base}/orders/`, init("POST", { item: randomItem(), amount: 12 })],
    "get order": [`${target.base}/orders/${id}/`, init("GET")],
    "list 20 orders": [`${target.base}/orders/`, init("GET")],
    "update order": [`${target.base}/orders/${id}/`, init("PUT", { item: randomItem(), amount: 15 })],
  };
  const [url, requestInit] = urls[route];
  return countOperations(async () => {
    const response = await call(url, requestInit);
    if (!response.ok) throw new Error(`${route} on ${target.name}: ${response.status}`);
    await response.arrayBuffer();
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Milliseconds to require a module in a fresh Node process. */
function loadTime(script: string): number {
  const output = execFileSync(
    process.execPath,
    ["-e", `const t=process.hrtime.bigint();${script};console.log(Number(process.hrtime.bigint()-t)/1e6)`],
    { cwd: resolve(root, "functions"), encoding: "utf8", env: { ...process.env, GCLOUD_PROJECT: projectId } },
  );
  return Number(output.trim().split("\n").at(-1));
}

function coldStart(): { apiMs: number; floorMs: number; ratio: number; runs: number } {
  const api = `require(${JSON.stringify(resolve(root, "functions/lib/index.js"))})`;
  const floor =
    'require("firebase-functions/v2/https");require("firebase-admin/app").initializeApp();require("express")';
  const apiTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let run = 0; run < COLD_START_RUNS; run++) {
    // Interleaved, so that machine noise hits both alike.
    floorTimes.push(loadTime(floor));
    apiTimes.push(loadTime(api));
  }
  const apiMs = median(apiTimes);
  const floorMs = median(floorTimes);
  return { apiMs, floorMs, ratio: apiMs / floorMs, runs: COLD_START_RUNS };
}

async function smsLatency(
  api: string,
  token: string,
  db: Firestore,
): Promise<{ p50: number; p95: number; orders: number }> {
  const ids: string[] = [];
  for (let i = 0; i < SMS_ORDERS; i++) {
    const response = await call(`${api}/orders/`, jsonInit("POST", { item: randomItem(), amount: 5 }, token));
    ids.push(((await response.json()) as { id: string }).id);
    await new Promise((done) => setTimeout(done, 50));
  }
  const uid = (await auth.verifyIdToken(token)).uid;
  const deadline = Date.now() + 120_000;
  const latencies = new Map<string, number>();
  while (latencies.size < ids.length && Date.now() < deadline) {
    await Promise.all(
      ids
        .filter((id) => !latencies.has(id))
        .map(async (id) => {
          const order = (await db.collection("users").doc(uid).collection("orders").doc(id).get()).data() as
            { created_at: Timestamp; sms: { status: string; updated_at: Timestamp | null } } | undefined;
          if (order && ["sent", "outbox", "failed"].includes(order.sms.status) && order.sms.updated_at) {
            latencies.set(id, order.sms.updated_at.toMillis() - order.created_at.toMillis());
          }
        }),
    );
    await new Promise((done) => setTimeout(done, 250));
  }
  if (latencies.size < ids.length) throw new Error(`only ${latencies.size} of ${ids.length} SMS became final`);
  const values = [...latencies.values()];
  return { p50: percentile(values, 50), p95: percentile(values, 95), orders: values.length };
}

async function main(): Promise<void> {
  const routes: RouteName[] = ["create order", "get order", "list 20 orders", "update order"];
  // Module load times first, while the machine is quiet (the synchronous child processes would
  // also stall this process's servers).
  const cold = coldStart();
  const apiBase = await serve(loadDb);
  const baseline = await startBaseline(auth, loadDb);
  const targets: Target[] = [
    { name: "api", base: apiBase, token: await newUser(apiBase, "a"), orderIds: [] },
    { name: "baseline", base: baseline.url, token: await newUser(apiBase, "b"), orderIds: [] },
  ];
  for (const target of targets) {
    for (let i = 0; i < 50; i++) {
      const response = await call(
        `${target.base}/orders/`,
        jsonInit("POST", { item: randomItem(), amount: 10 }, target.token),
      );
      target.orderIds.push(((await response.json()) as { id: string }).id);
    }
  }

  // SMS latency, with the trigger in the Functions emulator, before the load leaves the machine busy.
  const smsToken = await newUser(apiBase, "s");
  const sms = await smsLatency(await serve(getFirestore(mainApp)), smsToken, getFirestore(mainApp));

  // Operations are counted one request at a time, while nothing else runs in this process.
  const [api, base] = targets as [Target, Target];
  const operations = new Map<RouteName, { api: OperationCount; baseline: OperationCount }>();
  for (const route of routes) {
    operations.set(route, { api: await measureOperations(route, api), baseline: await measureOperations(route, base) });
  }

  const rows: (ChartRow & { reads: OperationCount; baselineOps: OperationCount; errors: number })[] = [];
  for (const route of routes) {
    const apiOps = operations.get(route)?.api ?? { reads: 0, writes: 0 };
    const baseOps = operations.get(route)?.baseline ?? { reads: 0, writes: 0 };
    await load(route, api, WARMUP);
    await load(route, base, WARMUP);
    // Two halves each, in alternating order, to spread drift across both sides.
    const a1 = await load(route, api, DURATION / 2);
    const b1 = await load(route, base, DURATION / 2);
    const b2 = await load(route, base, DURATION / 2);
    const a2 = await load(route, api, DURATION / 2);
    const mean = (x: LoadResult, y: LoadResult) => ({
      rps: (x.rps + y.rps) / 2,
      p50: (x.p50 + y.p50) / 2,
      p99: (x.p99 + y.p99) / 2,
    });
    rows.push({
      route,
      api: mean(a1, a2),
      baseline: mean(b1, b2),
      reads: apiOps,
      baselineOps: baseOps,
      errors: a1.errors + a2.errors + b1.errors + b2.errors,
    });
    console.log(`measured ${route}`);
  }

  baseline.server.close();

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const date = new Date().toISOString().slice(0, 10);
  const results = {
    date,
    machine,
    settings: { durationSeconds: DURATION, connections: CONNECTIONS, warmupSeconds: WARMUP },
    routes: rows.map((row) => ({
      route: row.route,
      api: row.api,
      baseline: row.baseline,
      throughputRatio: row.api.rps / row.baseline.rps,
      p50Ratio: row.api.p50 / row.baseline.p50,
      p99Ratio: row.api.p99 / row.baseline.p99,
      firestore: { api: row.reads, baseline: row.baselineOps },
      failedRequests: row.errors,
    })),
    coldStart: cold,
    sms: { ...sms, channel: "outbox (Functions emulator trigger)" },
  };
  writeFileSync(resolve(root, "bench/results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(resolve(root, "bench/chart.svg"), renderChart(rows, `${date} · ${machine}`));

  const table = [
    "| route | API req/s | baseline req/s | throughput ratio | API p50 / p99 ms | baseline p50 / p99 ms | p50 ratio | reads / writes (API, baseline) |",
    "|---|---|---|---|---|---|---|---|",
    ...results.routes.map(
      (r) =>
        `| ${r.route} | ${r.api.rps.toFixed(0)} | ${r.baseline.rps.toFixed(0)} | ${r.throughputRatio.toFixed(2)} | ` +
        `${r.api.p50.toFixed(1)} / ${r.api.p99.toFixed(1)} | ${r.baseline.p50.toFixed(1)} / ${r.baseline.p99.toFixed(1)} | ` +
        `${r.p50Ratio.toFixed(2)} | ${r.firestore.api.reads} / ${r.firestore.api.writes}, ${r.firestore.baseline.reads} / ${r.firestore.baseline.writes} |`,
    ),
    "",
    `Cold start (median of ${cold.runs}): api entry ${cold.apiMs.toFixed(0)} ms, floor ${cold.floorMs.toFixed(0)} ms, ratio ${cold.ratio.toFixed(2)}`,
    `SMS final after order creation (${sms.orders} orders, outbox): p50 ${sms.p50} ms, p95 ${sms.p95} ms`,
    `${date} · ${machine} · ${CONNECTIONS} connections, ${DURATION} s per side per route`,
  ].join("\n");
  console.log(`\n${table}\n`);
  writeFileSync(resolve(root, "bench/results.md"), `${table}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
