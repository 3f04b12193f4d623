/** `npm run phone`: a session typed into the script, against the API and the emulator's outbox. */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CALLBACK_TOKEN } from "../support/phone.js";
import { testConfig, useApi } from "../support/server.js";
import { uniquePhoneNumber } from "../support/users.js";

const root = resolve(__dirname, "../../..");

function runPhone(args: string[], keys: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done, reject) => {
    const child = spawn(
      process.execPath,
      [resolve(root, "node_modules/tsx/dist/cli.mjs"), "scripts/phone.ts", ...args],
      {
        cwd: root,
        env: process.env,
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      done({ code, output });
    });
    child.stdin.end(keys);
  });
}

describe("npm run phone", () => {
  const api = useApi(() => ({ config: testConfig({ AT_CALLBACK_TOKEN: CALLBACK_TOKEN }) }));

  it("When a session is typed in, then it shows the screens the gateway would, and the SMS replies from the outbox", async () => {
    const username = `phone_${randomUUID().slice(0, 8)}`;
    const local = uniquePhoneNumber().replace("+254", "0");
    const { code, output } = await runPhone(
      [local, "--api", api.baseUrl, "--token", CALLBACK_TOKEN],
      ["dial", username, "2", "0", "0", "sms status", "quit", ""].join("\n"),
    );
    expect(code, output).toBe(0);
    expect(output).toContain(`Dialing *384*123# from +254${local.slice(1)}`);
    expect(output).toContain("| Welcome to Duka! Register to order.");
    expect(output).toContain(`| Hi ${username}`);
    expect(output).toContain("| You have no orders yet.");
    expect(output).toContain("| Thank you. Goodbye!");
    expect(output).toContain("(session ended)");
    expect(output).toMatch(/Sent "status" to 20880 .*HTTP 200 \{"status":"handled"\}/);
    expect(output).toMatch(/\[SMS \d\d:\d\d:\d\d\] You have no orders yet\./);
  }, 60_000);
});
