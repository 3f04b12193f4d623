/**
 * The document's request schemas are exactly as strict as the server: each input's boundary values go
 * to the document (ajv, against the operation's own schema) and to the running API, and both must
 * accept or both refuse. One rule the document cannot state is left out of the values: a phone number
 * must be valid for its country (libphonenumber), which the schema's description says.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { dereference, errorsText, openApiDocument, validatorAt, type JsonObject } from "../support/document.js";
import type { ApiResponse } from "../support/http.js";
import { createOrder } from "../support/orders.js";
import { testConfig, useApi } from "../support/server.js";
import { staffToken } from "../support/staff.js";
import { newUserInput, registerAndLogin, uniquePhoneNumber, type TestUser } from "../support/users.js";

interface Verdict {
  value: unknown;
  document: boolean;
  server: boolean;
  detail: string;
}

/** Whether the server took the input: anything but a refusal of the input itself. */
function accepted(response: ApiResponse): boolean {
  const code = (response.body as { code?: string } | undefined)?.code;
  return (
    !(response.status === 400 && code === "validation_error") &&
    !(response.status === 404 && code === "route_not_found")
  );
}

function bodySchemaPath(path: string, method: string): string[] {
  return ["paths", path, method, "requestBody", "content", "application/json", "schema"];
}

