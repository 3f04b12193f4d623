/**
 * The typed client against the running API (the emulators): the original API's whole flow through
 * it, and a check that its generated types match openapi.yaml.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type RunningApi } from "../../../functions/test/support/server.js";
import { newUserInput } from "../../../functions/test/support/users.js";
import { all, ApiProblem, createApiClient, nextCursor, unwrap, type Order } from "../src/index.js";

const root = resolve(import.meta.dirname, "../../..");
const GENERATE_OPTIONS = [
  "--root-types",
  "--root-types-no-schema-prefix",
  "--read-write-markers",
  "--exclude-deprecated",
];

function generate(document: string): string {
  const output = join(mkdtempSync(join(tmpdir(), "client-")), "openapi.ts");
  execFileSync(
    join(root, "node_modules", ".bin", "openapi-typescript"),
    [document, "--output", output, ...GENERATE_OPTIONS],
    {
      cwd: root,
      stdio: "pipe",
    },
  );
  return readFileSync(output, "utf8");
}

describe("The typed TypeScript client", () => {
  let running: RunningApi;
  beforeAll(async () => {
    running = await startApi();
  });
  afterAll(() => running.close());

  it("When the original API's flow runs through the client, then every step is typed and answers as documented", async () => {
    const anonymous = createApiClient({ baseUrl: running.baseUrl });
    const input = newUserInput();
    const registered = unwrap(await anonymous.api.POST("/register/", { body: input }));
    expect(registered).toMatchObject({ username: input.username, phone_number: input.phone_number });
    const session = unwrap(
      await anonymous.api.POST("/login/", { body: { email: input.email, password: input.password } }),
    );

    let token = session.token;
    const client = createApiClient({ baseUrl: running.baseUrl, token: () => token });

    const key = `client-flow-${registered.uid}`;
    const created = await client.api.POST("/orders/", {
      body: { item: "Laptop", amount: 1200 },
      params: { header: { "Idempotency-Key": key } },
    });
    const order: Order = unwrap(created);
    expect(order).toMatchObject({ item: "Laptop", amount: "1200.00", status: "Pending" });
    const replay = await client.api.POST("/orders/", {
      body: { item: "Laptop", amount: 1200 },
      params: { header: { "Idempotency-Key": key } },
    });
    expect(unwrap(replay).id).toBe(order.id);
    expect(replay.response.headers.get("Idempotent-Replayed")).toBe("true");

    for (let index = 0; index < 4; index++)
      unwrap(await client.api.POST("/orders/", { body: { item: `Item ${index}`, amount: "9.99" } }));
    const pages: Order[][] = [];
    for await (const page of client.orderPages({ limit: 2 })) pages.push(page);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    const everything = await all(client.orderPages({ limit: 2 }));
    expect(everything.map((o) => o.id)).toContain(order.id);
    expect(new Set(everything.map((o) => o.id)).size).toBe(5);

    const read = await client.api.GET("/orders/{id}/", { params: { path: { id: order.id } } });
    const etag = read.response.headers.get("ETag") ?? "";
    expect(etag).toBe('"1"');
    const replaced = unwrap(
      await client.api.PUT("/orders/{id}/", {
        params: { path: { id: order.id }, header: { "If-Match": etag } },
        body: { item: "Gaming laptop", amount: "1500.00" },
      }),
    );
    expect(replaced).toMatchObject({ item: "Gaming laptop", amount: "1500.00" });

    // A stale If-Match: a problem typed by the operation's codes.
    const stale = await client.api.PUT("/orders/{id}/", {
      params: { path: { id: order.id }, header: { "If-Match": etag } },
      body: { item: "Stale", amount: 1 },
    });
    expect(stale.error?.code).toBe("precondition_failed");
    expect(() => unwrap(stale)).toThrow(ApiProblem);

    const canceled = unwrap(
      await client.api.PATCH("/orders/{id}/", { params: { path: { id: order.id } }, body: { status: "Canceled" } }),
    );
    expect(canceled.status).toBe("Canceled");
    const kept = await client.api.DELETE("/orders/{id}/", { params: { path: { id: order.id } } });
    expect(kept.error?.code).toBe("order_not_deletable");

    const pending = everything.find((o) => o.id !== order.id);
    expect(pending).toBeDefined();
    const deleted = await client.api.DELETE("/orders/{id}/", { params: { path: { id: pending?.id ?? "" } } });
    expect(deleted.response.status).toBe(204);
    try {
      unwrap(await client.api.GET("/orders/{id}/", { params: { path: { id: pending?.id ?? "" } } }));
      expect.unreachable("a deleted order was read");
    } catch (error) {
      expect(error).toBeInstanceOf(ApiProblem);
      expect((error as ApiProblem).code).toBe("order_not_found");
      expect((error as ApiProblem).status).toBe(404);
    }

    const refreshed = unwrap(
      await anonymous.api.POST("/token/refresh/", { body: { refresh_token: session.refresh_token } }),
    );
    token = refreshed.token;
    expect(unwrap(await client.api.GET("/me/")).uid).toBe(registered.uid);
    expect((await client.api.POST("/logout/")).response.status).toBe(204);
  });

  it("When a Link header is read, then the next cursor comes out, and none on the last page", () => {
    expect(nextCursor('<?limit=2&cursor=WzEsMiwiYSJd>; rel="next"')).toBe("WzEsMiwiYSJd");
    expect(nextCursor(null)).toBeUndefined();
    expect(nextCursor('<https://x/y>; rel="prev"')).toBeUndefined();
  });

  it("When the client is generated from openapi.yaml again, then nothing changes; a changed document would change it", () => {
    const committed = readFileSync(join(root, "clients/typescript/src/openapi.ts"), "utf8");
    expect(generate(join(root, "openapi.yaml"))).toBe(committed);
    const changed = join(mkdtempSync(join(tmpdir(), "document-")), "openapi.yaml");
    writeFileSync(
      changed,
      readFileSync(join(root, "openapi.yaml"), "utf8").replace("summary: Read one order", "summary: Read an order"),
    );
    expect(generate(changed)).not.toBe(committed);
  });
});
