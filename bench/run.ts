/**
 * npm run bench: in one run, the cold start as a client meets it, every route against a baseline that
 * does the same Firestore operations with none of the API's code, the SMS latency, a flash sale on a
 * hot product, and what 1,000 orders cost.
 *
 * Runs inside the Emulator Suite (scripts/emulators.ts exec). Cold starts are fresh processes serving
 * the built function (bench/cold-start.ts). For the routes, the API is the exported app in a plain Node
 * HTTP server (the Functions emulator is not a fair place to measure). Load and cost run against a
 * Firestore project of their own so the emulator's SMS trigger does not compete for the CPU; the SMS
 * latency phase then uses the real project, trigger included.
 *
 * BENCH_DURATION (seconds per side and route, default 16), BENCH_CONNECTIONS (default 10), BENCH_COLD_RUNS
 * (interleaved cold-start pairs, default 9) and BENCH_LABEL (the run's heading in results.md) tune it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";
import autocannon from "autocannon";
import { format, resolveConfig } from "prettier";
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { getFirestore, type Firestore, type Timestamp } from "firebase-admin/firestore";
import { createApp } from "../functions/src/app.js";
import { loadConfig } from "../functions/src/config.js";
import { functionsEnv } from "../scripts/lib/project-settings.js";
import { startBaseline } from "./baseline-server.js";
import { renderChart, type ChartRow } from "./chart.js";
import { COLD_START_GOAL, measureColdStart, type ColdStart } from "./cold-start.js";
import { renderCostDocument, renderCostTable } from "./cost.js";
import { countOperations, installFirestoreCounter, type OperationCount } from "./firestore-counter.js";
import { measureFlows } from "./flows.js";
import { measureFlashSale, measureHotDocument, type FlashSale } from "./hot-product.js";
import { productToCreate } from "../functions/src/products/product-rules.js";
import { measureShopDay, writeShopDay } from "./shop-day.js";

const root = resolve(import.meta.dirname, "..");
const DURATION = Number(process.env.BENCH_DURATION ?? 16);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = 2;
/** Measured segments per side and route (alternating); BENCH_DURATION is split among them. */
const SEGMENTS = 8;
const COLD_START_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 9);
const LABEL = process.env.BENCH_LABEL ?? "latest run";
/** The route goals: p50 within 1.25x of the baseline's, throughput at least 0.8x. */
const P50_GOAL = 1.25;
const THROUGHPUT_GOAL = 0.8;
const COST_REPETITIONS = 3;
/** Orders the get and update routes pick from at random. */
const UPDATED_ORDERS = 300;
const SMS_ORDERS = 50;
/** The flash sale at full size: this many customers at once, for this much stock. */
const FLASH_ORDERS = 100;
const FLASH_STOCK = 20;

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
  // The setup gives one customer a few hundred orders; the load itself spreads over many customers.
  RATE_LIMIT_ORDERS_PER_HOUR: "1000000",
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
  return (await newCustomer(api, tag)).token;
}

