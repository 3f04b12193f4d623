/**
 * The curl sessions of the README and of docs/, run as written against the Functions emulator, so
 * that the commands a reader copies cannot drift from the API.
 */
import { describe, expect, it } from "vitest";
import { runSession, sessionBlocks } from "../support/doc-sessions.js";

describe("The README's first session", () => {
  const blocks = sessionBlocks("README.md");

  it("When the README sets its base URL, then it is where the launcher serves the api function", () => {
    expect(blocks[0]).toContain(`BASE=${String(process.env.API_BASE_URL)} `);
  });

  it("When its blocks run in order, then every step answers what the README says", { timeout: 150_000 }, async () => {
    const run = await runSession(blocks, 140_000);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toBe('{"status":"ok"}');
    expect(JSON.parse(lines[1] ?? "")).toMatchObject({ username: "alice", phone_number: "+254722123456" });
    expect(JSON.parse(lines[2] ?? "")).toMatchObject({ username: "alice", phone_verified: false });
    expect(JSON.parse(lines[3] ?? "")).toMatchObject({ phone_number: "+254722123456" });
    expect(lines.slice(4, 10)).toEqual([
      "true", // Another test may order the same item in the same second: the number then has a suffix.
      expect.stringMatching(/^LA\d{14}(-[2-9A-HJ-NP-Z]{4})?$/),
      "1",
      "1500.00",
      "412",
      "outbox",
    ]);
    expect(run.stdout).toMatch(
      /to \+254722123456 {2}\[.+-confirmation\]\n {2}Dear alice, your order #LA\d{14}(?:-[2-9A-HJ-NP-Z]{4})? for (?:Gaming laptop|Laptop) amounting to (?:1500|1200)\.00/,
    );
    expect(lines.slice(-5)).toEqual([
      expect.stringMatching(/^Granted the staff role to alice@example\.com \(.+\) in demo-orders \(emulator\)\.$/),
      "Completed",
      "204",
      "401",
      "401",
    ]);
  });
});

// The sessions' names (alice, bob, carol, ada, the 0722 123 45x numbers, the millet flour) appear in no
// other test, and none of them is in the seeded demo catalogue, so they share the suite's emulators safely.
describe("The API page's session (docs/api.md)", () => {
  it(
    "When its blocks run in order, then the catalogue, conditions and paging answer as the page says",
    { timeout: 150_000 },
    async () => {
      const run = await runSession(sessionBlocks("docs/api.md"), 140_000);
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout.trim().split("\n")).toEqual([
        expect.stringMatching(/^Granted the staff role to bob@example\.com \(.+\) in demo-orders \(emulator\)\.$/),
        "true",
        "320.00",
        "true",
        "1",
        "out_of_stock",
        "Canceled",
        "3",
        "409",
        "204",
        "Pending",
        "Canceled",
        "profile_incomplete",
        "false",
      ]);
    },
  );
});
