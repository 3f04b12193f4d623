/**
 * What teams would generate from openapi.yaml with their own tools: openapi-typescript,
 * @hey-api/openapi-ts and orval each generate without complaint, and with each a strict program
 * compiles that handles codes an operation can answer, and fails to compile where it names a code
 * the operation cannot answer (or sends `{ item: 42 }`): `@ts-expect-error` marks those lines, so
 * the program compiles only if every one of them is an error.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "./support/compile.js";

const root = resolve(import.meta.dirname, "../../..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const document = join(root, "openapi.yaml");

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2022", "DOM", "DOM.Iterable"],
    module: "ESNext",
    moduleResolution: "Bundler",
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  },
};

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}

function sizeOf(dir: string): number {
  return readdirSync(dir).reduce((total, name) => {
    const path = join(dir, name);
    return total + (statSync(path).isDirectory() ? sizeOf(path) : statSync(path).size);
  }, 0);
}

/** A project with the generated code in `generated/` and the program in check.ts, compiled as `tsc -p` does. */
function compile(dir: string, program: string): void {
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ ...TSCONFIG, include: ["check.ts"] }));
  writeFileSync(join(dir, "check.ts"), program);
  compileProject(join(dir, "tsconfig.json"));
}

describe("Clients other teams generate from openapi.yaml", () => {
  let workspace: string;
  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), "generated-clients-"));
  });

  it("When openapi-typescript generates types, then a code an operation cannot answer does not compile", () => {
    const dir = join(workspace, "openapi-typescript");
    mkdirSync(join(dir, "generated"), { recursive: true });
    const output = run(bin("openapi-typescript"), [document, "--output", join(dir, "generated", "openapi.ts")], root);
    expect(output).not.toMatch(/warn/i);
    console.info(`openapi-typescript: ${sizeOf(join(dir, "generated"))} bytes`);
    compile(
      dir,
      `import type { operations } from "./generated/openapi";
type Codes<K extends keyof operations> = {
  [S in keyof operations[K]["responses"]]: operations[K]["responses"][S] extends {
    content: { "application/problem+json": { code?: infer C } };
  }
    ? C
    : never;
}[keyof operations[K]["responses"]];
export const found: Codes<"getOrder"> = "order_not_found";
export const stale: Codes<"updateOrder"> = "precondition_failed";
// @ts-expect-error getOrder cannot answer order_not_editable
export const wrong: Codes<"getOrder"> = "order_not_editable";
// @ts-expect-error no operation answers a made-up code
export const madeUp: Codes<"listOrders"> = "teapot";
type Body = operations["createOrder"]["requestBody"]["content"]["application/json"];
export const body: Body = { item: "Laptop", amount: 1200 };
// @ts-expect-error item is a string
export const numeric: Body = { item: 42, amount: 1200 };
`,
    );
  });

  it("When @hey-api/openapi-ts generates an SDK, then a code an operation cannot answer and { item: 42 } do not compile", () => {
    const dir = join(workspace, "hey-api");
    mkdirSync(dir, { recursive: true });
    const output = run(
      bin("openapi-ts"),
      ["-i", document, "-o", join(dir, "generated"), "-c", "@hey-api/client-fetch", "--no-log-file"],
      dir,
    );
    expect(output).not.toMatch(/warn/i);
    console.info(`@hey-api/openapi-ts: ${sizeOf(join(dir, "generated"))} bytes`);
    compile(
      dir,
      `import { createOrder, getOrder } from "./generated";
import type { CreateOrderData, GetOrderError, UpdateOrderError } from "./generated";
export const found: GetOrderError["code"] = "order_not_found";
export const stale: UpdateOrderError["code"] = "precondition_failed";
// @ts-expect-error getOrder cannot answer order_not_editable
export const wrong: GetOrderError["code"] = "order_not_editable";
export const body: CreateOrderData["body"] = { item: "Laptop", amount: 1200 };
// @ts-expect-error item is a string
export const numeric: CreateOrderData["body"] = { item: 42, amount: 1200 };
export async function flow(id: string): Promise<void> {
  const read = await getOrder({ path: { id } });
  if (read.error) {
    switch (read.error.code) {
      case "order_not_found":
        break;
      // @ts-expect-error getOrder cannot answer order_not_editable
      case "order_not_editable":
        break;
    }
  }
  // @ts-expect-error item is a string
  await createOrder({ body: { item: 42, amount: 1 } });
}
`,
    );
  });

  it("When orval generates a fetch client, then a code an operation cannot answer does not compile", () => {
    const dir = join(workspace, "orval");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "orval.config.cjs"),
      `module.exports = { api: { input: { target: ${JSON.stringify(document)} }, output: { target: "./generated/api.ts", client: "fetch", mode: "single", headers: true } } };`,
    );
    const output = run(bin("orval"), ["--config", "orval.config.cjs"], dir);
    expect(output).not.toMatch(/warn/i);
    console.info(`orval: ${sizeOf(join(dir, "generated"))} bytes`);
    compile(
      dir,
      `import { getOrder, type getOrderResponseError, type updateOrderResponseError } from "./generated/api";
export const found: getOrderResponseError["data"]["code"] = "order_not_found";
export const stale: updateOrderResponseError["data"]["code"] = "precondition_failed";
// @ts-expect-error getOrder cannot answer order_not_editable
export const wrong: getOrderResponseError["data"]["code"] = "order_not_editable";
export async function flow(id: string): Promise<void> {
  const read = await getOrder(id);
  if (read.status === 404) {
    // @ts-expect-error a 404 of getOrder is order_not_found only
    const other: typeof read.data.code = "route_not_found";
    void other;
  }
}
`,
    );
  });

  it("When a program names a code the operation cannot answer without marking it, then it does not compile (the check can fail)", () => {
    const dir = join(workspace, "control");
    mkdirSync(join(dir, "generated"), { recursive: true });
    run(bin("openapi-typescript"), [document, "--output", join(dir, "generated", "openapi.ts")], root);
    expect(() => {
      compile(
        dir,
        `import type { operations } from "./generated/openapi";
export const wrong: operations["getOrder"]["responses"][404]["content"]["application/problem+json"]["code"] = "order_not_editable";
`,
      );
    }).toThrow(/order_not_editable/);
    expect(readFileSync(join(dir, "check.ts"), "utf8")).toContain("order_not_editable");
  });
});