async function newCustomer(api: string, tag: string): Promise<{ uid: string; token: string }> {
  const suffix = `${tag}${Date.now()}`;
  const input = {
    username: `bench_${suffix}`,
    email: `bench.${suffix}@example.com`,
    password: "bench-password-1",
    phone_number: `+2547${String(Date.now()).slice(-8)}`,
  };
  const registered = await call(`${api}/register/`, jsonInit("POST", input));
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${await registered.text()}`);
  const { uid } = (await registered.json()) as { uid: string };
  const login = await call(`${api}/login/`, jsonInit("POST", { email: input.email, password: input.password }));
  return { uid, token: ((await login.json()) as { token: string }).token };
}

/**
 * Proves the customer's phone as a person would, so that SMS go to it: asks for a code, reads it where
 * the phone would get it (the emulator's trigger writes it to the local outbox), sends it back.
 */
async function provePhone(api: string, customer: { uid: string; token: string }, db: Firestore): Promise<void> {
  const asked = await call(`${api}/me/phone/code/`, {
    method: "POST",
    headers: { Authorization: `Bearer ${customer.token}` },
  });
  if (asked.status !== 202) throw new Error(`phone code: ${asked.status} ${await asked.text()}`);
  const deadline = Date.now() + 30_000;
  let code: string | undefined;
  while (!code && Date.now() < deadline) {
    const messages = await db.collection("verification_messages").where("sms.account", "==", customer.uid).get();
    for (const message of messages.docs) {
      const sent = await db.collection("sms_outbox").doc(`${message.id}-code`).get();
      code ??= /code is (\d{6})/.exec(String(sent.get("message")))?.[1];
    }
    if (!code) await new Promise((done) => setTimeout(done, 200));
  }
  if (!code) throw new Error("no verification code reached the outbox");
  const verified = await call(`${api}/me/phone/verify/`, jsonInit("POST", { code }, customer.token));
  if (verified.status !== 200) throw new Error(`phone verify: ${verified.status} ${await verified.text()}`);
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
  /** Customers who place the load's new orders, in turn: each stays within the hourly order limit. */
  orderingTokens: string[];
  orderIds: string[];
  /** The catalogue the orders with lines pick from (shared by both targets). */
  productIds: string[];
}

/** Enough customers that none passes the default 60 orders an hour during a route's measurements. */
const ORDERING_CUSTOMERS = 40;

type RouteName = "create order" | "create order (lines)" | "get order" | "list 20 orders" | "update order";

/** Products the orders with lines pick two of at random: enough that concurrent orders seldom share one. */
const CATALOGUE_SIZE = 1000;
/** Every tenth product is not counted (stock null), so most orders move the stock of both lines. */
const untracked = (index: number) => index % 10 === 9;

/**
 * What each route must do with Firestore at the least, given the data model, and why; the table shows
 * it beside what the API and the baseline did.
 */
const MINIMUM: Record<RouteName, { reads: number; writes: number; why: string }> = {
  "create order": {
    reads: 1,
    writes: 3,
    why: "the profile (name, number, hourly tally); the order, its number's reservation, the tally",
  },
  "create order (lines)": {
    reads: 3,
    writes: 5,
    why: "the profile and both products; the order, its number, the tally and the stock of each counted product",
  },
  "get order": { reads: 1, writes: 0, why: "the order" },
  "list 20 orders": {
    reads: 20,
    writes: 0,
    why: "the page (the API reads one more to know whether a next page exists)",
  },
  "update order": { reads: 1, writes: 1, why: "the order, read and written in one transaction" },
};

function linesBody(target: Target): string {
  const pick = () => target.productIds[Math.floor(Math.random() * target.productIds.length)] ?? "";
  const first = pick();
  let second = pick();
  while (second === first) second = pick();
  return JSON.stringify({
    lines: [
      { product_id: first, quantity: 1 },
      { product_id: second, quantity: 2 },
    ],
  });
}

function requestFor(route: RouteName, target: Target): autocannon.Request {
  const headers = { Authorization: `Bearer ${target.token}`, "Content-Type": "application/json" };
  const randomId = () => target.orderIds[Math.floor(Math.random() * target.orderIds.length)] ?? "";
  const path = new URL(target.base).pathname.replace(/\/$/, "");
  switch (route) {
    case "create order": {
      let turn = 0;
      return {
        method: "POST",
        path: `${path}/orders/`,
        setupRequest: (request) => ({
          ...request,
          headers: {
            ...headers,
            Authorization: `Bearer ${target.orderingTokens[turn++ % target.orderingTokens.length] ?? ""}`,
          },
          body: JSON.stringify({ item: randomItem(), amount: 12 }),
        }),
      };
    }
    case "create order (lines)": {
      let turn = 0;
      return {
        method: "POST",
        path: `${path}/orders/`,
        setupRequest: (request) => ({
          ...request,
          headers: {
            ...headers,
            Authorization: `Bearer ${target.orderingTokens[turn++ % target.orderingTokens.length] ?? ""}`,
          },
          body: linesBody(target),
        }),
      };
    }
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

async function loadRoute(route: RouteName, target: Target, seconds: number): Promise<LoadResult> {
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
    // Two counted products: the case whose operations the minimum names.
    "create order (lines)": [
      `${target.base}/orders/`,
      init("POST", {
        lines: [
          { product_id: target.productIds[0], quantity: 1 },
          { product_id: target.productIds[1], quantity: 2 },
        ],
      }),
    ],
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
function loadTime(script: string, env: NodeJS.ProcessEnv): number {
  const output = execFileSync(
    process.execPath,
    ["-e", `const t=process.hrtime.bigint();${script};console.log(Number(process.hrtime.bigint()-t)/1e6)`],
    { cwd: resolve(root, "functions"), encoding: "utf8", env },
  );
  return Number(output.trim().split("\n").at(-1));
}

/** The second line: loading the api instance's entry alone, against loading what the floor loads. */
function moduleLoad(env: NodeJS.ProcessEnv): { apiMs: number; floorMs: number; ratio: number; runs: number } {
  const api = `require(${JSON.stringify(resolve(root, "functions/lib/index.js"))})`;
  const floor = [
    "firebase-functions/v2/https",
    "express",
    "firebase-admin/app",
    "firebase-admin/auth",
    "firebase-admin/firestore",
  ]
    .map((name) => `require(${JSON.stringify(name)})`)
    .join(";");
  const apiTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let run = 0; run < COLD_START_RUNS; run++) {
    // Interleaved, so that machine noise hits both alike.
    floorTimes.push(loadTime(floor, env));
    apiTimes.push(loadTime(api, env));
  }
  const apiMs = median(apiTimes);
  const floorMs = median(floorTimes);
  return { apiMs, floorMs, ratio: apiMs / floorMs, runs: COLD_START_RUNS };
}

/** The environment of a deployed api instance, pointed at the emulators. */
function instanceEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...functionsEnv(root, projectId),
    GCLOUD_PROJECT: projectId,
    AT_CALLBACK_TOKEN: "bench-callback-token-0123456789abcdef",
    FUNCTION_TARGET: "api",
    K_SERVICE: "api",
  };
  delete env.FUNCTIONS_EMULATOR;
  return env;
}

/**
 * Milliseconds from each order's creation to its SMS's final state, with the trigger running in the
 * Functions emulator. The orders are spread over customers so that none passes the per-account SMS
 * budget (each customer's code counts against it too).
 */
async function smsLatency(
  api: string,
  customers: { uid: string; token: string }[],
  db: Firestore,
): Promise<{ p50: number; p95: number; orders: number }> {
  const ids: { uid: string; id: string }[] = [];
  for (let i = 0; i < SMS_ORDERS; i++) {
    const customer = customers[i % customers.length] as { uid: string; token: string };
    const response = await call(`${api}/orders/`, jsonInit("POST", { item: randomItem(), amount: 5 }, customer.token));
    ids.push({ uid: customer.uid, id: ((await response.json()) as { id: string }).id });
    await new Promise((done) => setTimeout(done, 50));
  }
  const deadline = Date.now() + 120_000;
  const latencies = new Map<string, number>();
  while (latencies.size < ids.length && Date.now() < deadline) {
    await Promise.all(
      ids
        .filter(({ id }) => !latencies.has(id))
        .map(async ({ uid, id }) => {
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
  const routes: RouteName[] = ["create order", "create order (lines)", "get order", "list 20 orders", "update order"];
  // Cold starts first, while the machine is quiet: a customer with a few orders, then fresh processes.
  const mainApi = await serve(getFirestore(mainApp));
  const coldToken = await newUser(mainApi, "c");
  for (let i = 0; i < 5; i++) {
    await call(`${mainApi}/orders/`, jsonInit("POST", { item: randomItem(), amount: 3 }, coldToken));
  }
  const cold = await measureColdStart(COLD_START_RUNS, coldToken, instanceEnv());
  console.log(coldStartLine(cold));
  if (cold.refused) {
    console.error(`Cold start refused: ${cold.refused}. Run again on a quieter machine.`);
    process.exit(3);
  }
  const load = moduleLoad(instanceEnv());
  const apiBase = await serve(loadDb);
  const baseline = await startBaseline(auth, loadDb);
  const orderingTokens = async (tag: string) => {
    const tokens: string[] = [];
    for (let i = 0; i < ORDERING_CUSTOMERS; i++) tokens.push(await newUser(apiBase, `${tag}${i}`));
    return tokens;
  };
  const productIds = await seedCatalogue(loadDb);
  const targets: Target[] = [
    {
      name: "api",
      base: apiBase,
      token: await newUser(apiBase, "a"),
      orderingTokens: await orderingTokens("ao"),
      orderIds: [],
      productIds,
    },
    {
      name: "baseline",
      base: baseline.url,
      token: await newUser(apiBase, "b"),
      orderingTokens: await orderingTokens("bo"),
      orderIds: [],
      productIds,
    },
  ];
  // Enough orders that concurrent updates seldom pick the same one: the update route is measured,
  // not transaction contention on a handful of documents.
  for (const target of targets) {
    for (let batch = 0; batch < UPDATED_ORDERS / 10; batch++) {
      const ids = await Promise.all(
        Array.from({ length: 10 }, async () => {
          const response = await call(
            `${target.base}/orders/`,
            jsonInit("POST", { item: randomItem(), amount: 10 }, target.token),
          );
          return ((await response.json()) as { id: string }).id;
        }),
      );
      target.orderIds.push(...ids);
    }
  }

  // SMS latency, with the trigger in the Functions emulator, before the load leaves the machine busy.
  const smsCustomers = [];
  for (let i = 0; i < SMS_ORDERS / 5; i++) {
    const customer = await newCustomer(mainApi, `s${i}`);
    await provePhone(mainApi, customer, getFirestore(mainApp));
    smsCustomers.push(customer);
  }
  const sms = await smsLatency(mainApi, smsCustomers, getFirestore(mainApp));

  // The flash sale at full size, on one instance and on two, then the hot document itself.
  const staff = await newCustomer(apiBase, "fs");
  await auth.setCustomUserClaims(staff.uid, { role: "staff" });
  const staffToken = await relogin(apiBase, staff.uid);
  const buyers: string[] = [];
  for (let batch = 0; batch < FLASH_ORDERS / 10; batch++) {
    buyers.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => newUser(apiBase, `f${batch}x${i}`)))));
  }
  const secondInstance = await serve(getFirestore(initializeApp({ projectId: `${projectId}-bench` }, "second")));
  const flashSales: FlashSale[] = [
    await measureFlashSale({ bases: [apiBase], staffToken, tokens: buyers, stock: FLASH_STOCK }),
    await measureFlashSale({ bases: [apiBase, secondInstance], staffToken, tokens: buyers, stock: FLASH_STOCK }),
  ];
  for (const sale of flashSales) console.log(flashSaleLine(sale));
  const hot = await measureHotDocument(`${projectId}-bench`);

  // What each flow costs, counted one request at a time while nothing else runs in this process.
  const flows = await measureFlows({
    db: loadDb,
    auth,
    env: { ...functionsEnv(root, projectId), GCLOUD_PROJECT: projectId, ...authEmulatorEnv() },
    repetitions: COST_REPETITIONS,
  });

  // The shop's day: the daily report and the CSV export of days of 200 to 10,000 orders (bench/shop-day.md).
  const shopDay = await measureShopDay();
  await writeShopDay(shopDay);
  const largestDay = shopDay.days.at(-1);

  const [api, base] = targets as [Target, Target];
  const operations = new Map<RouteName, { api: OperationCount; baseline: OperationCount }>();
  for (const route of routes) {
    operations.set(route, { api: await measureOperations(route, api), baseline: await measureOperations(route, base) });
  }

  const rows: (ChartRow & { reads: OperationCount; baselineOps: OperationCount; errors: number })[] = [];
  for (const route of routes) {
    const none = { reads: 0, writes: 0, deletes: 0 };
    const apiOps = operations.get(route)?.api ?? none;
    const baseOps = operations.get(route)?.baseline ?? none;
    await loadRoute(route, api, WARMUP);
    await loadRoute(route, base, WARMUP);
    // Segments in ABBA order (api, baseline, baseline, api, ...), so that drift and noise fall on both
    // sides alike; each side's figures are the means over its segments.
    const apiRuns: LoadResult[] = [];
    const baseRuns: LoadResult[] = [];
    for (let segment = 0; segment < SEGMENTS; segment++) {
      const order: [Target, LoadResult[]][] =
        segment % 2 === 0
          ? [
              [api, apiRuns],
              [base, baseRuns],
            ]
          : [
              [base, baseRuns],
              [api, apiRuns],
            ];
      for (const [target, runs] of order) runs.push(await loadRoute(route, target, DURATION / SEGMENTS));
    }
    const mean = (runs: LoadResult[]) => ({
      rps: runs.reduce((sum, run) => sum + run.rps, 0) / runs.length,
      p50: runs.reduce((sum, run) => sum + run.p50, 0) / runs.length,
      p99: runs.reduce((sum, run) => sum + run.p99, 0) / runs.length,
    });
    rows.push({
      route,
      api: mean(apiRuns),
      baseline: mean(baseRuns),
      reads: apiOps,
      baselineOps: baseOps,
      errors: [...apiRuns, ...baseRuns].reduce((sum, run) => sum + run.errors, 0),
    });
    console.log(`measured ${route}`);
  }

  baseline.server.close();

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const date = new Date().toISOString().slice(0, 10);
  const results = {
    date,
    machine,
    label: LABEL,
    settings: { durationSeconds: DURATION, connections: CONNECTIONS, warmupSeconds: WARMUP },
    coldStart: cold,
    moduleLoad: load,
    flashSales,
    hotDocument: hot,
    routes: rows.map((row) => ({
      route: row.route,
      api: row.api,
      baseline: row.baseline,
      throughputRatio: row.api.rps / row.baseline.rps,
      p50Ratio: row.api.p50 / row.baseline.p50,
      p99Ratio: row.api.p99 / row.baseline.p99,
      firestore: { api: row.reads, baseline: row.baselineOps, minimum: MINIMUM[row.route as RouteName] },
      failedRequests: row.errors,
    })),
    sms: { ...sms, channel: "outbox (Functions emulator trigger)" },
    flows,
    shopDay,
  };
  writeFileSync(resolve(root, "bench/results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(resolve(root, "bench/chart.svg"), renderChart(rows, `${date} · ${machine}`));

  const meets = (ok: boolean) => (ok ? "✓" : "✗");
  const runLine = `${date} · ${machine} · ${CONNECTIONS} connections, ${DURATION} s per side per route`;
  const cost = renderCostTable(flows);
  const section = [
    `## ${LABEL}`,
    "",
    `${coldStartLine(cold)} ${meets(cold.ratio.median <= COLD_START_GOAL)}`,
    "",
    `Module load alone (median of ${load.runs}): api entry ${load.apiMs.toFixed(0)} ms, the floor's modules ${load.floorMs.toFixed(0)} ms, ratio ${load.ratio.toFixed(2)}`,
    "",
    `| route | API req/s | baseline req/s | throughput ratio (goal ≥ ${THROUGHPUT_GOAL}) | API p50 / p99 ms | baseline p50 / p99 ms | p50 ratio (goal ≤ ${P50_GOAL}) | reads / writes (API, baseline) | the data model's minimum |`,
    "|---|---|---|---|---|---|---|---|---|",
    ...results.routes.map(
      (r) =>
        `| ${r.route} | ${r.api.rps.toFixed(0)} | ${r.baseline.rps.toFixed(0)} | ${r.throughputRatio.toFixed(2)} ${meets(r.throughputRatio >= THROUGHPUT_GOAL)} | ` +
        `${r.api.p50.toFixed(1)} / ${r.api.p99.toFixed(1)} | ${r.baseline.p50.toFixed(1)} / ${r.baseline.p99.toFixed(1)} | ` +
        `${r.p50Ratio.toFixed(2)} ${meets(r.p50Ratio <= P50_GOAL)} | ${r.firestore.api.reads} / ${r.firestore.api.writes}, ${r.firestore.baseline.reads} / ${r.firestore.baseline.writes} | ` +
        `${r.firestore.minimum.reads} / ${r.firestore.minimum.writes}: ${r.firestore.minimum.why} |`,
    ),
    "",
    `Flash sale, ${FLASH_ORDERS} customers ordering one unit each at once of a product with ${FLASH_STOCK} in stock:`,
    "",
    ...flashSales.map((sale) => `- ${flashSaleLine(sale)}`),
    "",
    "The hot stock document itself (transactions decrementing it, without HTTP; see docs/api.md, The catalogue):",
    "",
    "| case | instances | documents | transactions | committed | aborted | retries | wall ms | committed per second |",
    "|---|---|---|---|---|---|---|---|---|",
    ...hot.map(
      (row) =>
        `| ${row.case} | ${row.instances} | ${row.documents} | ${row.transactions} | ${row.committed} | ${row.aborted} | ${row.retries} | ${row.wallMs.toFixed(0)} | ${row.perSecond.toFixed(0)} |`,
    ),
    "",
    `SMS final after order creation (${sms.orders} orders, outbox): p50 ${sms.p50} ms, p95 ${sms.p95} ms`,
    "",
    largestDay
      ? `The shop's day with ${largestDay.orders} orders (bench/shop-day.md): CSV export ${largestDay.export.ms.toFixed(0)} ms to the last byte (floor ${largestDay.floor.ms.toFixed(0)} ms), live heap at most ${(largestDay.export.peak.retainedBytes / 2 ** 20).toFixed(1)} MB above idle; daily report ${largestDay.report.ms.toFixed(0)} ms, ${largestDay.report.reads} reads`
      : "",
    "",
    "Cost (bench/cost.md has the flows in full):",
    "",
    cost.totals,
    "",
    runLine,
  ].join("\n");
  console.log(`\n${section}\n\n${cost.table}\n`);
  await writeMarkdown(
    resolve(root, "bench/results.md"),
    withSection(resolve(root, "bench/results.md"), LABEL, section),
  );
  await writeMarkdown(resolve(root, "bench/cost.md"), renderCostDocument(flows, runLine));
  process.exit(0);
}

