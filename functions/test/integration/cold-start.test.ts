/** Loading the deployed entry point must stay light: the api instance never loads the SMS SDK. */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const entry = resolve(__dirname, "../../lib/index.js");

function loadedModules(code: string): string[] {
  const output = execFileSync(process.execPath, ["-e", code], {
    encoding: "utf8",
    env: { ...process.env, GCLOUD_PROJECT: "demo-orders" },
  });
  return JSON.parse(output) as string[];
}

describe("The functions entry point", () => {
  it("When the built entry is loaded, then the africastalking SDK is not", () => {
    const modules = loadedModules(
      `const m = require(${JSON.stringify(entry)}); ` +
        `if (!m.api || !m.sendOrderConfirmation) throw new Error("exports missing"); ` +
        `console.log(JSON.stringify(Object.keys(require.cache)))`,
    );
    expect(modules.some((path) => path.includes("/functions/lib/app.js"))).toBe(true);
    expect(modules.filter((path) => path.includes("/node_modules/africastalking/"))).toEqual([]);
    expect(modules.filter((path) => path.includes("/node_modules/google-libphonenumber/"))).toEqual([]);
  });

  it("When the SMS sender module is loaded on its own, then the check above would see the SDK", () => {
    // Proves the probe can fail: once the SDK is loaded, it shows in the module cache.
    const modules = loadedModules(`require("africastalking"); console.log(JSON.stringify(Object.keys(require.cache)))`);
    expect(modules.some((path) => path.includes("/node_modules/africastalking/"))).toBe(true);
  });
});
