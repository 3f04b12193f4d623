/**
 * What each user-facing flow costs to run, counted: the Firestore reads, writes and deletes of its API
 * requests and of the SMS triggers it sets off, the function invocations, their measured durations,
 * and the SMS segments it sends.
 *
 * Everything runs in this process against a Firestore project of its own (no emulator trigger races
 * it): the exported app serves the requests, and the trigger handlers are called as the platform would
 * call them, with the real Africa's Talking SDK whose HTTP calls nock answers (the provider is the
 * one edge not run for real). The settings are the shipped defaults, rate limits and SMS budgets
 * included, since their counters are part of what a flow costs.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Auth } from "firebase-admin/auth";
import type { Firestore } from "firebase-admin/firestore";
import nock from "nock";
import { createApp } from "../functions/src/app.js";
import { loadConfig, loadSmsSettings } from "../functions/src/config.js";
import { handleMessageEvent } from "../functions/src/entry-points/sms-handlers.js";
import type { DeliveryDeps } from "../functions/src/sms/delivery.js";
import { createAfricasTalkingSender } from "../functions/src/sms/senders/africastalking.js";
import { createSmsRepository } from "../functions/src/sms/sms-repository.js";
import { countOperations, type OperationCount } from "./firestore-counter.js";

export type FlowName =
  | "register"
  | "verify phone"
  | "login"
  | "create order + SMS"
  | "order from catalogue + SMS"
  | "list a page"
  | "staff complete + SMS"
  | "delivery report";

export interface FlowCost extends OperationCount {
  flow: FlowName;
  /** Invocations of the api function. */
  requests: number;
  /** Invocations of SMS triggers. */
  triggers: number;
  /** Median milliseconds of the flow's api requests, summed. */
  apiMs: number;
  /** Median milliseconds of the flow's trigger runs, summed. */
  triggerMs: number;
  smsSegments: number;
  /** Each request or trigger run of the flow, with its operations. */
  steps: { label: string; ops: OperationCount }[];
}

const AT_HOST = "https://api.sandbox.africastalking.com";
const AT_PATH = "/version1/messaging";
const CALLBACK_TOKEN = "bench-callback-token-0123456789abcdef";
const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Step {
  label: string;
  kind: "request" | "trigger";
  ms: number;
  ops: OperationCount;
  sms: number;
}

/** The messages the intercepted provider accepted, newest last. */
const sent: { to: string; message: string; messageId: string }[] = [];

function interceptProvider(): void {
  nock(AT_HOST)
    .persist()
    .post(AT_PATH)
    .reply(201, (_uri, body) => {
      const form = new URLSearchParams(typeof body === "string" ? body : "");
      const messageId = `ATXid_bench${sent.length}`;
      sent.push({ to: form.get("to") ?? "", message: form.get("message") ?? "", messageId });
      return {
        SMSMessageData: {
          Message: "Sent to 1/1 Total Cost: KES 0.8000",
          Recipients: [{ statusCode: 101, number: form.get("to"), status: "Success", cost: "KES 0.8000", messageId }],
        },
      };
    });
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; ops: OperationCount; value: T }> {
  let value: T | undefined;
  const started = performance.now();
  const ops = await countOperations(async () => {
    value = await work();
  });
  return { ms: performance.now() - started, ops, value: value as T };
}

