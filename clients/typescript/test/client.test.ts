/**
 * The client against the running API (the emulators): the original API's flow through its named
 * methods, the Firebase SDK and /token/refresh/ as token providers, the first client's path-typed
 * calls still working, and its generated files matching openapi.yaml.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { deleteApp, initializeApp as initializeClientApp } from "firebase/app";
import { connectAuthEmulator, getAuth as getClientAuth, signInWithEmailAndPassword } from "firebase/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEmulatorHost, projectId } from "../../../functions/test/support/firebase.js";
import { startApi, type RunningApi } from "../../../functions/test/support/server.js";
import { newUserInput } from "../../../functions/test/support/users.js";
import { generate } from "../scripts/generate.js";
import {
  all,
  ApiProblem,
  API_VERSION,
  createApiClient,
  createClient,
  isProblem,
  sessionTokens,
  unwrap,
  type Order,
  type Session,
} from "../src/index.js";

const here = resolve(import.meta.dirname, "..");
const root = resolve(here, "../..");

describe("The TypeScript client", () => {
  let running: RunningApi;
  beforeAll(async () => {
    running = await startApi();
  });
  afterAll(() => running.close());

  async function signedUp() {
    const anonymous = createClient({ baseUrl: running.baseUrl });
    const input = newUserInput();
    const registered = await anonymous.register(input);
    const session = await anonymous.login({ email: input.email, password: input.password });
    return { anonymous, input, registered, session };
  }

  it("When the original API's flow runs through the named methods, then each answers as documented and problems are typed per operation", async () => {
    const { registered, session } = await signedUp();
    const client = createClient({
      baseUrl: running.baseUrl,
      token: sessionTokens(session, { baseUrl: running.baseUrl }),
    });
    expect((await client.me.get()).uid).toBe(registered.uid);

    const key = `client-flow-${registered.uid}`;
    const order: Order = await client.orders.create({ item: "Laptop", amount: 1200 }, { idempotencyKey: key });
    expect(order).toMatchObject({ item: "Laptop", amount: "1200.00", status: "Pending" });
    const replay = await client.orders.create({ item: "Laptop", amount: 1200 }, { idempotencyKey: key });
    expect(replay.id).toBe(order.id);

    for (let index = 0; index < 4; index++) await client.orders.create({ item: `Item ${index}`, amount: "9.99" });
    const pages: number[] = [];
    for await (const page of client.orders.list({ limit: 2 }).pages()) pages.push(page.items.length);
    expect(pages).toEqual([2, 2, 1]);
    const everything: Order[] = [];
    for await (const each of client.orders.list({ limit: 2 })) everything.push(each);
    expect(new Set(everything.map((each) => each.id)).size).toBe(5);
    expect((await client.orders.list({ limit: 3 }).all()).map((each) => each.id)).toEqual(
      everything.map((each) => each.id),
    );

    // The ETag of the read goes with the update; another client's change in between makes it stale.
    await client.orders.get(order.id);
    const replaced = await client.orders.replace(order.id, { item: "Gaming laptop", amount: "1500.00" });
    expect(replaced).toMatchObject({ item: "Gaming laptop", amount: "1500.00" });
    const other = createClient({ baseUrl: running.baseUrl, token: () => session.token });
    await other.orders.update(order.id, { item: "Changed elsewhere" });
    try {
      await client.orders.update(order.id, { item: "Stale" });
      expect.unreachable("a stale If-Match was accepted");
    } catch (error) {
      if (!isProblem(error, client.orders.update)) throw error;
      switch (error.code) {
        case "precondition_failed":
          expect(error.status).toBe(412);
          expect(error.requestId).toMatch(/.{8,}/);
          break;
        default:
          expect.unreachable(`unexpected ${error.code}`);
      }
    }
    // Told otherwise: no If-Match, the last write wins.
    expect((await client.orders.update(order.id, { item: "Mine" }, { ifMatch: false })).item).toBe("Mine");

    expect((await client.orders.cancel(order.id)).status).toBe("Canceled");
    const kept = await client.orders.delete(order.id).catch((error: unknown) => error);
    expect(isProblem(kept, client.orders.delete) && kept.code).toBe("order_not_deletable");

    const pending = everything.find((each) => each.id !== order.id);
    expect(pending).toBeDefined();
    await client.orders.delete(pending?.id ?? "");
    const gone = await client.orders.get(pending?.id ?? "").catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(ApiProblem);
    expect(isProblem(gone, client.orders.get) && [gone.code, gone.status]).toEqual(["order_not_found", 404]);

    await client.logout();
  });

  it("When the session's token is due, then sessionTokens refreshes it through /token/refresh/ and keeps the new refresh token", async () => {
    const { registered, session } = await signedUp();
    const refreshed: Session[] = [];
    let now = Date.now();
    const tokens = sessionTokens(session, {
      baseUrl: running.baseUrl,
      now: () => now,
      onRefresh: (next) => refreshed.push(next),
    });
    const client = createClient({ baseUrl: running.baseUrl, token: tokens });
    expect((await client.me.get()).uid).toBe(registered.uid);
    expect(refreshed).toEqual([]);
    now += session.expires_in * 1000;
    expect((await client.me.get()).uid).toBe(registered.uid);
    expect(refreshed).toHaveLength(1);
    expect(tokens.session().refresh_token).toBe(refreshed[0]?.refresh_token);
  });

  it("When the Firebase SDK provides the token, then a refused token is refreshed once, forced, and the call goes through", async () => {
    const { input, registered } = await signedUp();
    const app = initializeClientApp({ apiKey: "demo-api-key", projectId }, `client-${registered.uid}`);
    try {
      const auth = getClientAuth(app);
      connectAuthEmulator(auth, `http://${authEmulatorHost()}`, { disableWarnings: true });
      await signInWithEmailAndPassword(auth, input.email, input.password);
      const forced: boolean[] = [];
      const client = createClient({
        baseUrl: running.baseUrl,
        token: ({ forceRefresh }) => {
          forced.push(forceRefresh);
          // The first token is one the API refuses, as an expired one would be.
          return forceRefresh ? auth.currentUser?.getIdToken(true) : "not-a-token";
        },
      });
      expect((await client.me.get()).uid).toBe(registered.uid);
      expect(forced).toEqual([false, true]);
    } finally {
      await deleteApp(app);
    }
  });

  it("When the first client's path-typed calls are used, then they still work", async () => {
    const { session } = await signedUp();
    const client = createApiClient({ baseUrl: running.baseUrl, token: () => session.token });
    const created = unwrap(await client.api.POST("/orders/", { body: { item: "Laptop", amount: 1200 } }));
    const read = await client.api.GET("/orders/{id}/", { params: { path: { id: created.id } } });
    expect(unwrap(read).id).toBe(created.id);
    expect(read.response.headers.get("ETag")).toBe('"1"');
    expect((await all(client.orderPages({ limit: 1 }))).map((each) => each.id)).toEqual([created.id]);
    const missing = await client.api.GET("/orders/{id}/", { params: { path: { id: "nope" } } });
    expect(() => unwrap(missing)).toThrow(ApiProblem);
  });

  it("When the client is generated from openapi.yaml again, then nothing changes; a changed document would change it", async () => {
    const fresh = await generate(join(root, "openapi.yaml"));
    for (const [file, text] of Object.entries(fresh)) expect(text, file).toBe(readFileSync(join(here, file), "utf8"));
    const manifest = JSON.parse(fresh["package.json"] ?? "{}") as { version: string };
    expect(manifest.version).toBe(API_VERSION);

    const changed = join(mkdtempSync(join(tmpdir(), "document-")), "openapi.yaml");
    writeFileSync(
      changed,
      readFileSync(join(root, "openapi.yaml"), "utf8").replace("summary: Read one order", "summary: Read an order"),
    );
    expect((await generate(changed))["src/generated.ts"]).not.toBe(fresh["src/generated.ts"]);
  });
});
