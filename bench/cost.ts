/**
 * What a thousand orders cost to run: the counted operations of each flow (bench/flows.ts) priced from
 * public list prices. bench/run.ts prints the table and writes bench/cost.md from it.
 */
import type { FlowCost, FlowName } from "./flows.js";

/** List prices in US dollars, each with where it comes from. Free tiers are left out on purpose. */
export const PRICES = {
  firestore: {
    readPer100k: 0.03,
    writePer100k: 0.09,
    deletePer100k: 0.01,
    source:
      "Firestore Standard edition, regional location us-central1 (https://cloud.google.com/firestore/pricing, list prices as published in 2026); multi-region locations such as nam5 cost twice as much",
  },
  functions: {
    vcpuSecond: 0.000024,
    gibSecond: 0.0000025,
    perMillionInvocations: 0.4,
    source:
      "Cloud Run functions (2nd gen) request-based billing, Tier 1 regions such as us-central1 (https://cloud.google.com/run/pricing, list prices as published in 2026); Tier 2 regions, africa-south1 among them, cost about 40% more",
  },
  sms: {
    kesPerSegment: 0.8,
    kesPerUsd: 129,
    source:
      "Africa's Talking bulk SMS to Kenyan networks, KES 0.80 per 160-character segment (https://africastalking.com/pricing; the provider reports each send's actual cost, stored in the order's sms.cost), at KES 129 to the US dollar (the 2026 rate)",
  },
} as const;

/** The deployed sizes (functions/src/entry-points/api.ts, entry-points/sms-triggers.ts). */
const API = { vcpu: 1, gib: 0.5 };
const TRIGGER = { vcpu: 1, gib: 0.25 };

export interface PricedFlow extends FlowCost {
  firestoreUsd: number;
  computeUsd: number;
  smsUsd: number;
  totalUsd: number;
}

export function priceFlow(flow: FlowCost): PricedFlow {
  const { firestore, functions, sms } = PRICES;
  const firestoreUsd =
    (flow.reads * firestore.readPer100k +
      flow.writes * firestore.writePer100k +
      flow.deletes * firestore.deletePer100k) /
    100_000;
  // An upper bound: each request is billed as if it had its instance to itself. With up to 80 requests
  // in flight per api instance, instance time is shared and the real figure is lower.
  const computeUsd =
    (flow.apiMs / 1000) * (API.vcpu * functions.vcpuSecond + API.gib * functions.gibSecond) +
    (flow.triggerMs / 1000) * (TRIGGER.vcpu * functions.vcpuSecond + TRIGGER.gib * functions.gibSecond) +
    ((flow.requests + flow.triggers) * functions.perMillionInvocations) / 1_000_000;
  const smsUsd = (flow.smsSegments * sms.kesPerSegment) / sms.kesPerUsd;
  return { ...flow, firestoreUsd, computeUsd, smsUsd, totalUsd: firestoreUsd + computeUsd + smsUsd };
}

/** How many of each flow one order brings, for a customer new to the shop and for a returning one. */
export const SCENARIOS: { name: string; description: string; flows: Partial<Record<FlowName, number>> }[] = [
  {
    name: "first-time customer",
    description:
      "registers, proves the phone, signs in, orders, lists a page; staff complete it; three delivery reports (code, confirmation, status)",
    flows: {
      register: 1,
      "verify phone": 1,
      login: 1,
      "create order + SMS": 1,
      "list a page": 1,
      "staff complete + SMS": 1,
      "delivery report": 3,
    },
  },
  {
    name: "returning customer",
    description: "signs in, orders, lists a page; staff complete it; two delivery reports",
    flows: { login: 1, "create order + SMS": 1, "list a page": 1, "staff complete + SMS": 1, "delivery report": 2 },
  },
  {
    name: "returning customer ordering from the catalogue",
    description:
      "signs in, orders two products from the catalogue, lists a page; staff complete it; two delivery reports",
    flows: {
      login: 1,
      "order from catalogue + SMS": 1,
      "list a page": 1,
      "staff complete + SMS": 1,
      "delivery report": 2,
    },
  },
];

/**
 * Why a flow costs more than its data model's bare minimum, where it does. Kept beside the numbers
 * so that a change in a count is read against its reason.
 */
