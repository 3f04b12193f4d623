/**
 * The process the shop's-day benchmark measures (bench/shop-day.ts forks it): the exported app in a
 * plain Node HTTP server against the emulators, with its own memory sampled every 5 ms and its
 * Firestore operations counted, both reported to the parent on request. It also runs the floor: the
 * same orders read page by page with the Admin SDK and nothing done with them.
 */
import { createServer } from "node:http";
import { resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { FieldPath, getFirestore, Timestamp, type Query } from "firebase-admin/firestore";
import { createApp } from "../functions/src/app.js";
import { loadConfig } from "../functions/src/config.js";
import { storedAs } from "../functions/src/platform/stored-as.js";
import { functionsEnv } from "../scripts/lib/project-settings.js";
import { installFirestoreCounter, operationTotals } from "./firestore-counter.js";

export interface Peaks {
  rssBytes: number;
  heapUsedBytes: number;
  /** The live heap after a collection: what the work holds, without its garbage (0 unless asked for). */
  retainedBytes: number;
}

export type ServerRequest =
  /** `retained`: also collect garbage every 50 ms and keep the peak of what stays (slower; for memory only). */
  | { kind: "reset"; retained?: boolean }
  | { kind: "peaks" }
  | { kind: "floor"; start: string; end: string; pageSize: number };

export type ServerReply =
  | { kind: "listening"; port: number }
  | { kind: "reset"; baseline: Peaks }
  | { kind: "peaks"; peaks: Peaks; reads: number }
  | { kind: "floor"; ms: number; orders: number };

installFirestoreCounter();
const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const projectId = process.env.GCLOUD_PROJECT ?? "demo-orders";
const benchProject = process.env.SHOP_DAY_PROJECT ?? `${projectId}-shop-day`;
const mainApp = getApps().find((app) => app.name === "[DEFAULT]") ?? initializeApp({ projectId });
const db = getFirestore(initializeApp({ projectId: benchProject }, "shop-day"));
const config = loadConfig({
  ...functionsEnv(resolve(import.meta.dirname, ".."), projectId),
  AT_CALLBACK_TOKEN: "",
  ...process.env,
  GCLOUD_PROJECT: projectId,
  RATE_LIMIT_REGISTER_PER_MINUTE: "1000000",
});

function reply(message: ServerReply): void {
  process.send?.(message);
}

/** Node's collector, when started with --expose-gc: a baseline without the garbage of earlier work. */
const collect = () => globalThis.gc?.();

let peaks: Peaks = { rssBytes: 0, heapUsedBytes: 0, retainedBytes: 0 };
let retained: NodeJS.Timeout | undefined;
function sample(): Peaks {
  const memory = process.memoryUsage();
  return { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, retainedBytes: 0 };
}
setInterval(() => {
  const now = sample();
  peaks = {
    rssBytes: Math.max(peaks.rssBytes, now.rssBytes),
    heapUsedBytes: Math.max(peaks.heapUsedBytes, now.heapUsedBytes),
    retainedBytes: peaks.retainedBytes,
  };
}, 5).unref();

function sampleRetained(): void {
  collect();
  peaks.retainedBytes = Math.max(peaks.retainedBytes, process.memoryUsage().heapUsed);
}

/** The floor: the export's query, page by page, each page dropped as soon as it is read. */
async function floor(start: Date, end: Date, pageSize: number): Promise<number> {
  const query: Query<{ created_at: Timestamp }> = db
    .collectionGroup("orders")
    .withConverter(storedAs<{ created_at: Timestamp }>())
    .where("created_at", ">=", Timestamp.fromDate(start))
    .where("created_at", "<", Timestamp.fromDate(end))
    .orderBy("created_at", "asc")
    .orderBy(FieldPath.documentId(), "asc")
    .limit(pageSize);
  let orders = 0;
  let page = await query.get();
  while (!page.empty) {
    orders += page.size;
    const last = page.docs.at(-1);
    if (!last || page.size < pageSize) break;
    page = await query.startAfter(last.data().created_at, last.ref.path).get();
  }
  return orders;
}

process.on("message", (message: ServerRequest) => {
  void (async () => {
    switch (message.kind) {
      case "reset": {
        clearInterval(retained);
        retained = undefined;
        collect();
        const baseline = sample();
        peaks = { ...baseline };
        if (message.retained) {
          baseline.retainedBytes = baseline.heapUsedBytes;
          peaks.retainedBytes = baseline.heapUsedBytes;
          retained = setInterval(sampleRetained, 50);
        }
        reply({ kind: "reset", baseline });
        return;
      }
      case "peaks":
        if (retained) sampleRetained();
        reply({ kind: "peaks", peaks: { ...peaks }, reads: operationTotals().reads });
        return;
      case "floor": {
        const started = performance.now();
        const orders = await floor(new Date(message.start), new Date(message.end), message.pageSize);
        reply({ kind: "floor", ms: performance.now() - started, orders });
        return;
      }
    }
  })();
});

const server = createServer(createApp({ config, db, auth: getAuth(mainApp), log: silentLog }));
server.listen(0, "127.0.0.1", () => {
  reply({ kind: "listening", port: (server.address() as AddressInfo).port });
});
