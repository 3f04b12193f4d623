/**
 * A hot product: many orders for one product at once.
 *
 * measureFlashSale sends N concurrent orders from N customers for a product with little stock
 * through the API (one or more instances) and reports what came back. measureHotDocument measures the
 * transaction itself against the emulator, without HTTP: one stock document decremented by many
 * transactions at once, with and without the per-product turns the repository takes (turns.ts), from
 * one or several instances (separate Firestore clients, as separate Cloud Functions instances are), and
 * spread over shards (each instance its own stock document), which is how the design would carry a
 * product past one document's write rate.
 */
import { randomUUID } from "node:crypto";
import { initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { turnsFor } from "../functions/src/products/turns.js";

export interface FlashSale {
  orders: number;
  stock: number;
  instances: number;
  created: number;
  refused: number;
  /** Anything but 201 and 409 out_of_stock (a 5xx would be here). */
  other: number;
  stockAfter: number | null;
  p50: number;
  p99: number;
  wallMs: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** `tokens` order one unit each, all at once, spread over `bases` (one per instance) in turn. */
export async function measureFlashSale(options: {
  bases: string[];
  staffToken: string;
  tokens: string[];
  stock: number;
}): Promise<FlashSale> {
  const { bases, staffToken, tokens, stock } = options;
  const [first = ""] = bases;
  const json = (token: string) => ({ "Content-Type": "application/json", Authorization: `Bearer ${token}` });
  const made = await fetch(`${first}/staff/products/`, {
    method: "POST",
    headers: json(staffToken),
    body: JSON.stringify({ name: `Flash kettle ${randomUUID().slice(0, 6)}`, price: "1500.00", stock }),
  });
  if (made.status !== 201) throw new Error(`flash sale product: ${made.status} ${await made.text()}`);
  const { id } = (await made.json()) as { id: string };
  const started = performance.now();
  const results = await Promise.all(
    tokens.map(async (token, index) => {
      const begun = performance.now();
      const response = await fetch(`${bases[index % bases.length] ?? first}/orders/`, {
        method: "POST",
        headers: json(token),
        body: JSON.stringify({ lines: [{ product_id: id, quantity: 1 }] }),
        signal: AbortSignal.timeout(60_000),
      });
      const body = (await response.json()) as { code?: string };
      return { status: response.status, code: body.code, ms: performance.now() - begun };
    }),
  );
  const wallMs = performance.now() - started;
  const after = await fetch(`${first}/staff/products/${id}/`, { headers: json(staffToken) });
  const latencies = results.map((result) => result.ms);
  const created = results.filter((result) => result.status === 201).length;
  const refused = results.filter((result) => result.status === 409 && result.code === "out_of_stock").length;
  return {
    orders: tokens.length,
    stock,
    instances: bases.length,
    created,
    refused,
    other: results.length - created - refused,
    stockAfter: ((await after.json()) as { stock: number | null }).stock,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    wallMs,
  };
}

export interface HotDocumentRow {
  case: string;
  instances: number;
  documents: number;
  transactions: number;
  committed: number;
  /** Transactions that gave up after the SDK's five attempts (the API answers them 503). */
  aborted: number;
  /** Attempts beyond the first, summed: how often a transaction lost a lock and started again. */
  retries: number;
  wallMs: number;
  perSecond: number;
}

async function decrementMany(options: {
  clients: Firestore[];
  documents: number;
  transactions: number;
  turns: boolean;
  label: string;
}): Promise<HotDocumentRow> {
  const { clients, documents, transactions, turns } = options;
  const collection = `hot_${randomUUID().slice(0, 8)}`;
  const [first] = clients;
  if (!first) throw new Error("no client");
  for (let shard = 0; shard < documents; shard++) {
    await first.collection(collection).doc(`stock-${shard}`).set({ stock: 1_000_000 });
  }
  let retries = 0;
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: transactions }, async (_, index) => {
      const instance = index % clients.length;
      const db = clients[instance] ?? first;
      // Sharded: each instance takes from its own document.
      const ref = db.collection(collection).doc(`stock-${instance % documents}`);
      let attempts = 0;
      const run = () =>
        db.runTransaction(async (transaction) => {
          attempts++;
          const stock = Number((await transaction.get(ref)).get("stock"));
          transaction.update(ref, { stock: stock - 1 });
        });
      try {
        await (turns ? turnsFor(db)([ref.path], run) : run());
        return true;
      } catch {
        return false;
      } finally {
        retries += attempts - 1;
      }
    }),
  );
  const wallMs = performance.now() - started;
  const committed = results.filter(Boolean).length;
  return {
    case: options.label,
    instances: clients.length,
    documents,
    transactions,
    committed,
    aborted: transactions - committed,
    retries,
    wallMs,
    perSecond: committed / (wallMs / 1000),
  };
}

/** One stock document under a rush, in the ways the docs compare (docs/api.md, "The catalogue"). */
export async function measureHotDocument(projectId: string): Promise<HotDocumentRow[]> {
  const clients = Array.from({ length: 4 }, (_, index) =>
    getFirestore(initializeApp({ projectId }, `hot-instance-${index}-${randomUUID().slice(0, 6)}`)),
  );
  const one = clients.slice(0, 1);
  const two = clients.slice(0, 2);
  const rows: HotDocumentRow[] = [];
  rows.push(await decrementMany({ clients: one, documents: 1, transactions: 20, turns: false, label: "no turns" }));
  rows.push(await decrementMany({ clients: one, documents: 1, transactions: 200, turns: true, label: "turns" }));
  rows.push(await decrementMany({ clients: two, documents: 1, transactions: 200, turns: true, label: "turns" }));
  rows.push(await decrementMany({ clients, documents: 1, transactions: 200, turns: true, label: "turns" }));
  rows.push(await decrementMany({ clients, documents: 4, transactions: 200, turns: true, label: "turns, 4 shards" }));
  return rows;
}