export const FLOW_NOTES: Record<FlowName, string> = {
  register:
    "The profile and the username reservation are the data; the per-address registration limit adds a read and a write (a counter every registration must pass).",
  "verify phone":
    "Three code limits (per number, per account, per address) cost a read and a write each; the code's own record, its message and the proof (the number's claim, the profile) are the data. The SMS send is priced like every send below.",
  login:
    "Two reads (the failed-attempt counters per address and per account, in one round trip); they are written only when the password is wrong.",
  "create order + SMS":
    "The request reads the profile (the customer's name and number come only from it, and it keeps the account's order tally for the hourly limit), then writes the order, its number's reservation and the tally in one batch: the tally is the one write beyond the order itself. The send claims the message in a transaction (exactly once), checks and counts four SMS budgets (account and number, hour and day) and one project-wide shard, records the outcome and indexes the provider's message id for delivery reports: the budgets are four reads and five writes per SMS, the price of not sending unlimited paid messages.",
  "order from catalogue + SMS":
    "The request reads the profile, then in one transaction the two products (prices, names, stock), and writes the order, its number's reservation, the tally and each counted product's stock: the data model's minimum for an order that takes stock (a product the shop does not count costs its read and no write). The send is priced as above; the text names the order's summary, cut to one segment.",
  "list a page":
    "One read per order on the page, and one more: the page reads one order beyond its size to know whether a next page exists, so no link points to an empty page.",
  "staff complete + SMS":
    "Opening the order reads the order number's reservation, the order and its status messages (one query, for their SMS state); the change reads them again in its transaction with the staff member's profile (for the audit trail's name), and writes the order, the audit log entry and the status message. The send is priced as above.",
  "delivery report":
    "The message id's index entry and the message, then one update: the minimum for a report that must never overwrite a final status.",
};

const usd = (value: number) => `$${value.toFixed(value >= 1 ? 2 : 4)}`;