export async function measureFlows(options: {
  db: Firestore;
  auth: Auth;
  env: Record<string, string>;
  repetitions: number;
}): Promise<FlowCost[]> {
  const { db, auth, env } = options;
  const config = loadConfig({ ...env, AT_CALLBACK_TOKEN: CALLBACK_TOKEN });
  const server = createServer(createApp({ config, db, auth, log: silentLog }));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  interceptProvider();
  const settings = loadSmsSettings({
    ...env,
    SMS_PROVIDER: "africastalking",
    AT_USERNAME: "sandbox",
    AT_API_KEY: "bench-key",
  });
  const sms: DeliveryDeps = {
    sms: createSmsRepository(db),
    budget: settings.budget,
    destinations: settings.destinations,
    timeZone: settings.timeZone,
    sender: createAfricasTalkingSender({
      username: "sandbox",
      apiKey: "bench-key",
      senderId: undefined,
      timeoutMs: 5000,
    }),
    log: silentLog,
  };

  /** Numbers the run's customers; each one's requests come from an address of its own. */
  let serial = 0;

  async function request(
    method: string,
    path: string,
    options: {
      body?: unknown;
      token?: string;
      form?: Record<string, string>;
      headers?: Record<string, string>;
      /** The path as documented, where it holds ids or secrets. */
      label?: string;
    } = {},
  ): Promise<Step & { status: number; json: Record<string, unknown>; headers: Headers }> {
    const { body, token, form } = options;
    const headers: Record<string, string> = {
      // Every customer of the run comes from an address of their own (counters are per address).
      "X-Forwarded-For": `2001:db8::${serial.toString(16)}`,
      ...options.headers,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    };
    let payload: string | undefined;
    if (form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      payload = new URLSearchParams(form).toString();
    } else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const { ms, ops, value } = await timed(async () => {
      const response = await fetch(`${base}/api${path}`, { method, headers, body: payload });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text };
    });
    if (value.status >= 400) throw new Error(`${method} ${path}: ${value.status} ${value.text}`);
    const json = value.text ? (JSON.parse(value.text) as Record<string, unknown>) : {};
    const label = `${method} ${options.label ?? path}`;
    return { label, kind: "request", ms, ops, sms: 0, status: value.status, json, headers: value.headers };
  }

  async function trigger(label: string, run: () => Promise<unknown>): Promise<Step> {
    const before = sent.length;
    const { ms, ops } = await timed(run);
    return { label, kind: "trigger", ms, ops, sms: sent.length - before };
  }

  const newUser = () => {
    serial++;
    const tag = `${Date.now().toString(36)}${serial}`;
    return {
      username: `cost_${tag}`,
      email: `cost.${tag}@example.com`,
      password: "cost-password-1",
      phone_number: `+2547${String(Date.now() + serial).slice(-8)}`,
    };
  };
  const login = async (input: { email: string; password: string }) =>
    request("POST", "/login/", { body: { email: input.email, password: input.password } });

  /** A registered customer with a proven phone, logged in. */
  async function customer(): Promise<{ uid: string; token: string; steps: Record<string, Step[]> }> {
    const input = newUser();
    const registered = await request("POST", "/register/", { body: input });
    const loggedIn = await login(input);
    const token = String(loggedIn.json.token);
    const uid = String(registered.json.uid);
    const codeRequested = await request("POST", "/me/phone/code/", { token });
    const carrier = (await db.collection("verification_messages").where("sms.account", "==", uid).get()).docs[0];
    if (!carrier) throw new Error("no verification message was queued");
    const code = /code is (\d{6})/.exec(String(carrier.get("sms.text")))?.[1] ?? "";
    const codeSent = await trigger("sendVerificationCode", () =>
      handleMessageEvent({ id: `evt-${carrier.id}`, time: new Date().toISOString(), document: carrier.ref.path }, sms),
    );
    const verified = await request("POST", "/me/phone/verify/", { body: { code }, token });
    return {
      uid,
      token,
      steps: { register: [registered], login: [loggedIn], "verify phone": [codeRequested, codeSent, verified] },
    };
  }

  const staffInput = newUser();
  const staffRegistered = await request("POST", "/register/", { body: staffInput });
  await auth.setCustomUserClaims(String(staffRegistered.json.uid), { role: "staff" });
  const staffToken = String((await login(staffInput)).json.token);

  // Two counted products, as staff add them, for the orders from the catalogue.
  const products: string[] = [];
  for (const [name, price] of [
    ["Maize flour 2 kg", "210.00"],
    ["Cooking oil 1 L", "350.00"],
  ] as const) {
    const made = await request("POST", "/staff/products/", {
      body: { name, price, stock: 1_000_000 },
      token: staffToken,
    });
    products.push(String(made.json.id));
  }

  const samples = new Map<FlowName, Step[][]>();
  const record = (flow: FlowName, steps: Step[]) => {
    samples.set(flow, [...(samples.get(flow) ?? []), steps]);
  };

  for (let repetition = 0; repetition < options.repetitions; repetition++) {
    const user = await customer();
    record("register", user.steps.register ?? []);
    record("verify phone", user.steps["verify phone"] ?? []);
    record("login", user.steps.login ?? []);

    const created = await request("POST", "/orders/", { body: { item: "Laptop", amount: 1200 }, token: user.token });
    const orderId = String(created.json.id);
    const confirmation = await trigger("sendOrderConfirmation", () =>
      handleMessageEvent(
        { id: `evt-${orderId}`, time: new Date().toISOString(), document: `users/${user.uid}/orders/${orderId}` },
        sms,
      ),
    );
    record("create order + SMS", [created, confirmation]);

    const fromLines = await request("POST", "/orders/", {
      body: { lines: products.map((productId, index) => ({ product_id: productId, quantity: index + 1 })) },
      token: user.token,
    });
    const linesOrderId = String(fromLines.json.id);
    const linesConfirmation = await trigger("sendOrderConfirmation", () =>
      handleMessageEvent(
        {
          id: `evt-${linesOrderId}`,
          time: new Date().toISOString(),
          document: `users/${user.uid}/orders/${linesOrderId}`,
        },
        sms,
      ),
    );
    record("order from catalogue + SMS", [fromLines, linesConfirmation]);

    // A full page: the customer has more orders than a page holds.
    for (let i = 0; i < 19; i++)
      await request("POST", "/orders/", { body: { item: `Cable ${i}`, amount: 10 }, token: user.token });
    record("list a page", [await request("GET", "/orders/", { token: user.token })]);

    const number = String(created.json.order_number);
    // Staff open the order, then complete it with the ETag they saw.
    const opened = await request("GET", `/staff/orders/${number}/`, {
      token: staffToken,
      label: "/staff/orders/{order_number}/",
    });
    const completed = await request("PATCH", `/staff/orders/${number}/`, {
      body: { status: "Completed" },
      token: staffToken,
      headers: { "If-Match": opened.headers.get("ETag") ?? "*" },
      label: "/staff/orders/{order_number}/",
    });
    const notificationId = `${orderId}-status-completed`;
    const statusSms = await trigger("sendStatusNotification", () =>
      handleMessageEvent(
        {
          id: `evt-${notificationId}`,
          time: new Date().toISOString(),
          document: `users/${user.uid}/orders/${orderId}/notifications/${notificationId}`,
        },
        sms,
      ),
    );
    record("staff complete + SMS", [opened, completed, statusSms]);

    const last = sent.at(-1);
    if (!last) throw new Error("no SMS was sent");
    record("delivery report", [
      await request("POST", `/sms/delivery-reports/${CALLBACK_TOKEN}/`, {
        form: { id: last.messageId, status: "Success", phoneNumber: last.to, networkCode: "63902" },
        label: "/sms/delivery-reports/{token}/",
      }),
    ]);
  }

  server.close();
  nock.cleanAll();
  nock.enableNetConnect();
  return [...samples].map(([flow, runs]) => summarize(flow, runs));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Operations are those most runs counted (a run can differ for a known reason: the first SMS of an
 * instance reads the project-wide total, which later ones take from a cache); durations are medians.
 */
