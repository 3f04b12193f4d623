import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildWrapperJar, findLocalEmulators, parseJavaVersion, readStoredZipEntry } from "./firestore-emulator.js";

describe("The Firestore emulator launcher", () => {
  it("When a wrapper jar is built, then its manifest names the main class and the SDK jar", () => {
    const dir = mkdtempSync(join(tmpdir(), "wrapper-"));
    const sdkJar = join(dir, "cloud-firestore-emulator.jar");
    writeFileSync(sdkJar, "not really a jar");
    const wrapper = buildWrapperJar(sdkJar, join(dir, "cache"));
    const manifest = readStoredZipEntry(wrapper).replace(/\r\n /g, "");
    expect(manifest).toContain("Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore");
    expect(manifest).toContain(`Class-Path: ${sdkJar}`);
    for (const line of readStoredZipEntry(wrapper).split("\r\n"))
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(72);
    // Built once per SDK jar: the second call reuses the file.
    expect(buildWrapperJar(sdkJar, join(dir, "cache"))).toBe(wrapper);
  });

  it("When FIRESTORE_EMULATOR_JAR points nowhere, then the error says so", () => {
    expect(() => findLocalEmulators({ FIRESTORE_EMULATOR_JAR: "/nope/emulator.jar" })).toThrow(/does not exist/);
  });

  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "21" 2023-09-19', 21],
    ["nothing useful", undefined],
  ])("When java -version prints %j, then the major version is %j", (text, major) => {
    expect(parseJavaVersion(text)).toBe(major);
  });
});
