/**
 * The shop's day, measured: the daily report and the CSV export of days with 200, 2,000 and 10,000
 * orders in the Firestore emulator, served by the exported app in a process of its own
 * (bench/shop-day-server.ts), whose memory is sampled every 5 ms and whose Firestore reads are counted.
 * The floor is the same orders read page by page with the Admin SDK and dropped: what any export must
 * at least do. What a report costs, for a shop of 200 and one of 20,000 orders a day, follows from the
 * counted reads (bench/cost.ts prices them).
 *
 * Run inside the Emulator Suite: `tsx scripts/emulators.ts exec -- tsx bench/shop-day.ts` (also a
 * phase of `npm run bench`). Writes bench/shop-day.json and bench/shop-day.md.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { getFirestore, Timestamp, type Firestore } from "firebase-admin/firestore";
import { format, resolveConfig } from "prettier";
import type { OrderLine } from "../functions/src/orders/order-document.js";
import type { StoredOrder } from "../functions/src/orders/orders-repository.js";
import type { OrderStatus } from "../functions/src/orders/schemas.js";
import { boundsOfDate } from "../functions/src/platform/calendar.js";
import { renderShopDayCost, type ShopDayMeasurement } from "./cost.js";
import type { Peaks, ServerReply, ServerRequest } from "./shop-day-server.js";

const root = resolve(import.meta.dirname, "..");
const TIME_ZONE = "Africa/Nairobi";
/** Days of the measured sizes, and the export's page size (reports/reports-service.ts). */
const DAYS: { date: string; orders: number }[] = [
  { date: "2024-06-10", orders: 200 },
  { date: "2024-06-11", orders: 2_000 },
  { date: "2024-06-12", orders: 10_000 },
];
const EXPORT_PAGE = 500;
const REPETITIONS = 3;

const NAMES = ["Unga 2 kg", "Sugar 1 kg", "Milk 500 ml", "Bread 800 g", "Cooking oil 1 l", "Rice 2 kg"];
/** Twelve products, each with its price in cents. */
const productAt = (index: number) => {
  const i = index % 12;
  return { id: `product-${i}`, name: NAMES[i % NAMES.length] ?? "Item", priceMinor: 5_000 + i * 2_500 };
};

/** A day's orders as the API writes them: three in five from the catalogue, most completed within the day. */
function ordersOfDay(date: string, count: number): { uid: string; order: StoredOrder }[] {
  const { start } = boundsOfDate(date, TIME_ZONE);
  // Spread from 06:00 to 21:00 on the shop's clock.
  const opening = start.getTime() + 6 * 3_600_000;
  const span = 15 * 3_600_000;
  return Array.from({ length: count }, (_, i) => {
    const placed = new Date(opening + Math.floor((i * span) / count));
    const at = Timestamp.fromDate(placed);
    const fromCatalogue = i % 5 < 3;
    const lines: OrderLine[] = fromCatalogue
      ? Array.from({ length: 1 + (i % 3) }, (_, n) => {
          const product = productAt(i + n * 5);
          const quantity = 1 + ((i + n) % 4);
          return {
            product_id: product.id,
            name: product.name,
            quantity,
            unit_price_minor: product.priceMinor,
            line_total_minor: quantity * product.priceMinor,
          };
        })
      : [];
    const amount = fromCatalogue ? lines.reduce((sum, line) => sum + line.line_total_minor, 0) : 12_000 + i;
    const status: OrderStatus = i % 10 < 7 ? "Completed" : i % 10 === 7 ? "Canceled" : "Pending";
    const closed = Timestamp.fromMillis(placed.getTime() + 20 * 60_000);
    const uid = `shopper${i % 400}`;
    const order: StoredOrder = {
      item: fromCatalogue ? lines.map((line) => `${line.quantity} x ${line.name}`).join(", ") : `Delivery order ${i}`,
      amount_minor: amount,
      currency: "KES",
      order_number: `SD${date.replaceAll("-", "")}${String(i).padStart(6, "0")}`,
      status,
      created_at: at,
      updated_at: status === "Pending" ? at : closed,
      version: status === "Pending" ? 1 : 2,
      customer: { uid, username: `shopper_${i % 400}`, phone_number: `+2547${String(10_000_000 + i).slice(-8)}` },
      sms: {
        kind: "order_confirmation",
        to: `+2547${String(10_000_000 + i).slice(-8)}`,
        account: uid,
        text: "Dear shopper, your order has been received.",
        status: "sent",
        attempts: 1,
        channel: "africastalking",
        message_id: `ATXid_${i}`,
        cost: "KES 0.8000",
        error_code: null,
        error_message: null,
        updated_at: at,
        tallied: true,
      },
      history: [
        { at, status: "Pending", by: "customer", reason: null },
        ...(status === "Pending" ? [] : [{ at: closed, status, by: "shop" as const, reason: null }]),
      ],
      ...(fromCatalogue ? { lines } : {}),
    };
    return { uid, order };
  });
}

