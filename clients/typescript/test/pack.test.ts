/**
 * The client as a package: `npm pack` makes a tarball of ESM JavaScript with type declarations; a
 * fresh project outside the repository installs it (offline: its one dependency comes packed from
 * the installed copy), type-checks a program against it and runs that program against the API.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { promisify } from "node:util";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "./support/compile.js";
import { startApi, type RunningApi } from "../../../functions/test/support/server.js";
import { newUserInput } from "../../../functions/test/support/users.js";

const here = resolve(import.meta.dirname, "..");
const root = resolve(here, "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: "pipe", env: { ...process.env, ...env } });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}

const PROGRAM = `import { API_VERSION, createClient, isProblem, sessionTokens, type Order } from "@customer-orders/client";

const baseUrl = process.env.API_BASE_URL ?? "";
const [username, email, password, phone_number] = JSON.parse(process.env.ACCOUNT ?? "[]") as string[];

const anonymous = createClient({ baseUrl });
await anonymous.register({ username, email, password, phone_number });
const session = await anonymous.login({ email, password });
const client = createClient({ baseUrl, token: sessionTokens(session, { baseUrl }) });

const created: Order = await client.orders.create({ item: "Laptop", amount: 1200 });
const listed: string[] = [];
for await (const order of client.orders.list({ limit: 1 })) listed.push(order.id);
let code = "none";
try {
  await client.orders.get("missing");
} catch (error) {
  if (!isProblem(error, client.orders.get)) throw error;
  switch (error.code) {
    case "order_not_found":
      code = error.code;
      break;
    // @ts-expect-error getOrder cannot answer order_not_editable
    case "order_not_editable":
      break;
  }
}
// @ts-expect-error item is a string
void (() => client.orders.create({ item: 42, amount: 1 }));
console.log(JSON.stringify({ version: API_VERSION, created: created.amount, listed, code }));
`;

describe("The client as a package", () => {
  let running: RunningApi;
  let work: string;
  beforeAll(async () => {
    running = await startApi();
    work = mkdtempSync(join(tmpdir(), "client-pack-"));
  });
  afterAll(() => running.close());

  it("When npm pack makes the tarball, then it holds ESM JavaScript, declarations, the README and no sources or tests", () => {
    run(npm, ["pack", "--pack-destination", work, "--silent"], here);
    const tarball = readdirSync(work).find((name) => name.startsWith("customer-orders-client-"));
    expect(tarball).toBeDefined();
    const files = run("tar", ["-tzf", join(work, tarball ?? "")], work)
      .trim()
      .split("\n")
      .sort();
    expect(files).toContain("package/dist/index.js");
    expect(files).toContain("package/dist/index.d.ts");
    expect(files).toContain("package/README.md");
    expect(
      files.filter((file) => /\/(src|test|scripts)\//.test(file) || (file.endsWith(".ts") && !file.endsWith(".d.ts"))),
    ).toEqual([]);
  }, 120_000);

  it("When a fresh project installs the tarball offline, then its program type-checks and runs against the API", async () => {
    const tarballs = readdirSync(work).filter((name) => name.endsWith(".tgz"));
    // The client's dependency, packed from the installed copy: the install reaches no registry.
    for (const dependency of ["openapi-fetch", "openapi-typescript-helpers"])
      run(npm, ["pack", join(root, "node_modules", dependency), "--pack-destination", work, "--silent"], work);
    const project = join(work, "fresh");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "fresh", private: true, type: "module" }));
    const packed = readdirSync(work).filter((name) => name.endsWith(".tgz"));
    expect(packed.length).toBe(tarballs.length + 2);
    run(npm, ["install", "--offline", "--no-audit", "--no-fund", ...packed.map((name) => join(work, name))], project);
    writeFileSync(join(project, "main.ts"), PROGRAM);
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2022", "DOM", "DOM.Iterable"],
          types: [],
          strict: true,
          outDir: "out",
        },
        files: ["main.ts", "process.d.ts"],
      }),
    );
    // The program reads two variables; the fresh project has no @types/node.
    writeFileSync(
      join(project, "process.d.ts"),
      "declare const process: { env: Record<string, string | undefined> };\n",
    );
    compileProject(join(project, "tsconfig.json"));
    const input = newUserInput();
    // Asynchronously: the API it calls is served by this process.
    const { stdout } = await promisify(execFile)(process.execPath, [join(project, "out", "main.js")], {
      cwd: project,
      env: {
        ...process.env,
        API_BASE_URL: running.baseUrl,
        ACCOUNT: JSON.stringify([input.username, input.email, input.password, input.phone_number]),
      },
    });
    const result = JSON.parse(stdout.trim()) as { version: string; created: string; listed: string[]; code: string };
    const manifest = JSON.parse(readFileSync(join(here, "package.json"), "utf8")) as { version: string };
    expect(result).toMatchObject({ version: manifest.version, created: "1200.00", code: "order_not_found" });
    expect(result.listed).toHaveLength(1);
  }, 120_000);
});
