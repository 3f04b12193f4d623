import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { emulatorEnvironment, JAVA_LOGGING } from "./emulator-suite.js";

const LOGGING_FILE = /-Djava\.util\.logging\.config\.file="([^"]+)"/;

describe("The emulators' Java settings", () => {
  const own = process.env.JAVA_TOOL_OPTIONS;
  afterEach(() => {
    if (own === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = own;
  });

  it("When nothing is set, then the JVM gets the quick compiler and the logging that leaves out the listen channels' warnings", () => {
    delete process.env.JAVA_TOOL_OPTIONS;
    const options = emulatorEnvironment().JAVA_TOOL_OPTIONS ?? "";
    expect(options).toMatch(/^-XX:TieredStopAtLevel=1 -XX:\+UseSerialGC -Djava\.util\.logging\.config\.file=/);
    const file = LOGGING_FILE.exec(options)?.[1] ?? "";
    expect(readFileSync(file, "utf8")).toBe(JAVA_LOGGING);
    expect(JAVA_LOGGING).toContain("com.google.net.webchannel.level=SEVERE");
    // Java itself reads the file named there.
    const java = spawnSync("java", ["-XshowSettings:properties", "-version"], {
      encoding: "utf8",
      env: { ...process.env, JAVA_TOOL_OPTIONS: options },
    });
    expect(java.stderr).toContain(`java.util.logging.config.file = ${file}`);
  });

  it("When a developer set their own options, then they are kept and the logging is added", () => {
    process.env.JAVA_TOOL_OPTIONS = "-Xmx2g";
    expect(emulatorEnvironment().JAVA_TOOL_OPTIONS).toMatch(/^-Xmx2g -Djava\.util\.logging\.config\.file="[^"]+"$/);
  });

  it("When a developer names their own logging file, then it is left as it is", () => {
    process.env.JAVA_TOOL_OPTIONS = "-Djava.util.logging.config.file=/etc/mine.properties";
    expect(emulatorEnvironment().JAVA_TOOL_OPTIONS).toBe("-Djava.util.logging.config.file=/etc/mine.properties");
  });
});
