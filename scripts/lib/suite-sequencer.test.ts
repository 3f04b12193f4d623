/** The files the suite starts first are files the suite has: a renamed one would silently start late. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { STARTS_FIRST } from "./suite-sequencer.js";

const root = resolve(import.meta.dirname, "..", "..");

describe("The suite's start order", () => {
  it("When the sequencer names a file to start first, then that test file exists", () => {
    expect(STARTS_FIRST.length).toBeGreaterThan(0);
    expect(STARTS_FIRST.filter((path) => !existsSync(resolve(root, path)))).toEqual([]);
  });
});