function flashSaleLine(sale: FlashSale): string {
  return (
    `${sale.instances} instance${sale.instances === 1 ? "" : "s"}: ${sale.created} created, ${sale.refused} refused (409 out_of_stock), ` +
    `${sale.other} other answers, stock after ${String(sale.stockAfter)}; p50 ${sale.p50.toFixed(0)} ms, p99 ${sale.p99.toFixed(0)} ms, ` +
    `all answered in ${sale.wallMs.toFixed(0)} ms`
  );
}

/** The catalogue the orders with lines use, written as the API writes products (its pure rule). */
async function seedCatalogue(db: Firestore): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < CATALOGUE_SIZE; start += 400) {
    const batch = db.batch();
    for (let index = start; index < Math.min(CATALOGUE_SIZE, start + 400); index++) {
      const ref = db.collection("products").doc();
      const { product } = productToCreate(
        {
          name: `${randomItem()} ${index}`,
          description: null,
          priceMinor: 1000 + index,
          stock: untracked(index) ? null : 1_000_000,
          active: true,
        },
        { currency: config.currency, at: new Date(), by: { uid: "bench", username: "bench" } },
      );
      batch.create(ref, product);
      ids.push(ref.id);
    }
    await batch.commit();
  }
  return ids;
}

/** A fresh ID token for an account whose claims just changed (the benchmark's customers share one password). */
async function relogin(api: string, uid: string): Promise<string> {
  const user = await auth.getUser(uid);
  const login = await call(`${api}/login/`, jsonInit("POST", { email: user.email, password: "bench-password-1" }));
  if (login.status !== 200) throw new Error(`login: ${login.status}`);
  return ((await login.json()) as { token: string }).token;
}

