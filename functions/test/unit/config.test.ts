import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  EMULATOR_PLACEHOLDER_SECRET,
  loadConfig,
  loadSmsSettings,
  SETTINGS,
} from "../../src/config.js";
import { checkStartupConfiguration, FUNCTION_GROUPS } from "../../src/startup-check.js";

const root = resolve(__dirname, "../../..");

const apiEnv = {
  GCLOUD_PROJECT: "orders-prod",
  WEB_API_KEY: "AIzaSyExample",
  AT_CALLBACK_TOKEN: "a-long-random-callback-token",
};

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe("Configuration", () => {
  it("When only the required values are given, then every other setting takes its declared default", () => {
    const config = loadConfig(apiEnv);
    expect(config).toMatchObject({
      projectId: "orders-prod",
      webApiKey: "AIzaSyExample",
      currency: "KES",
      upstreamTimeoutMs: 5000,
      requestDeadlineMs: 15000,
      corsOrigins: [],
      callbackTokens: ["a-long-random-callback-token"],
      rateLimits: { loginPerMinute: 60, loginPerAccount: 10, registerPerMinute: 20, ordersPerHour: 60 },
      clientAddress: {
        header: "Fastly-Client-IP",
        trustedProxyRanges: expect.arrayContaining(["151.101.0.0/16", "2a04:4e40::/32"]),
      },
      verification: {
        codesPerNumberPerHour: 3,
        codesPerAccountPerHour: 5,
        codesPerClientPerHour: 20,
        codeTtlMinutes: 10,
        codeMaxAttempts: 5,
      },
      emulator: false,
    });
  });

  it("When the Web API key is missing outside the emulator, then loading fails and names it (no demo default)", () => {
    expect(problemsOf(() => loadConfig({ ...apiEnv, WEB_API_KEY: undefined }))).toEqual(["WEB_API_KEY is missing"]);
    expect(problemsOf(() => loadConfig({ ...apiEnv, WEB_API_KEY: "  " }))[0]).toMatch(/^WEB_API_KEY is required/);
  });

  it("When several values are wrong, then every problem is named at once", () => {
    const problems = problemsOf(() =>
      loadConfig({ ...apiEnv, CURRENCY: "shillings", UPSTREAM_TIMEOUT_MS: "-5", REQUEST_DEADLINE_MS: "soon" }),
    );
    expect(problems).toEqual([
      "CURRENCY must be an ISO 4217 code such as KES",
      "UPSTREAM_TIMEOUT_MS must be a whole number greater than 0",
      "REQUEST_DEADLINE_MS must be a whole number greater than 0",
    ]);
  });

  it("When SMS go to Africa's Talking, then its username and a real API key are required", () => {
    const problems = problemsOf(() =>
      loadSmsSettings({ SMS_PROVIDER: "africastalking", AT_USERNAME: "", AT_API_KEY: EMULATOR_PLACEHOLDER_SECRET }),
    );
    expect(problems).toEqual([
      "AT_USERNAME is required when SMS_PROVIDER is africastalking",
      "AT_API_KEY (a secret) is required when SMS_PROVIDER is africastalking",
    ]);
    const budget = {
      accountPerHour: 10,
      accountPerDay: 40,
      numberPerHour: 10,
      numberPerDay: 40,
      projectPerDay: 5000,
      codesPerDay: 1000,
      shopAlertsPerDay: 200,
      repliesPerDay: 500,
      repliesPerNumberPerDay: 10,
      warnPercent: 80,
    };
    const destinations = { defaultRegion: "KE", allowedRegions: ["KE"] };
    const timeZone = "Africa/Nairobi";
    expect(loadSmsSettings({ AT_USERNAME: "shop", AT_API_KEY: "key", AT_SENDER_ID: "" })).toEqual({
      provider: "africastalking",
      username: "shop",
      apiKey: "key",
      senderId: undefined,
      timeoutMs: 5000,
      budget,
      destinations,
      timeZone,
    });
    expect(loadSmsSettings({ SMS_PROVIDER: "outbox", AT_API_KEY: EMULATOR_PLACEHOLDER_SECRET })).toEqual({
      provider: "outbox",
      timeoutMs: 5000,
      budget,
      destinations,
      timeZone,
    });
    expect(
      problemsOf(() => loadSmsSettings({ AT_USERNAME: "shop", AT_API_KEY: "k", SMS_BUDGET_PROJECT_PER_DAY: "0" })),
    ).toEqual(["SMS_BUDGET_PROJECT_PER_DAY must be a whole number greater than 0"]);
    expect(problemsOf(() => loadSmsSettings({ SMS_PROVIDER: "pigeon", AT_API_KEY: "k" }))).toEqual([
      "SMS_PROVIDER must be one of africastalking, outbox",
    ]);
  });

  it("When the shop's time zone and alert numbers are set, then they are read, and wrong ones are named", () => {
    expect(loadConfig(apiEnv)).toMatchObject({ shop: { timeZone: "Africa/Nairobi" }, shopAlertNumbers: [] });
    expect(
      loadConfig({ ...apiEnv, SHOP_TIME_ZONE: " Europe/London ", SHOP_ALERT_NUMBERS: "+254712345678, +254733000111" }),
    ).toMatchObject({ shop: { timeZone: "Europe/London" }, shopAlertNumbers: ["+254712345678", "+254733000111"] });
    expect(loadSmsSettings({ SMS_PROVIDER: "outbox", AT_API_KEY: "k", SHOP_TIME_ZONE: "Asia/Kolkata" }).timeZone).toBe(
      "Asia/Kolkata",
    );
    expect(
      problemsOf(() => loadConfig({ ...apiEnv, SHOP_TIME_ZONE: "Nairobi", SHOP_ALERT_NUMBERS: "0712345678" })),
    ).toEqual([
      "SHOP_TIME_ZONE must be an IANA time zone such as Africa/Nairobi",
      "SHOP_ALERT_NUMBERS has 0712345678, which is not an E.164 number (+254712345678)",
    ]);
    expect(problemsOf(() => loadSmsSettings({ SMS_PROVIDER: "outbox", AT_API_KEY: "k", SHOP_TIME_ZONE: " " }))).toEqual(
      ["SHOP_TIME_ZONE must be an IANA time zone such as Africa/Nairobi"],
    );
  });

  it("When an instance starts, then it checks only its own function's settings, and discovery checks nothing", () => {
    expect(() => {
      checkStartupConfiguration({ FUNCTION_TARGET: "api", GCLOUD_PROJECT: "p", AT_CALLBACK_TOKEN: "t" });
    }).toThrow(/WEB_API_KEY is missing/);
    // The SMS functions do not need the Web API key.
    expect(() => {
      checkStartupConfiguration({ FUNCTION_TARGET: "sendOrderConfirmation", AT_USERNAME: "shop", AT_API_KEY: "k" });
    }).not.toThrow();
    expect(() => {
      checkStartupConfiguration({ FUNCTION_TARGET: "sweepOrderSms", AT_API_KEY: "k" });
    }).toThrow(/AT_USERNAME is required/);
    expect(() => {
      checkStartupConfiguration({ FUNCTION_TARGET: "api", FUNCTIONS_CONTROL_API: "true" });
    }).not.toThrow();
    // The account cleanup reads no setting.
    expect(Object.keys(FUNCTION_GROUPS).sort()).toEqual([
      "api",
      "sendOrderConfirmation",
      "sendSmsReply",
      "sendStatusNotification",
      "sendVerificationCode",
      "sweepOrderSms",
    ]);
  });

  it("When functions/.env is read, then it holds every setting with a default, at that default, and no secret", () => {
    const committed = new Map<string, string>();
    for (const line of readFileSync(resolve(root, "functions/.env"), "utf8").split("\n")) {
      const match = /^([A-Z_0-9]+)=(.*)$/.exec(line);
      if (match?.[1]) committed.set(match[1], match[2] ?? "");
    }
    const declared = new Map<string, string>([["FUNCTIONS_REGION", "us-central1"]]);
    for (const setting of Object.values(SETTINGS)) {
      if (setting.default !== undefined) declared.set(setting.name, setting.default);
    }
    expect(Object.fromEntries(committed)).toEqual(Object.fromEntries(declared));
    expect(committed.has("WEB_API_KEY")).toBe(false);
    expect(committed.has("AT_API_KEY")).toBe(false);
  });
});