export function renderCostTable(flows: FlowCost[]): { table: string; totals: string; priced: PricedFlow[] } {
  const priced = flows.map(priceFlow);
  const rows = priced.map(
    (flow) =>
      `| ${flow.flow} | ${flow.reads} / ${flow.writes} / ${flow.deletes} | ${flow.requests} + ${flow.triggers} | ` +
      `${Math.round(flow.apiMs + flow.triggerMs)} | ${flow.smsSegments} | ${usd(flow.firestoreUsd * 1000)} | ` +
      `${usd(flow.computeUsd * 1000)} | ${usd(flow.smsUsd * 1000)} | ${usd(flow.totalUsd * 1000)} |`,
  );
  const table = [
    "| flow | Firestore reads / writes / deletes | invocations (api + triggers) | compute ms | SMS segments | Firestore per 1,000 | functions per 1,000 | SMS per 1,000 | total per 1,000 |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
  const byName = new Map(priced.map((flow) => [flow.flow, flow]));
  const totals = SCENARIOS.map((scenario) => {
    let total = 0;
    let sms = 0;
    for (const [name, times] of Object.entries(scenario.flows) as [FlowName, number][]) {
      const flow = byName.get(name);
      if (!flow) throw new Error(`no measurement for ${name}`);
      total += flow.totalUsd * times;
      sms += flow.smsUsd * times;
    }
    return `- **1,000 orders from ${scenario.name}s: ${usd(total * 1000)}**, of which SMS ${usd(sms * 1000)} (${((sms / total) * 100).toFixed(1)}%). Each ${scenario.description}.`;
  }).join("\n");
  return { table, totals, priced };
}

export function renderCostDocument(flows: FlowCost[], runLine: string): string {
  const { table, totals } = renderCostTable(flows);
  const steps = flows
    .map(
      (flow) =>
        `- **${flow.flow}**: ${flow.steps.map((step) => `${step.label} ${step.ops.reads} r / ${step.ops.writes} w${step.ops.deletes ? ` / ${step.ops.deletes} d` : ""}`).join("; ")}. ${FLOW_NOTES[flow.flow]}`,
    )
    .join("\n");
  return `# What 1,000 orders cost

Written by \`npm run bench\` from one run (${runLine}). Every Firestore operation below was counted as the
flow ran (bench/flows.ts): the API served by the exported app, the SMS triggers run as the platform runs
them, the real Africa's Talking SDK with its HTTP calls answered locally. Durations are medians measured
on this machine against the emulators; they price compute as if every request had an instance to itself
(the api function serves up to 80 at once, so the real compute cost is lower).

${table}

${totals}

SMS is nearly all of it: one 160-character segment per message (messages are cleaned to GSM-7 and fitted to
one segment, see functions/src/sms/gsm.ts). Firestore and Cloud Functions together cost
well under a cent per order.

## What each flow does with Firestore

${steps}

Not counted above: the sweeper (\`sweepOrderSms\`, one query every 5 minutes, a read for each message it finds
pending), each SMS instance reading the project-wide SMS total (20 reads, cached for 10 seconds per instance),
Firestore storage, network egress, Firebase Authentication (email and password sign-in has no per-user charge
below 50,000 monthly active users) and the free tiers, which cover a small shop's whole month. The shop's day
(the daily report, the CSV export, and the day's SMS tally, one write per message) is priced in
[bench/shop-day.md](shop-day.md).

## Prices

- Firestore: reads $${PRICES.firestore.readPer100k}, writes $${PRICES.firestore.writePer100k}, deletes $${PRICES.firestore.deletePer100k} per 100,000. ${PRICES.firestore.source}.
- Cloud Functions: $${PRICES.functions.vcpuSecond} per vCPU-second, $${PRICES.functions.gibSecond} per GiB-second, $${PRICES.functions.perMillionInvocations} per million invocations; api 1 vCPU and 512 MiB, SMS triggers 1 vCPU and 256 MiB. ${PRICES.functions.source}.
- SMS: ${PRICES.sms.source}.
`;
}

/** Bytes above the idle process: the live heap (garbage collected every 50 ms), the heap as sampled, RSS. */
export interface MemoryPeaks {
  retainedBytes: number;
  heapUsedBytes: number;
  rssBytes: number;
}

/** What bench/shop-day.ts measured, for days of several sizes. */
export interface ShopDayMeasurement {
  date: string;
  machine: string;
  seedMs: number;
  repetitions: number;
  days: {
    orders: number;
    completed: number;
    canceled: number;
    /** The daily report: median milliseconds, and the Firestore reads it made. */
    report: { ms: number; reads: number };
    /** The CSV export of the day: median milliseconds to the last byte, size, rows, reads, peak memory above idle. */
    export: {
      ms: number;
      bytes: number;
      rows: number;
      reads: number;
      peak: MemoryPeaks;
    };
    /** The same orders read page by page and dropped. */
    floor: { ms: number; peak: MemoryPeaks };
  }[];
}

/** The day's SMS tally is spread over this many shards (functions/src/sms/day-tally.ts): one read each. */
const TALLY_SHARDS = 10;
/** The api function's timeout (functions/src/entry-points/api.ts): one export must finish within it. */
const API_TIMEOUT_SECONDS = 30;

/** The report reads the day's orders 1,000 a page (functions/src/reports/reports-service.ts). */
const REPORT_PAGE = 1000;

/**
 * Reads of one report: the day's orders (a projection; a query that finds none still costs one, so a
 * day whose count is a whole number of pages pays one more), one per 1,000 completed or canceled
 * (aggregations), and the tally's shards.
 */
export function reportReads(placed: number, completed: number, canceled: number): number {
  const orderReads = placed + (placed % REPORT_PAGE === 0 ? 1 : 0);
  return orderReads + Math.max(1, Math.ceil(completed / 1000)) + Math.max(1, Math.ceil(canceled / 1000)) + TALLY_SHARDS;
}

const apiMsUsd = (ms: number) =>
  (ms / 1000) * (API.vcpu * PRICES.functions.vcpuSecond + API.gib * PRICES.functions.gibSecond) +
  PRICES.functions.perMillionInvocations / 1_000_000;
const readsUsd = (reads: number) => (reads * PRICES.firestore.readPer100k) / 100_000;
const writesUsd = (writes: number) => (writes * PRICES.firestore.writePer100k) / 100_000;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const money = (value: number) => `$${value.toFixed(value >= 0.01 ? 2 : 6)}`;

export function renderShopDayCost(m: ShopDayMeasurement): string {
  const largest = m.days.reduce((a, b) => (b.orders > a.orders ? b : a));
  const msPerOrder = largest.report.ms / largest.orders;
  const exportMsPerOrder = largest.export.ms / largest.orders;
  const measured = m.days
    .map(
      (day) =>
        `| ${day.orders.toLocaleString("en")} | ${day.report.ms.toFixed(0)} | ${day.report.reads} (formula ${reportReads(day.orders, day.completed, day.canceled)}) | ` +
        `${day.export.ms.toFixed(0)} | ${mb(day.export.bytes)} MB, ${day.export.rows.toLocaleString("en")} rows | ${day.export.reads} | ` +
        `${mb(day.export.peak.retainedBytes)} / ${mb(day.export.peak.heapUsedBytes)} / ${mb(day.export.peak.rssBytes)} | ${day.floor.ms.toFixed(0)} | ` +
        `${mb(day.floor.peak.retainedBytes)} / ${mb(day.floor.peak.heapUsedBytes)} / ${mb(day.floor.peak.rssBytes)} | ${(day.export.ms / day.floor.ms).toFixed(2)} |`,
    )
    .join("\n");
  // The shops priced: completions and cancellations in the proportions of the measured days.
  const completedShare = largest.completed / largest.orders;
  const canceledShare = largest.canceled / largest.orders;
  const shops = [200, 20_000].map((orders) => {
    const reads = reportReads(orders, Math.round(orders * completedShare), Math.round(orders * canceledShare));
    const perReport = readsUsd(reads) + apiMsUsd(msPerOrder * orders);
    // Each order's confirmation and status message adds one tally write when it becomes final.
    const tallyWrites = orders * 2;
    const exportOrders = orders * 30;
    const exportSeconds = (exportMsPerOrder * exportOrders) / 1000;
    // Days that fit in one export with a fifth of the api function's timeout to spare.
    const daysPerExport = Math.max(1, Math.floor((API_TIMEOUT_SECONDS * 800) / (exportMsPerOrder * orders)));
    return { orders, reads, perReport, tallyWrites, exportOrders, exportSeconds, daysPerExport };
  });
  const priced = shops
    .map(
      (shop) =>
        `| ${shop.orders.toLocaleString("en")} | ${shop.reads.toLocaleString("en")} | ${money(readsUsd(shop.reads))} | ${money(shop.perReport)} | ` +
        `${money(shop.perReport * 20)} | ${shop.tallyWrites.toLocaleString("en")} writes, ${money(writesUsd(shop.tallyWrites))} | ` +
        `${money(readsUsd(shop.exportOrders + Math.ceil(shop.exportOrders / 500)) + apiMsUsd(exportMsPerOrder * shop.exportOrders))}, ${shop.exportSeconds.toFixed(0)} s${shop.exportSeconds > API_TIMEOUT_SECONDS * 0.8 ? ` (past one request's ${API_TIMEOUT_SECONDS} s: export ${shop.daysPerExport} days at a time)` : ""} |`,
    )
    .join("\n");
  return `# The shop's day: what the report and the export cost

Written by \`bench/shop-day.ts\` (part of \`npm run bench\`) from one run (${m.date} · ${m.machine}; ${m.repetitions} runs
each, medians; seeding took ${(m.seedMs / 1000).toFixed(0)} s). Each day's orders were written as the API writes
them (three in five from the catalogue with one to three lines, seven in ten completed and one canceled within
the day) into a Firestore emulator project of their own; the exported app served them from a process of its
own, whose Firestore reads were counted and whose memory was sampled every 5 ms. The floor reads the same
orders page by page (500 a page, as the export does) and drops them.

## Measured

| orders that day | report ms | report reads | CSV ms (to last byte) | CSV size | CSV reads | CSV peak live heap / heap / RSS above idle, MB | floor ms | floor peak live heap / heap / RSS, MB | CSV / floor time |
|---|---|---|---|---|---|---|---|---|---|
${measured}

Memory stays flat: the export holds one page of orders and one chunk of text at a time (the next page is read
while the current one is sent, and nothing more is read until the socket takes it), so what it keeps live (the
first memory figure, measured in a run that collects garbage every 50 ms) does not grow with the number of
orders. The heap as sampled and the RSS also count garbage not yet collected, which depends on when V8 runs its
collector, not on what the export holds. Durations here are the emulator's: it has no indexes and scans every
order of the project for each query, so they grow with the project (12,200 orders) more than with the day;
the CSV / floor ratio is the figure to read.

## How the report is counted, and what it costs

- **Orders completed and canceled that day**: Firestore aggregation queries (\`count()\` and \`sum(amount_minor)\` in
  one query each, on \`status\` and \`updated_at\`): one read per 1,000 orders counted, whatever day each was placed.
- **Orders placed that day, those still pending, per product**: the day's orders read once, projected to status,
  amount and lines (one read per order). No aggregation can add up the quantities inside an order's lines, and one
  pass gives placed, pending and the products together.
- **SMS**: a tally the SMS engine keeps per day of the shop's calendar, written in the same transaction that makes a
  message final (sent, failed or suppressed, with the reported cost), spread over ${TALLY_SHARDS} shards: ${TALLY_SHARDS} reads per
  report, and one write per message.

Reads per report = orders placed (plus one when they fill their last page of 1,000 exactly) + ⌈completed / 1,000⌉
+ ⌈canceled / 1,000⌉ + ${TALLY_SHARDS}. The shops below
complete and cancel orders in the measured days' proportions; compute is priced from the measured report time
per order as if each request had an instance to itself (an upper bound), at the prices in bench/cost.md.

| orders a day | reads per report | Firestore per report | report total (Firestore + compute) | 20 reports a day | SMS tally per day | a month's CSV export |
|---|---|---|---|---|---|---|
${priced}

For the large shop, the per-order read of the day's orders is nearly all of a report's reads. Counters kept per
product by the order writes would bring a report to a few dozen reads, at the price of a write on every order,
edit, cancellation and deletion and of a drift to guard against; at $${(readsUsd(20_000) * 20).toFixed(2)} a day for 20 reports it is not yet
worth it, and the Today page should load the report when opened rather than poll it (the live new-order count
comes from a Firestore listener, not from the report).
`;
}
