/**
 * Loading the deployed entry point must stay light: an instance loads the definitions of the function
 * it runs and no other, the api instance never loads the SMS SDK, and the bundled code reads no
 * modules of its own from disk.
 */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const entry = resolve(__dirname, "../../lib/index.js");

interface Loaded {
  exports: string[];
  modules: string[];
}

function load(target: string | undefined, code = `require(${JSON.stringify(entry)})`): Loaded {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GCLOUD_PROJECT: "demo-orders",
    WEB_API_KEY: "a-web-api-key",
    AT_CALLBACK_TOKEN: "a-callback-token",
    AT_API_KEY: "an-api-key",
    SMS_PROVIDER: "outbox",
  };
  delete env.FUNCTION_TARGET;
  if (target) env.FUNCTION_TARGET = target;
  const output = execFileSync(
    process.execPath,
    [
      "-e",
      `const m = ${code}; console.log(JSON.stringify({ ` +
        `exports: Object.keys(m).filter((name) => m[name] !== undefined).sort(), ` +
        `modules: Object.keys(require.cache) }))`,
    ],
    { encoding: "utf8", env },
  );
  return JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as Loaded;
}

const from = (loaded: Loaded, part: string) => loaded.modules.filter((path) => path.includes(part));

describe("The functions entry point", () => {
  it("When firebase-tools loads it (no target), then every function is defined", () => {
    expect(load(undefined).exports).toEqual([
      "api",
      "cleanUpDeletedAccount",
      "sendOrderConfirmation",
      "sendSmsReply",
      "sendStatusNotification",
      "sendVerificationCode",
      "sweepOrderSms",
    ]);
  });

  it("When the api instance loads it, then only api is defined and no trigger provider or SDK is loaded", () => {
    const loaded = load("api");
    expect(loaded.exports).toEqual(["api"]);
    expect(from(loaded, "/node_modules/firebase-functions/lib/v1/")).toEqual([]);
    expect(from(loaded, "/node_modules/firebase-functions/lib/v2/providers/firestore")).toEqual([]);
    expect(from(loaded, "/node_modules/firebase-functions/lib/v2/providers/scheduler")).toEqual([]);
    expect(from(loaded, "/node_modules/africastalking/")).toEqual([]);
    expect(from(loaded, "/node_modules/libphonenumber-js/")).toEqual([]);
    // zod and this project's modules are in the bundle, not read one file at a time.
    expect(from(loaded, "/node_modules/zod/")).toEqual([]);
    expect(from(loaded, "/functions/lib/").map((path) => path.slice(path.indexOf("/functions/lib/")))).toEqual([
      "/functions/lib/index.js",
      "/functions/lib/entry-points/api.js",
    ]);
  });

  it("When an SMS trigger's instance loads it, then only that trigger is defined, without the HTTPS or v1 modules", () => {
    const loaded = load("sendOrderConfirmation");
    expect(loaded.exports).toEqual(["sendOrderConfirmation"]);
    expect(from(loaded, "/node_modules/firebase-functions/lib/v1/")).toEqual([]);
    expect(from(loaded, "/node_modules/firebase-functions/lib/v2/providers/https")).toEqual([]);
    expect(from(loaded, "/node_modules/africastalking/")).toEqual([]);
  });

  it("When the probe loads the SDK itself, then it sees it (the checks above can fail)", () => {
    const loaded = load("api", `(require("africastalking"), require("zod"), {})`);
    expect(from(loaded, "/node_modules/africastalking/").length).toBeGreaterThan(0);
    expect(from(loaded, "/node_modules/zod/").length).toBeGreaterThan(0);
  });
});