/** The schema path of an operation's parameter, found by name. */
function parameterSchemaPath(path: string, method: string, name: string): string[] {
  const operation = openApiDocument.paths[path]?.[method] as { parameters?: JsonObject[] } | undefined;
  for (const entry of operation?.parameters ?? []) {
    const ref = (entry as { $ref?: string }).$ref ?? "";
    const parameter = dereference(entry) as { name?: string };
    if (parameter.name === name) return [...ref.replace(/^#\//, "").split("/"), "schema"];
  }
  throw new Error(`${method} ${path} has no parameter ${name}`);
}

function mismatches(verdicts: Verdict[]): string[] {
  return verdicts
    .filter((verdict) => verdict.document !== verdict.server)
    .map(
      (verdict) =>
        `${JSON.stringify(verdict.value)}: document ${verdict.document ? "accepts" : "refuses"}, server ${verdict.server ? "accepts" : "refuses"} (${verdict.detail})`,
    );
}

describe("Request schemas as strict as the server", () => {
  const api = useApi(() => ({ config: testConfig() }));
  let user: TestUser;
  beforeAll(async () => {
    user = await registerAndLogin(api);
  });

  /** Sends each body through the API (contract check off: refused inputs are the point) and the document. */
  async function checkBodies(
    path: string,
    method: "post" | "put" | "patch",
    values: unknown[],
    send: (value: unknown) => Promise<ApiResponse>,
  ): Promise<void> {
    const validate = validatorAt(bodySchemaPath(path, method));
    const verdicts: Verdict[] = [];
    for (const value of values) {
      const documentAccepts = validate(value);
      const detail = documentAccepts ? "" : errorsText(validate);
      const response = await send(value);
      verdicts.push({
        value,
        document: documentAccepts,
        server: accepted(response),
        detail: `${detail} | ${response.status} ${response.text.slice(0, 160)}`,
      });
    }
    expect(mismatches(verdicts)).toEqual([]);
    // Both kinds are present, so the comparison can tell them apart.
    expect(new Set(verdicts.map((verdict) => verdict.server))).toEqual(new Set([true, false]));
  }

  it("When order bodies sit on their boundaries, then the document and the server agree on each", async () => {
    const items = [
      "x",
      "x".repeat(255),
      "x".repeat(256),
      "",
      " ",
      "  Laptop  ",
      "a\nb",
      "tab\there",
      "C1\u0085x",
      "Café ☕",
    ];
    const amounts = [
      1,
      0.01,
      99_999_999.99,
      0,
      -1,
      0.001,
      1.005,
      100_000_000,
      "1200",
      "1200.50",
      "0.10",
      "00012.30",
      "0.00",
      "12.345",
      "-5",
      "1e3",
      " 12",
      "1,200",
      "123456789",
      true,
      null,
    ];
    const bodies = [
      ...items.map((item) => ({ item, amount: 1 })),
      ...amounts.map((amount) => ({ item: "Thing", amount })),
      { item: "Thing", amount: 1, order_number: "HACKED", status: "Completed", id: "abc", currency: "KES" },
      { item: "Thing", amount: 1, status: "Shipped" },
      { item: "Thing", amount: 1, discount: 5 },
      { item: "Thing" },
    ];
    await checkBodies("/orders/", "post", bodies, (body) =>
      api.post("/orders/", body, { token: user.token, checkContract: false }),
    );
  });

  it("When a patch sets a status, then only what the owner may set is accepted by both", async () => {
    const order = await createOrder(api, user.token, { item: "Patch target", amount: 1 });
    const bodies = [
      { status: "Canceled" },
      { status: "Completed" },
      { status: "Pending" },
      { status: "canceled" },
      { item: "Renamed" },
      {},
    ];
    await checkBodies("/orders/{id}/", "patch", bodies, (body) =>
      api.patch(`/orders/${order.id}/`, body, { token: user.token, checkContract: false }),
    );
  });

  it("When registrations sit on their boundaries, then the document and the server agree on each", async () => {
    const unique = () => randomUUID().replace(/-/g, "").slice(0, 10);
    const registration = (overrides: Record<string, unknown>) => ({ ...newUserInput(), ...overrides });
    const bodies = [
      registration({ username: `ab` }),
      registration({ username: `a${unique()}`.slice(0, 3) }),
      registration({ username: `u${unique()}${"x".repeat(19)}`.slice(0, 30) }),
      registration({ username: `u${unique()}${"x".repeat(30)}` }),
      registration({ username: "__abc__" }),
      registration({ username: ".dot" }),
      registration({ username: "has space" }),
      registration({ email: `${"e".repeat(242)}${unique()}@x.io` }),
      registration({ email: `${"e".repeat(250)}@x.io` }),
      registration({ email: "not-an-email" }),
      registration({ password: "1234567" }),
      registration({ password: "12345678" }),
      registration({ password: "p".repeat(128) }),
      registration({ password: "p".repeat(129) }),
      registration({ phone_number: uniquePhoneNumber().replace(/^(\+254)(\d{3})(\d{3})(\d{3})$/, "$1 $2 $3-$4") }),
      registration({ phone_number: "0712345678" }),
      registration({ phone_number: "+2547" }),
      registration({ phone_number: `+254 ${"7".repeat(30)}` }),
      registration({ role: "staff" }),
    ];
    await checkBodies("/register/", "post", bodies, (body) => api.post("/register/", body, { checkContract: false }));
  });

  it("When query parameters and headers sit on their boundaries, then the document and the server agree on each", async () => {
    const verdicts: Verdict[] = [];
    const checks: { name: string; values: string[]; send: (value: string) => Promise<ApiResponse> }[] = [
      {
        name: "limit",
        values: ["1", "100", "0", "101", "20.5", "abc", ""],
        send: (value) =>
          api.get(`/orders/?limit=${encodeURIComponent(value)}`, { token: user.token, checkContract: false }),
      },
      {
        name: "status",
        values: ["Pending", "Canceled", "pending", "Shipped"],
        send: (value) => api.get(`/orders/?status=${value}`, { token: user.token, checkContract: false }),
      },
      {
        name: "Idempotency-Key",
        values: ["k", "k".repeat(255), "k".repeat(256), "has space", "ключ"],
        send: (value) =>
          api.post(
            "/orders/",
            { item: "Keyed", amount: 1 },
            { token: user.token, checkContract: false, headers: { "Idempotency-Key": value } },
          ),
      },
    ];
    const operationOf: Record<string, [string, string]> = {
      limit: ["/orders/", "get"],
      status: ["/orders/", "get"],
      "Idempotency-Key": ["/orders/", "post"],
    };
    for (const { name, values, send } of checks) {
      const [path, method] = operationOf[name] ?? ["", ""];
      const validate = validatorAt(parameterSchemaPath(path, method, name), { coerce: true });
      for (const value of values) {
        let response: ApiResponse;
        try {
          response = await send(value);
        } catch {
          // fetch itself refuses a header value outside Latin-1: no client can send it.
          continue;
        }
        const documentAccepts = validate(value);
        verdicts.push({
          value: `${name}=${value}`,
          document: documentAccepts,
          server: accepted(response),
          detail: documentAccepts ? "" : errorsText(validate),
        });
      }
    }
    expect(mismatches(verdicts)).toEqual([]);
  });

  it("When a staff list's window and a verification code sit on their boundaries, then both agree", async () => {
    const staff = await staffToken(api);
    const verdicts: Verdict[] = [];
    const validateFrom = validatorAt(parameterSchemaPath("/staff/orders/", "get", "from"), { coerce: true });
    for (const value of [
      "2024-01-15T00:00:00Z",
      "2024-01-15T00:00:00.123Z",
      "2024-01-15",
      "2024-02-30T00:00:00Z",
      "yesterday",
    ]) {
      const response = await api.get(`/staff/orders/?from=${encodeURIComponent(value)}`, {
        token: staff,
        checkContract: false,
      });
      verdicts.push({
        value: `from=${value}`,
        document: validateFrom(value),
        server: accepted(response),
        detail: String(response.status),
      });
    }
    const validateCode = validatorAt(bodySchemaPath("/me/phone/verify/", "post"));
    for (const code of ["123456", "12345", "1234567", "abcdef", 123456]) {
      const response = await api.post("/me/phone/verify/", { code }, { token: user.token, checkContract: false });
      verdicts.push({
        value: { code },
        document: validateCode({ code }),
        server: accepted(response),
        detail: String(response.status),
      });
    }
    expect(mismatches(verdicts)).toEqual([]);
  });
});
