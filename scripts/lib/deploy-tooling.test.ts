import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { prepareLikeDeploy, REHEARSAL_DEFAULTS } from "./deploy-rehearsal.js";
import { deployProblems, type SecretState } from "./deploy-preflight.js";
import { EXPECTED_FUNCTIONS, functionDifferences } from "./expected-functions.js";
import type { Endpoint } from "./firebase-tools-internals.js";
import { deriveFunctionsLockfile, renderFunctionsLockfile } from "./functions-lockfile.js";
import { hostingRewriteProblems, type HostingConfig } from "./hosting-rewrite.js";

const root = resolve(import.meta.dirname, "../..");
const params = [
  { name: "WEB_API_KEY", secret: false },
  { name: "CURRENCY", secret: false },
  { name: "AT_API_KEY", secret: true },
  { name: "AT_CALLBACK_TOKEN", secret: true },
];
const allSecretsPresent = (): Promise<SecretState> => Promise.resolve("present");

/** A copy of the files the preflight reads, with a functions/.env.<project> of our own. */
function projectCopy(projectEnv: string | undefined): string {
  const copy = mkdtempSync(join(tmpdir(), "preflight-"));
  mkdirSync(join(copy, "functions"));
  for (const file of ["package-lock.json", "functions/package.json", "functions/package-lock.json", "functions/.env"]) {
    copyFileSync(join(root, file), join(copy, file));
  }
  if (projectEnv !== undefined) writeFileSync(join(copy, "functions", ".env.shop-prod"), projectEnv);
  return copy;
}

describe("The functions lockfile", () => {
  it("When it is derived from the root lockfile, then it equals the committed one", () => {
    expect(readFileSync(join(root, "functions/package-lock.json"), "utf8")).toBe(renderFunctionsLockfile(root));
  });

  it("When it is derived, then each production dependency is pinned at the root's version and no dev tool is in it", () => {
    const rootLock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
      packages: Record<string, { version?: string }>;
    };
    const derived = deriveFunctionsLockfile(root).packages;
    for (const name of ["express", "firebase-admin", "firebase-functions", "zod", "africastalking"]) {
      expect(derived[`node_modules/${name}`]?.version).toBe(rootLock.packages[`node_modules/${name}`]?.version);
    }
    for (const devTool of ["vitest", "typescript", "firebase-tools", "@asteasolutions/zod-to-openapi"]) {
      expect(derived[`node_modules/${devTool}`]).toBeUndefined();
    }
  });

  it("When the root lockfile lacks a package the functions need, then derivation refuses", () => {
    const copy = projectCopy(undefined);
    const lock = JSON.parse(readFileSync(join(copy, "package-lock.json"), "utf8")) as {
      packages: Record<string, unknown>;
    };
    delete lock.packages["node_modules/express"];
    writeFileSync(join(copy, "package-lock.json"), JSON.stringify(lock));
    expect(() => deriveFunctionsLockfile(copy)).toThrow(/needs express/);
  });
});