async function seed(db: Firestore): Promise<void> {
  const writer = db.bulkWriter();
  for (const day of DAYS) {
    for (const { uid, order } of ordersOfDay(day.date, day.orders)) {
      void writer.create(db.collection("users").doc(uid).collection("orders").doc(), order);
    }
  }
  await writer.close();
}

function isReply<Kind extends ServerReply["kind"]>(
  message: ServerReply,
  kind: Kind,
): message is Extract<ServerReply, { kind: Kind }> {
  return message.kind === kind;
}

/** The measured process, and a way to ask it things. */
function startServer(project: string): Promise<{ child: ChildProcess; port: number; ask: typeof ask }> {
  const child = fork(resolve(root, "bench/shop-day-server.ts"), [], {
    execArgv: ["--expose-gc", "--import", "tsx"],
    env: { ...process.env, SHOP_DAY_PROJECT: project },
  });
  function ask<Kind extends ServerReply["kind"]>(
    request: ServerRequest | undefined,
    kind: Kind,
  ): Promise<Extract<ServerReply, { kind: Kind }>> {
    return new Promise((done) => {
      const listener = (message: ServerReply) => {
        if (!isReply(message, kind)) return;
        child.off("message", listener);
        done(message);
      };
      child.on("message", listener);
      if (request) child.send(request);
    });
  }
  return ask(undefined, "listening").then(({ port }) => ({ child, port, ask }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const above = (peak: Peaks, baseline: Peaks): Peaks => ({
  rssBytes: Math.max(0, peak.rssBytes - baseline.rssBytes),
  heapUsedBytes: Math.max(0, peak.heapUsedBytes - baseline.heapUsedBytes),
  retainedBytes: Math.max(0, peak.retainedBytes - baseline.retainedBytes),
});

export async function measureShopDay(): Promise<ShopDayMeasurement> {
  const projectId = process.env.GCLOUD_PROJECT ?? "demo-orders";
  const project = `${projectId}-shop-day-${randomUUID().slice(0, 8)}`;
  const mainApp = getApps().find((app) => app.name === "[DEFAULT]") ?? initializeApp({ projectId });
  const db = getFirestore(initializeApp({ projectId: project }, `shop-day-${project}`));
  const seeding = performance.now();
  await seed(db);
  const seedMs = performance.now() - seeding;

  const { child, port, ask } = await startServer(project);
  const base = `http://127.0.0.1:${port}/api`;
  try {
    const staff = {
      username: `bench_staff_${Date.now()}`,
      email: `bench.staff.${Date.now()}@example.com`,
      password: "bench-password-1",
      phone_number: "+254711000999",
    };
    const registered = await fetch(`${base}/register/`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(staff),
    });
    if (registered.status !== 201) throw new Error(`register: ${registered.status} ${await registered.text()}`);
    const { uid } = (await registered.json()) as { uid: string };
    await getAuth(mainApp).setCustomUserClaims(uid, { role: "staff" });
    const login = await fetch(`${base}/login/`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: staff.email, password: staff.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const headers = { Authorization: `Bearer ${token}` };

    const days: ShopDayMeasurement["days"] = [];
    for (const day of DAYS) {
      const reportMs: number[] = [];
      let reportReads = 0;
      let placed = 0;
      let completed = 0;
      let canceled = 0;
      for (let run = 0; run < REPETITIONS; run++) {
        await ask({ kind: "reset" }, "reset");
        const before = (await ask({ kind: "peaks" }, "peaks")).reads;
        const started = performance.now();
        const response = await fetch(`${base}/staff/reports/daily/?date=${day.date}`, { headers });
        const report = (await response.json()) as {
          orders: Record<"placed" | "completed" | "canceled", { count: number }>;
        };
        reportMs.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`report: ${response.status}`);
        reportReads = (await ask({ kind: "peaks" }, "peaks")).reads - before;
        placed = report.orders.placed.count;
        completed = report.orders.completed.count;
        canceled = report.orders.canceled.count;
      }
      if (placed !== day.orders) throw new Error(`the report counted ${placed} of ${day.orders} orders`);

      const exportMs: number[] = [];
      const exportPeaks: Peaks[] = [];
      let bytes = 0;
      let rows = 0;
      let exportReads = 0;
      // The timed runs, then one more that also collects garbage every 50 ms to see what stays live.
      for (let run = 0; run <= REPETITIONS; run++) {
        const retained = run === REPETITIONS;
        const { baseline } = await ask({ kind: "reset", retained }, "reset");
        const before = (await ask({ kind: "peaks" }, "peaks")).reads;
        const started = performance.now();
        const response = await fetch(`${base}/staff/orders.csv?from=${day.date}&to=${day.date}`, { headers });
        if (response.status !== 200 || !response.body) throw new Error(`export: ${response.status}`);
        bytes = 0;
        rows = 0;
        const body: AsyncIterable<Uint8Array> = response.body;
        for await (const chunk of body) {
          bytes += chunk.byteLength;
          for (const byte of chunk) if (byte === 0x0a) rows++;
        }
        if (!retained) exportMs.push(performance.now() - started);
        const after = await ask({ kind: "peaks" }, "peaks");
        exportPeaks.push(above(after.peaks, baseline));
        exportReads = after.reads - before;
      }

      const floorMs: number[] = [];
      const floorPeaks: Peaks[] = [];
      const bounds = boundsOfDate(day.date, TIME_ZONE);
      for (let run = 0; run <= REPETITIONS; run++) {
        const retained = run === REPETITIONS;
        const { baseline } = await ask({ kind: "reset", retained }, "reset");
        const result = await ask(
          {
            kind: "floor",
            start: bounds.start.toISOString(),
            end: bounds.end.toISOString(),
            pageSize: EXPORT_PAGE,
          },
          "floor",
        );
        if (result.orders !== day.orders) throw new Error(`the floor read ${result.orders} of ${day.orders}`);
        if (!retained) floorMs.push(result.ms);
        floorPeaks.push(above((await ask({ kind: "peaks" }, "peaks")).peaks, baseline));
      }
      const maxOf = (list: Peaks[]): Peaks => ({
        rssBytes: Math.max(...list.map((peak) => peak.rssBytes)),
        heapUsedBytes: Math.max(...list.map((peak) => peak.heapUsedBytes)),
        retainedBytes: Math.max(...list.map((peak) => peak.retainedBytes)),
      });
      days.push({
        orders: day.orders,
        completed,
        canceled,
        report: { ms: median(reportMs), reads: reportReads },
        export: { ms: median(exportMs), bytes, rows: rows - 1, reads: exportReads, peak: maxOf(exportPeaks) },
        floor: { ms: median(floorMs), peak: maxOf(floorPeaks) },
      });
      console.log(`measured the shop's day with ${day.orders} orders`);
    }
    const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    return { date: new Date().toISOString().slice(0, 10), machine, seedMs, repetitions: REPETITIONS, days };
  } finally {
    child.kill("SIGTERM");
  }
}

/** Writes bench/shop-day.json and bench/shop-day.md (prettier-formatted, as the lint gate checks it). */
export async function writeShopDay(measurement: ShopDayMeasurement): Promise<string> {
  writeFileSync(resolve(root, "bench/shop-day.json"), `${JSON.stringify(measurement, null, 2)}\n`);
  const path = resolve(root, "bench/shop-day.md");
  const text = renderShopDayCost(measurement);
  writeFileSync(path, await format(text, { ...((await resolveConfig(path)) ?? {}), filepath: path }));
  return text;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  measureShopDay()
    .then(writeShopDay)
    .then((text) => {
      console.log(text);
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
