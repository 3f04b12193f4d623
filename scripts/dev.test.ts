/**
 * npm run dev as a developer meets it, in a copy of the project on ports of its own: a saved
 * functions source reaches the running Functions emulator without a restart and the emulators keep
 * their data; a saved web source is what Vite serves next; SIGTERM to npm's own process (as a
 * supervisor sends it, not a terminal's Ctrl-C to the whole group) stops everything it started.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive, startDevSandbox, type DevSandbox } from "./lib/dev-sandbox.js";
import { waitFor } from "../functions/test/support/wait.js";

/** The copy's ports sit this far above the suite's own (and below Linux's ephemeral ports). */
const PORT_OFFSET = 20_000;
const OWNER = { Authorization: "Bearer owner", "Content-Type": "application/json" };

async function header(url: string, name: string): Promise<string | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await response.body?.cancel();
    return response.headers.get(name);
  } catch {
    return null;
  }
}

async function text(url: string): Promise<string> {
  try {
    return await (await fetch(url, { signal: AbortSignal.timeout(10_000) })).text();
  } catch {
    return "";
  }
}

describe("npm run dev", () => {
  let dev: DevSandbox | undefined;
  const running = (): DevSandbox => {
    if (!dev) throw new Error("npm run dev did not start");
    return dev;
  };

  beforeAll(async () => {
    dev = await startDevSandbox(PORT_OFFSET);
  }, 240_000);

  afterAll(() => {
    if (!dev) return;
    for (const pid of dev.descendants()) process.kill(pid, "SIGKILL");
    dev.remove();
  });

  it("When a functions source is saved, then the running emulator answers with the new code and the data is kept", async () => {
    const { settings, edit, output } = running();
    const document = `http://${settings.firestoreHost}/v1/projects/${settings.projectId}/databases/(default)/documents/dev_loop/kept`;
    const written = await fetch(document, {
      method: "PATCH",
      headers: OWNER,
      body: JSON.stringify({ fields: { note: { stringValue: "written before the reload" } } }),
    });
    expect(written.status).toBe(200);

    const marker = `reloaded-${String(Date.now())}`;
    edit(
      "functions/src/app.ts",
      'app.disable("x-powered-by");',
      `app.disable("x-powered-by");\n  app.use((_request, response, next) => {\n    response.setHeader("X-Dev-Loop", "${marker}");\n    next();\n  });`,
    );
    const seen = await waitFor(
      () => header(`${settings.apiBaseUrl}/health/`, "x-dev-loop"),
      (value) => value === marker,
      120_000,
    );
    expect(seen).toBe(marker);

    const kept = (await (await fetch(document, { headers: OWNER })).json()) as {
      fields?: { note?: { stringValue?: string } };
    };
    expect(kept.fields?.note?.stringValue).toBe("written before the reload");
    // One start of the suite: the new code came without a restart.
    expect(output().match(/All emulators ready/g)).toHaveLength(1);
  }, 180_000);

  it("When a web source is saved, then Vite's dev server serves the new module, and /api as Hosting does", async () => {
    const { liveWebUrl, edit } = running();
    const marker = `dev-loop-${String(Date.now())}`;
    const opening = "/**\n * What to show a person for a failed request:";
    edit("web/src/problems.ts", opening, `export const DEV_LOOP_MARKER = "${marker}";\n${opening}`);
    const served = await waitFor(
      () => text(`${liveWebUrl}/src/problems.ts`),
      (source) => source.includes(marker),
      60_000,
    );
    expect(served).toContain(marker);
    expect(await text(`${liveWebUrl}/api/health/`)).toBe('{"status":"ok"}');
  }, 90_000);

  it("When npm's own process gets SIGTERM, then every process it started stops", async () => {
    const sandbox = running();
    const started = sandbox.descendants();
    // npm's shell replaced by Node, firebase-tools, its Java and workers, esbuild.
    expect(started.length).toBeGreaterThanOrEqual(4);
    sandbox.process.kill("SIGTERM");
    await sandbox.exited;
    const left = await waitFor(
      () => Promise.resolve(started.filter(isAlive)),
      (alive) => alive.length === 0,
      30_000,
    );
    expect(left).toEqual([]);
  }, 60_000);
});