describe("The deploy preflight", () => {
  it("When the target is the emulator's demo project, then it refuses", async () => {
    const problems = await deployProblems({ root, projectId: "demo-orders", params, secretState: allSecretsPresent });
    expect(problems).toEqual([expect.stringMatching(/emulator's demo project/)]);
  });

  it("When a project has no Web API key and no secrets, then each is named with the command that fixes it", async () => {
    const problems = await deployProblems({
      root: projectCopy(undefined),
      projectId: "shop-prod",
      params,
      secretState: (name) => Promise.resolve(name === "AT_API_KEY" ? "missing" : { error: "HTTP Error: 403" }),
    });
    expect(problems).toEqual([
      expect.stringContaining(
        "WEB_API_KEY has no value for shop-prod: add a line WEB_API_KEY=<value> to functions/.env.shop-prod",
      ),
      expect.stringContaining("functions:secrets:set AT_API_KEY --project shop-prod --data-file -"),
      "Could not check the secret AT_CALLBACK_TOKEN in shop-prod: HTTP Error: 403",
    ]);
  });

  it("When every param has a value and every secret exists, then nothing stands in the way", async () => {
    const problems = await deployProblems({
      root: projectCopy("WEB_API_KEY=AIzaSyExample\n"),
      projectId: "shop-prod",
      params,
      secretState: allSecretsPresent,
    });
    expect(problems).toEqual([]);
  });

  it("When the functions lockfile is stale, then it says how to regenerate it", async () => {
    const copy = projectCopy("WEB_API_KEY=AIzaSyExample\n");
    writeFileSync(join(copy, "functions", "package-lock.json"), "{}\n");
    const problems = await deployProblems({
      root: copy,
      projectId: "shop-prod",
      params,
      secretState: allSecretsPresent,
    });
    expect(problems).toEqual([expect.stringContaining("npm run lockfile:functions")]);
  });
});

describe("The deploy rehearsal", () => {
  it("When firebase.json names the decommissioned nodejs20 runtime, then firebase-tools' own check refuses it", async () => {
    const firebaseJson = JSON.parse(readFileSync(join(root, "firebase.json"), "utf8")) as {
      functions: { runtime: string }[];
    };
    for (const codebase of firebaseJson.functions) codebase.runtime = "nodejs20";
    await expect(
      prepareLikeDeploy({ root, ...REHEARSAL_DEFAULTS, firebaseJson, log: () => undefined }),
    ).rejects.toThrow("Runtime Node.js 20 was decommissioned on 2026-10-30");
  });

  it("When a function's options drift from the expected table, then each difference is named", () => {
    const endpoint = (id: string): Endpoint => {
      const expected = EXPECTED_FUNCTIONS[id];
      if (!expected) throw new Error(id);
      return {
        id,
        region: "us-central1",
        platform: expected.platform,
        availableMemoryMb: expected.memoryMb,
        cpu: expected.cpu === "by memory" ? undefined : expected.cpu,
        concurrency: expected.concurrency,
        maxInstances: expected.maxInstances,
        timeoutSeconds: expected.timeoutSeconds,
        secretEnvironmentVariables: expected.secrets.map((key) => ({ key })),
        ...(id === "api" ? { httpsTrigger: {} } : {}),
      };
    };
    const api = { ...endpoint("api"), concurrency: 1, region: "europe-west1" };
    const differences = functionDifferences([api], "us-central1");
    expect(differences).toEqual([
      "api: region europe-west1, expected us-central1",
      "api: concurrency 1, expected 80",
      "sendOrderConfirmation: missing",
      "sendStatusNotification: missing",
      "sendVerificationCode: missing",
      "sendSmsReply: missing",
      "cleanUpDeletedAccount: missing",
      "sweepOrderSms: missing",
    ]);
    expect(functionDifferences([endpoint("api")], "us-central1")).not.toContain(expect.stringMatching(/^api:/));
  });
});

describe("The Hosting rewrite to the API", () => {
  const firebaseJson = JSON.parse(readFileSync(join(root, "firebase.json"), "utf8")) as HostingConfig;
  const deployed = [
    { id: "api", region: "us-central1" },
    { id: "sendOrderConfirmation", region: "us-central1" },
  ];

  it("When firebase.json rewrites /api/** to the api function where it deploys, then nothing is wrong", () => {
    expect(hostingRewriteProblems(firebaseJson, deployed)).toEqual([]);
  });

  it("When the functions deploy to another region than the rewrite names, then the fix is named", () => {
    const elsewhere = deployed.map((fn) => ({ ...fn, region: "europe-west1" }));
    expect(hostingRewriteProblems(firebaseJson, elsewhere)).toEqual([
      'firebase.json: the rewrite of "/api/**" goes to api in us-central1, but it deploys to europe-west1 (FUNCTIONS_REGION): set the rewrite\'s region to europe-west1.',
    ]);
  });

  it("When the rewrite is missing or names no deployed function, then each is named", () => {
    expect(hostingRewriteProblems({ hosting: { rewrites: [] } }, deployed)).toHaveLength(1);
    const renamed = { hosting: { rewrites: [{ source: "/api/**", function: { functionId: "orders" } }] } };
    expect(hostingRewriteProblems(renamed, deployed)).toEqual([
      'firebase.json: the rewrite of "/api/**" names a function "orders" that is not deployed.',
    ]);
  });
});
