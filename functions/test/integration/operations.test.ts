import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { RequestLogEntry } from "../../src/http/request-log.js";
import { client, expectStatus, type Client } from "../support/http.js";
import { startApi, type RunningApi } from "../support/server.js";
import { registerAndLogin } from "../support/users.js";

const root = resolve(__dirname, "../../..");
const readJson = (path: string): unknown => JSON.parse(readFileSync(resolve(root, path), "utf8"));

interface Endpoint {
  region?: string[];
  availableMemoryMb?: number;
  timeoutSeconds?: number;
  concurrency?: number;
  maxInstances?: number;
  httpsTrigger?: object;
  eventTrigger?: { eventType: string; eventFilterPathPatterns?: Record<string, string>; retry: boolean };
  scheduleTrigger?: { schedule: string };
  secretEnvironmentVariables?: { key: string }[];
}

describe("Operations", () => {
  it("When firebase.json is checked against the schema firebase-tools ships, then it is valid", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(readJson("node_modules/firebase-tools/schema/firebase-config.json") as object);
    const valid = validate(readJson("firebase.json"));
    expect(validate.errors ?? [], ajv.errorsText(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it("When the built functions are discovered as a deploy does, then names, triggers and options are as intended", () => {
    const output = join(mkdtempSync(join(tmpdir(), "manifest-")), "functions.json");
    execFileSync(process.execPath, [resolve(root, "node_modules/firebase-functions/lib/bin/firebase-functions.js")], {
      cwd: resolve(root, "functions"),
      env: { ...process.env, FUNCTIONS_MANIFEST_OUTPUT_PATH: output, GCLOUD_PROJECT: "demo-orders" },
      timeout: 60_000,
    });
    const manifest = JSON.parse(readFileSync(output, "utf8")) as {
      endpoints: Record<string, Endpoint>;
      params?: { name: string }[];
    };
    expect(Object.keys(manifest.endpoints).sort()).toEqual([
      "api",
      "sendOrderConfirmation",
      "sendStatusNotification",
      "sweepOrderSms",
    ]);
    const { api, sendOrderConfirmation, sendStatusNotification, sweepOrderSms } = manifest.endpoints;

    expect(api).toMatchObject({
      region: ["us-central1"],
      httpsTrigger: {},
      availableMemoryMb: 512,
      timeoutSeconds: 30,
      concurrency: 80,
      maxInstances: 20,
    });
    // The API holds only the delivery-report callback secret, never the SMS API key.
    expect(api?.secretEnvironmentVariables?.map((s) => s.key)).toEqual(["AT_CALLBACK_TOKEN"]);
    expect(sendStatusNotification).toMatchObject({
      eventTrigger: {
        eventType: "google.cloud.firestore.document.v1.created",
        eventFilterPathPatterns: { document: "users/{uid}/orders/{orderId}/notifications/{notificationId}" },
        retry: true,
      },
    });
    expect(sendStatusNotification?.secretEnvironmentVariables?.map((s) => s.key)).toEqual(["AT_API_KEY"]);

    expect(sendOrderConfirmation).toMatchObject({
      region: ["us-central1"],
      eventTrigger: {
        eventType: "google.cloud.firestore.document.v1.created",
        eventFilterPathPatterns: { document: "users/{uid}/orders/{orderId}" },
        retry: true,
      },
      timeoutSeconds: 60,
    });
    expect(sendOrderConfirmation?.secretEnvironmentVariables?.map((s) => s.key)).toEqual(["AT_API_KEY"]);

    expect(sweepOrderSms).toMatchObject({ scheduleTrigger: { schedule: "every 5 minutes" }, maxInstances: 1 });
    expect(sweepOrderSms?.secretEnvironmentVariables?.map((s) => s.key)).toEqual(["AT_API_KEY"]);

    const params = (manifest.params ?? []).map((param) => param.name).sort();
    expect(params).toEqual(expect.arrayContaining(["AT_API_KEY", "AT_CALLBACK_TOKEN", "AT_SENDER_ID", "AT_USERNAME"]));
  });

  it("When the CI workflow is read, then its test job runs the commands .ci/run runs and deploy waits for it on main", () => {
    const workflow = parse(readFileSync(resolve(root, ".github/workflows/ci.yml"), "utf8")) as {
      on: { pull_request: unknown; push: { branches: string[] } };
      jobs: Record<string, { needs?: string; if?: string; steps: { run?: string; uses?: string }[] }>;
    };
    expect(workflow.on).toHaveProperty("pull_request");
    const testRuns = (workflow.jobs.test?.steps ?? []).flatMap((step) => (step.run ? [step.run] : []));
    const ciScript = readFileSync(resolve(root, ".ci/run"), "utf8");
    for (const command of ["npm ci --no-audit --no-fund", "npm test"]) {
      expect(testRuns).toContain(command);
      expect(ciScript).toContain(command);
    }
    const deploy = workflow.jobs.deploy;
    expect(deploy?.needs).toBe("test");
    expect(deploy?.if).toContain("refs/heads/main");
    expect(deploy?.steps.some((step) => step.run?.startsWith("npm run deploy"))).toBe(true);
    expect(deploy?.steps.some((step) => step.uses?.startsWith("google-github-actions/auth"))).toBe(true);
  });

  describe("Request logs", () => {
    let running: RunningApi;
    let api: Client;
    const entries: RequestLogEntry[] = [];

    beforeAll(async () => {
      running = await startApi({ requestLogWriter: (entry) => entries.push(entry) });
      api = client(running.baseUrl);
    });
    afterAll(() => running.close());

    it("When requests are served, then each gets one log line with route, status, latency, uid and its request id", async () => {
      const user = await registerAndLogin(api);
      entries.length = 0;
      const me = await api.get("/me/", { token: user.token });
      expectStatus(me, 200);
      const missing = await api.get("/orders/nope123/", {
        token: user.token,
        headers: { "X-Request-Id": "trace-abc-123" },
      });
      expectStatus(missing, 404);

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
