import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { RequestLogEntry } from "../../src/http/request-log.js";
import { expectStatus } from "../support/http.js";
import { capturingLog, type LogLine, useApi } from "../support/server.js";
import { registerAndLogin } from "../support/users.js";

const root = resolve(__dirname, "../../..");
const readJson = (path: string): unknown => JSON.parse(readFileSync(resolve(root, path), "utf8"));

describe("Operations", () => {
  it("When firebase.json is checked against the schema firebase-tools ships, then it is valid", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(readJson("node_modules/firebase-tools/schema/firebase-config.json") as object);
    const valid = validate(readJson("firebase.json"));
    expect(validate.errors ?? [], ajv.errorsText(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it("When the CI workflow is read, then its test job runs the commands .ci/run runs and deploy waits for it on main", () => {
    const workflow = parse(readFileSync(resolve(root, ".github/workflows/ci.yml"), "utf8")) as {
      on: { pull_request: unknown; push: { branches: string[] } };
      concurrency?: unknown;
      jobs: Record<
        string,
        {
          needs?: string;
          if?: string;
          concurrency?: { group: string; "cancel-in-progress": boolean };
          steps: { run?: string; uses?: string; with?: Record<string, unknown> }[];
        }
      >;
    };
    expect(workflow.on).toHaveProperty("pull_request");
    const testRuns = (workflow.jobs.test?.steps ?? []).flatMap((step) => (step.run ? [step.run] : []));
    const ciScript = readFileSync(resolve(root, ".ci/run"), "utf8");
    for (const command of ["npm ci --no-audit --no-fund", "npm test"]) {
      expect(testRuns).toContain(command);
      expect(ciScript).toContain(command);
    }
    const deploy = workflow.jobs.deploy;
    // A newer push cancels stale tests, never a deploy half way.
    expect(workflow.concurrency).toBeUndefined();
    expect(workflow.jobs.test?.concurrency?.["cancel-in-progress"]).toBe(true);
    expect(deploy?.concurrency?.["cancel-in-progress"]).toBe(false);
    for (const job of [workflow.jobs.test, deploy]) {
      const setupNode = job?.steps.find((step) => step.uses?.startsWith("actions/setup-node"));
      expect(setupNode?.with?.["node-version-file"]).toBe(".nvmrc");
    }
    expect(readFileSync(resolve(root, ".nvmrc"), "utf8").trim()).toBe("22");
    expect(deploy?.needs).toBe("test");
    expect(deploy?.if).toContain("refs/heads/main");
    expect(deploy?.steps.some((step) => step.run?.startsWith("npm run deploy"))).toBe(true);
    expect(deploy?.steps.some((step) => step.uses?.startsWith("google-github-actions/auth"))).toBe(true);
  });

  describe("Request logs", () => {
    const api = useApi(() => ({ log: capturingLog(lines) }));
    const lines: LogLine[] = [];
    const requestEntries = () =>
      lines.filter((line) => line.message === "request").map((line) => line.fields as unknown as RequestLogEntry);

    it("When requests are served, then each gets one log line with route, status, latency, uid and its request id", async () => {
      const user = await registerAndLogin(api);
      lines.length = 0;
      const me = await api.get("/me/", { token: user.token });
      expectStatus(me, 200);
      const missing = await api.get("/orders/nope123/", {
        token: user.token,
        headers: { "X-Request-Id": "trace-abc-123" },
      });
      expectStatus(missing, 404);

      const entries = requestEntries();
      expect(entries).toHaveLength(2);
      const [first, second] = entries;
      expect(first).toMatchObject({ method: "GET", route: "/me", status: 200, uid: user.uid });
      expect(first?.requestId).toBe(me.headers.get("x-request-id"));
      expect(first?.latencyMs).toBeGreaterThan(0);
      expect(second).toMatchObject({ route: "/orders/:id", status: 404, requestId: "trace-abc-123" });
      expect(missing.headers.get("x-request-id")).toBe("trace-abc-123");
      expect(JSON.stringify(entries)).not.toContain(user.token);
    });
  });
});