function summarize(flow: FlowName, runs: Step[][]): FlowCost {
  const total = (steps: Step[]) =>
    steps.reduce(
      (sum, step) => ({
        reads: sum.reads + step.ops.reads,
        writes: sum.writes + step.ops.writes,
        deletes: sum.deletes + step.ops.deletes,
      }),
      { reads: 0, writes: 0, deletes: 0 },
    );
  const keyOf = (steps: Step[]) => JSON.stringify(total(steps));
  const tally = new Map<string, number>();
  for (const run of runs) tally.set(keyOf(run), (tally.get(keyOf(run)) ?? 0) + 1);
  const usual = [...tally].sort((a, b) => b[1] - a[1])[0]?.[0];
  const first = runs.find((run) => keyOf(run) === usual) ?? runs[0] ?? [];
  const ops = total(first);
  const stepMedian = (index: number) => median(runs.map((steps) => steps[index]?.ms ?? 0));
  const durations = first.map((step, index) => ({ kind: step.kind, ms: stepMedian(index) }));
  return {
    flow,
    ...ops,
    requests: first.filter((step) => step.kind === "request").length,
    triggers: first.filter((step) => step.kind === "trigger").length,
    apiMs: durations.filter((step) => step.kind === "request").reduce((sum, step) => sum + step.ms, 0),
    triggerMs: durations.filter((step) => step.kind === "trigger").reduce((sum, step) => sum + step.ms, 0),
    smsSegments: first.reduce((sum, step) => sum + step.sms, 0),
    steps: first.map((step) => ({ label: step.label, ops: step.ops })),
  };
}
