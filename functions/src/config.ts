/**
 * Each function's configuration, typed from the settings it reads (config/settings.ts declares
 * them). A configuration is a plain function of a reader: its type is what it returns, with no cast,
 * and the settings a function uses are whatever its configuration reads. Reading collects every
 * problem before failing, so one start names them all; an instance reads its configuration once.
 */
import { defineString } from "firebase-functions/params";
import type { Setting } from "./config/setting.js";
import { SETTINGS } from "./config/settings.js";

export { SETTINGS };

/** The region every function is deployed to; see docs for choosing it with Firestore's location. */
export const functionsRegion = defineString("FUNCTIONS_REGION", {
  default: "us-central1",
  description: "Region of every function; pick the one nearest your customers that also hosts your Firestore database.",
});

/** Secrets live in Cloud Secret Manager; each function binds only those it reads. */
export const atApiKey = SETTINGS.atApiKey.param;
export const atCallbackToken = SETTINGS.atCallbackToken.param;

/** The emulator launcher's stand-in for secrets, so the emulator does not ask Secret Manager. */
export const EMULATOR_PLACEHOLDER_SECRET = "not-set-in-the-emulator";

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration incomplete: ${problems.join("; ")}`);
    this.name = "ConfigurationError";
  }
}

export function isEmulator(env: NodeJS.ProcessEnv): boolean {
  return env.FUNCTIONS_EMULATOR === "true";
}

interface Reading {
  read: <T>(setting: Setting<T>) => T;
  /** A problem no single setting's parser can see (two settings that must agree, say). */
  problem: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** A secret the emulator launcher left as a placeholder counts as not set. */
function realSecret(value: string): string {
  return value === EMULATOR_PLACEHOLDER_SECRET ? "" : value;
}

const BODY_LIMIT_BYTES = 16 * 1024;

function smsBudget(read: Reading["read"]) {
  return {
    accountPerHour: read(SETTINGS.budgetAccountPerHour),
    accountPerDay: read(SETTINGS.budgetAccountPerDay),
    numberPerHour: read(SETTINGS.budgetNumberPerHour),
    numberPerDay: read(SETTINGS.budgetNumberPerDay),
    projectPerDay: read(SETTINGS.budgetProjectPerDay),
    codesPerDay: read(SETTINGS.budgetCodesPerDay),
    shopAlertsPerDay: read(SETTINGS.budgetShopAlertsPerDay),
    repliesPerDay: read(SETTINGS.budgetRepliesPerDay),
    repliesPerNumberPerDay: read(SETTINGS.budgetRepliesPerNumberPerDay),
    warnPercent: read(SETTINGS.budgetWarnPercent),
  };
}

function phonePolicy(read: Reading["read"]) {
  return { defaultRegion: read(SETTINGS.phoneDefaultRegion), allowedRegions: read(SETTINGS.smsAllowedRegions) };
}

function apiConfiguration({ read, problem, env }: Reading) {
  const projectId = env.GCLOUD_PROJECT ?? env.GOOGLE_CLOUD_PROJECT ?? "";
  if (projectId === "") problem("GCLOUD_PROJECT (the Firebase project id) is missing");
  return {
    projectId,
    region: (env.FUNCTIONS_REGION ?? "").trim() || "us-central1",
    /** The Firebase Web API key, used for the Identity Toolkit REST calls (it is not a secret). */
    webApiKey: read(SETTINGS.webApiKey),
    currency: read(SETTINGS.currency),
    /** Whether free-text orders are still taken beside orders from the catalogue. */
    ordering: read(SETTINGS.ordering),
    /** Set when the Auth emulator should be used instead of Google's endpoints. */
    authEmulatorHost: env.FIREBASE_AUTH_EMULATOR_HOST,
    /** True in the Functions emulator, where the served document and URLs name the emulator's paths. */
    emulator: isEmulator(env),
    upstreamTimeoutMs: read(SETTINGS.upstreamTimeoutMs),
    /** After this, a request that has not been answered gets a 503 (kept below the function timeout). */
    requestDeadlineMs: read(SETTINGS.requestDeadlineMs),
    bodyLimitBytes: BODY_LIMIT_BYTES,
    corsOrigins: read(SETTINGS.corsOrigins),
    /**
     * The secret path segments of the callback URLs: AT_CALLBACK_TOKEN, comma separated while a token
     * is being rotated (see http/callback-token.ts); none refuses every callback.
     */
    callbackTokens: realSecret(read(SETTINGS.atCallbackToken))
      .split(",")
      .map((token) => token.trim())
      .filter((token) => token !== ""),
    /** Counted in Firestore, so shared by all instances. */
    rateLimits: {
      loginPerMinute: read(SETTINGS.loginPerMinute),
      loginPerAccount: read(SETTINGS.loginPerAccount),
      loginPerAccountAnyAddress: read(SETTINGS.loginPerAccountAnyAddress),
      registerPerMinute: read(SETTINGS.registerPerMinute),
      ordersPerHour: read(SETTINGS.ordersPerHour),
      profileChangesPerHour: read(SETTINGS.profileChangesPerHour),
      profileChangesPerAddressPerHour: read(SETTINGS.profileChangesPerAddressPerHour),
    },
    /** What customers see of the shop (GET /shop/). */
    shop: {
      name: read(SETTINGS.shopName),
      timeZone: read(SETTINGS.shopTimeZone),
      defaultLanguage: read(SETTINGS.defaultLanguage),
    },
    /** The SMS budgets, so the API can tell the truth before it queues a code that would not go. */
    smsBudget: smsBudget(read),
    /** How the client address is found (see http/client-address.ts). */
    clientAddress: {
      header: read(SETTINGS.clientAddressHeader),
      trustedProxyRanges: read(SETTINGS.trustedProxyRanges),
    },
    /** How phone numbers are read, and which may receive SMS. */
    phones: phonePolicy(read),
    /** The shop's own numbers, told of each new order by SMS; none by default. */
    shopAlertNumbers: read(SETTINGS.shopAlertNumbers),
    /** The shop's USSD code, named in the SMS help reply; null when it has none. */
    ussdServiceCode: read(SETTINGS.ussdServiceCode) || null,
    verification: {
      codesPerNumberPerHour: read(SETTINGS.codesPerNumberPerHour),
      codesPerAccountPerHour: read(SETTINGS.codesPerAccountPerHour),
      codesPerClientPerHour: read(SETTINGS.codesPerClientPerHour),
      codeTtlMinutes: read(SETTINGS.codeTtlMinutes),
      codeMaxAttempts: read(SETTINGS.codeMaxAttempts),
    },
  };
}

export type AppConfig = ReturnType<typeof apiConfiguration>;

function smsConfiguration({ read, problem }: Reading) {
  const provider = read(SETTINGS.smsProvider);
  const username = read(SETTINGS.atUsername);
  const apiKey = realSecret(read(SETTINGS.atApiKey));
  const senderId = read(SETTINGS.atSenderId);
  const timeoutMs = read(SETTINGS.upstreamTimeoutMs);
  if (provider === "africastalking") {
    if (username === "") problem("AT_USERNAME is required when SMS_PROVIDER is africastalking");
    if (apiKey === "") problem("AT_API_KEY (a secret) is required when SMS_PROVIDER is africastalking");
  }
  const budget = smsBudget(read);
  const sender: SmsProviderSettings =
    provider === "outbox"
      ? { provider, timeoutMs }
      : { provider, username, apiKey, senderId: senderId === "" ? undefined : senderId, timeoutMs };
  // The day's SMS tally is kept by the shop's days (reports read it).
  return { ...sender, budget, destinations: phonePolicy(read), timeZone: read(SETTINGS.shopTimeZone) };
}

export type SmsProviderSettings =
  | { provider: "outbox"; timeoutMs: number }
  | { provider: "africastalking"; username: string; apiKey: string; senderId: string | undefined; timeoutMs: number };
export type SmsSettings = ReturnType<typeof smsConfiguration>;
export type SmsBudget = ReturnType<typeof smsBudget>;

/** Runs a configuration against an environment, naming every problem at once. */
function readConfiguration<Config>(configuration: (reading: Reading) => Config, env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const read = <T>(setting: Setting<T>): T => {
    const raw = env[setting.name] ?? setting.default;
    if (raw === undefined) {
      problems.push(`${setting.name} is missing`);
      return setting.placeholder;
    }
    const parsed = setting.parse(raw);
    if (parsed.ok) return parsed.value;
    problems.push(`${setting.name} ${parsed.problem}`);
    return setting.placeholder;
  };
  const config = configuration({ read, problem: (text) => problems.push(text), env });
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}

/** The names of the settings a configuration reads, found by reading it with defaults. */
function settingsReadBy(configuration: (reading: Reading) => unknown): string[] {
  const names: string[] = [];
  configuration({
    read: (setting) => {
      names.push(setting.name);
      return setting.placeholder;
    },
    problem: () => undefined,
    env: {},
  });
  return names;
}

/** Read once per environment object: an instance checks its settings at start and reuses them. */
function once<Config>(configuration: (reading: Reading) => Config) {
  const cache = new WeakMap<NodeJS.ProcessEnv, Config>();
  return (env: NodeJS.ProcessEnv = process.env): Config => {
    let config = cache.get(env);
    if (config === undefined) {
      config = readConfiguration(configuration, env);
      cache.set(env, config);
    }
    return config;
  };
}

/** The api function's configuration; throws a ConfigurationError naming every missing or invalid setting. */
export const loadConfig = once(apiConfiguration);

/** The SMS functions' configuration. */
export const loadSmsSettings = once(smsConfiguration);

/** The groups of deployed functions, by the configuration they read. */
export const CONFIGURATIONS = {
  api: { load: loadConfig, settings: () => settingsReadBy(apiConfiguration) },
  sms: { load: loadSmsSettings, settings: () => settingsReadBy(smsConfiguration) },
} as const;

export type FunctionGroup = keyof typeof CONFIGURATIONS;

/** Checks a group's settings: what a starting instance does first (the result is kept for later). */
export function checkSettings(group: FunctionGroup, env: NodeJS.ProcessEnv = process.env): void {
  CONFIGURATIONS[group].load(env);
}