function coldStartLine(cold: ColdStart): string {
  const ms = (spread: ColdStart["api"]) =>
    `${spread.median.toFixed(0)} ms (IQR ${spread.p25.toFixed(0)}-${spread.p75.toFixed(0)})`;
  return (
    `Cold start, spawn to first authenticated GET /orders/ answer (${cold.runs} interleaved pairs): ` +
    `api ${ms(cold.api)}, floor ${ms(cold.floor)}, ratio ${cold.ratio.median.toFixed(2)} ` +
    `(IQR ${cold.ratio.p25.toFixed(2)}-${cold.ratio.p75.toFixed(2)}, goal ≤ ${COLD_START_GOAL})`
  );
}

/** Written the way the lint gate checks it, so a benchmark run leaves the tree clean. */
async function writeMarkdown(path: string, text: string): Promise<void> {
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(text, { ...options, filepath: path }));
}

/** results.md holds one section per labelled run; this run's replaces its namesake and keeps the others. */
function withSection(path: string, label: string, section: string): string {
  const header = "# Benchmark results\n\nEach section is one `npm run bench` (BENCH_LABEL names it).\n";
  const existing = existsSync(path) ? readFileSync(path, "utf8") : "";
  const sections = existing
    .split(/^(?=## )/m)
    .filter((part) => part.startsWith("## ") && !part.startsWith(`## ${label}\n`))
    .map((part) => part.trimEnd());
  return `${[header, ...sections, section].join("\n\n")}\n`;
}

function authEmulatorEnv(): Record<string, string> {
  const host = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  return host ? { FIREBASE_AUTH_EMULATOR_HOST: host } : {};
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
