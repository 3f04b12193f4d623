/**
 * Every setting of the functions, declared once.
 *
 * Each setting is a firebase-functions param (or secret), so `firebase deploy` knows it, asks for it
 * or reads it from functions/.env, .env.<project> and (emulator only) .env.local, and the platform
 * hands the value to the running function as an environment variable. Here each one is also given
 * its parser and the functions that read it: a function instance checks its own settings when it
 * starts (see startup-check.ts) and refuses to run with a missing or invalid one, naming it.
 *
 * Plain TypeScript, no schema library: index.ts loads this module in every function's cold start.
 */
import { defineInt, defineSecret, defineString } from "firebase-functions/params";

/** The groups of deployed functions, by what they need. */
export type FunctionGroup = "api" | "sms";

type Parser<T> = (raw: string) => { ok: true; value: T } | { ok: false; problem: string };

interface Setting<T> {
  name: string;
  /** Used when the environment has no value; a setting without one is required. */
  fallback: string | undefined;
  usedBy: readonly FunctionGroup[];
  parse: Parser<T>;
}

const text =
  (options: { required?: string; pattern?: RegExp; patternProblem?: string } = {}): Parser<string> =>
  (raw) => {
    const value = raw.trim();
    if (options.required !== undefined && value === "") return { ok: false, problem: options.required };
    if (options.pattern && value !== "" && !options.pattern.test(value)) {
      return { ok: false, problem: options.patternProblem ?? "has an invalid value" };
    }
    return { ok: true, value };
  };

const positiveInteger: Parser<number> = (raw) => {
  const value = Number(raw.trim());
  return Number.isSafeInteger(value) && value > 0 && raw.trim() !== ""
    ? { ok: true, value }
    : { ok: false, problem: "must be a whole number greater than 0" };
};

const commaSeparated: Parser<string[]> = (raw) => ({
  ok: true,
  value: raw
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0),
});

/** Fastly's published ranges (api.fastly.com/public-ip-list, checked 2026-11), which front Firebase Hosting. */
const FASTLY_RANGES = [
  "23.235.32.0/20",
  "43.249.72.0/22",
  "103.244.50.0/24",
  "103.245.222.0/23",
  "103.245.224.0/24",
  "104.156.80.0/20",
  "140.248.64.0/18",
  "140.248.128.0/17",
  "146.75.0.0/17",
  "151.101.0.0/16",
  "157.52.64.0/18",
  "167.82.0.0/17",
  "167.82.128.0/20",
  "167.82.160.0/20",
  "167.82.224.0/20",
  "172.111.64.0/18",
  "185.31.16.0/22",
  "199.27.72.0/21",
  "199.232.0.0/16",
  "2a04:4e40::/32",
  "2a04:4e42::/32",
].join(",");

const CIDR = /^(?:(?:\d{1,3}\.){3}\d{1,3}\/\d{1,2}|[0-9a-fA-F:]+\/\d{1,3})$/;

const cidrList: Parser<string[]> = (raw) => {
  const ranges = raw
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  const bad = ranges.find((range) => !CIDR.test(range));
  return bad === undefined ? { ok: true, value: ranges } : { ok: false, problem: `has an invalid range ${bad}` };
};

function oneOf<T extends string>(...values: T[]): Parser<T> {
  return (raw) => {
    const value = raw.trim() as T;
    return values.includes(value) ? { ok: true, value } : { ok: false, problem: `must be one of ${values.join(", ")}` };
  };
}

function stringSetting<T>(
  name: string,
  options: { description: string; default?: string; usedBy: readonly FunctionGroup[]; parse: Parser<T> },
): Setting<T> {
  defineString(name, {
    description: options.description,
    ...(options.default === undefined ? {} : { default: options.default }),
  });
  return { name, fallback: options.default, usedBy: options.usedBy, parse: options.parse };
}

function intSetting(
  name: string,
  options: { description: string; default: number; usedBy: readonly FunctionGroup[] },
): Setting<number> {
  defineInt(name, { description: options.description, default: options.default });
  return { name, fallback: String(options.default), usedBy: options.usedBy, parse: positiveInteger };
}

function secretSetting<T>(name: string, usedBy: readonly FunctionGroup[], parse: Parser<T>): Setting<T> {
  return { name, fallback: undefined, usedBy, parse };
}

/** The region every function is deployed to; see the README for choosing it with Firestore's location. */
export const functionsRegion = defineString("FUNCTIONS_REGION", {
  default: "us-central1",
  description: "Region of every function; pick the one nearest your customers that also hosts your Firestore database.",
});

/** Secrets live in Cloud Secret Manager; each function binds only those it reads. */
export const atApiKey = defineSecret("AT_API_KEY");
export const atCallbackToken = defineSecret("AT_CALLBACK_TOKEN");

/** The emulator launcher's stand-in for secrets, so the emulator does not ask Secret Manager. */
export const EMULATOR_PLACEHOLDER_SECRET = "not-set-in-the-emulator";

export const SETTINGS = {
  webApiKey: stringSetting("WEB_API_KEY", {
    description: "Firebase Web API key (Project settings > General); identifies the project to the Auth REST API.",
    usedBy: ["api"],
    parse: text({ required: "is required: the Web API key from Firebase project settings" }),
  }),
  currency: stringSetting("CURRENCY", {
    description: "ISO 4217 currency of every order.",
    default: "KES",
    usedBy: ["api"],
    parse: text({
      required: "is required",
      pattern: /^[A-Z]{3}$/,
      patternProblem: "must be an ISO 4217 code such as KES",
    }),
  }),
  upstreamTimeoutMs: intSetting("UPSTREAM_TIMEOUT_MS", {
    description: "Deadline of every outbound call (Auth REST API, Africa's Talking), in milliseconds.",
    default: 5000,
    usedBy: ["api", "sms"],
  }),
  requestDeadlineMs: intSetting("REQUEST_DEADLINE_MS", {
    description: "A request not answered by then gets 503 backend_timeout (below the api function's 30 s timeout).",
    default: 15000,
    usedBy: ["api"],
  }),
  corsOrigins: stringSetting("CORS_ORIGINS", {
    description: "Browser origins allowed to call the API, comma separated. Empty: no cross-origin access.",
    default: "",
    usedBy: ["api"],
    parse: commaSeparated,
  }),
  loginPerMinute: intSetting("RATE_LIMIT_LOGIN_PER_MINUTE", {
    description:
      "Failed login attempts per client address and minute (generous: many customers share a carrier NAT address).",
    default: 60,
    usedBy: ["api"],
  }),
  loginPerAccount: intSetting("RATE_LIMIT_LOGIN_PER_ACCOUNT", {
    description: "Failed login attempts per account (email) and 15 minutes, from any address.",
    default: 10,
    usedBy: ["api"],
  }),
  registerPerMinute: intSetting("RATE_LIMIT_REGISTER_PER_MINUTE", {
    description: "Registrations per client address and minute.",
    default: 20,
    usedBy: ["api"],
  }),
  ordersPerHour: intSetting("RATE_LIMIT_ORDERS_PER_HOUR", {
    description: "Orders one account may create per hour.",
    default: 60,
    usedBy: ["api"],
  }),
  clientAddressHeader: stringSetting("CLIENT_ADDRESS_HEADER", {
    description:
      "Fastly-Client-IP: behind a Firebase Hosting rewrite (the web app's way in) the client's address is that header, believed only from TRUSTED_PROXY_RANGES; direct calls to the function URL still count their own address. Empty: only the address Google's front end saw.",
    default: "Fastly-Client-IP",
    usedBy: ["api"],
    parse: oneOf("", "Fastly-Client-IP"),
  }),
  trustedProxyRanges: stringSetting("TRUSTED_PROXY_RANGES", {
    description: "CIDR ranges (comma separated) allowed to set CLIENT_ADDRESS_HEADER: Firebase Hosting's CDN, Fastly.",
    default: FASTLY_RANGES,
    usedBy: ["api"],
    parse: cidrList,
  }),
  codesPerNumberPerHour: intSetting("VERIFICATION_CODES_PER_NUMBER_PER_HOUR", {
    description: "Verification codes one phone number may receive per hour, whoever asks.",
    default: 3,
    usedBy: ["api"],
  }),
  codesPerAccountPerHour: intSetting("VERIFICATION_CODES_PER_ACCOUNT_PER_HOUR", {
    description: "Verification codes one account may request per hour.",
    default: 5,
    usedBy: ["api"],
  }),
  codesPerClientPerHour: intSetting("VERIFICATION_CODES_PER_CLIENT_PER_HOUR", {
    description: "Verification codes requested from one client address per hour.",
    default: 20,
    usedBy: ["api"],
  }),
  codeTtlMinutes: intSetting("VERIFICATION_CODE_TTL_MINUTES", {
    description: "How long a verification code stays valid.",
    default: 10,
    usedBy: ["api"],
  }),
  codeMaxAttempts: intSetting("VERIFICATION_CODE_MAX_ATTEMPTS", {
    description: "Wrong guesses allowed per code before a new one must be requested.",
    default: 5,
    usedBy: ["api"],
  }),
  smsProvider: stringSetting("SMS_PROVIDER", {
    description: "africastalking sends real SMS; outbox writes them to the sms_outbox collection (local development).",
    default: "africastalking",
    usedBy: ["sms"],
    parse: oneOf("africastalking", "outbox"),
  }),
  atUsername: stringSetting("AT_USERNAME", {
    description:
      "Africa's Talking username ('sandbox' for their sandbox); required when SMS_PROVIDER is africastalking.",
    default: "",
    usedBy: ["sms"],
    parse: text(),
  }),
  atSenderId: stringSetting("AT_SENDER_ID", {
    description: "Africa's Talking sender id or short code. Empty: the account default.",
    default: "",
    usedBy: ["sms"],
    parse: text(),
  }),
  budgetAccountPerHour: intSetting("SMS_BUDGET_ACCOUNT_PER_HOUR", {
    description: "SMS to one account per hour; beyond it messages are suppressed (recorded, not sent).",
    default: 10,
    usedBy: ["sms"],
  }),
  budgetAccountPerDay: intSetting("SMS_BUDGET_ACCOUNT_PER_DAY", {
    description: "SMS to one account per UTC day.",
    default: 40,
    usedBy: ["sms"],
  }),
  budgetNumberPerHour: intSetting("SMS_BUDGET_NUMBER_PER_HOUR", {
    description: "SMS to one phone number per hour, whichever account it belongs to.",
    default: 10,
    usedBy: ["sms"],
  }),
  budgetNumberPerDay: intSetting("SMS_BUDGET_NUMBER_PER_DAY", {
    description: "SMS to one phone number per UTC day.",
    default: 40,
    usedBy: ["sms"],
  }),
  budgetProjectPerDay: intSetting("SMS_BUDGET_PROJECT_PER_DAY", {
    description: "SMS the whole project sends per UTC day; a warning is logged at SMS_BUDGET_WARN_PERCENT of it.",
    default: 5000,
    usedBy: ["sms"],
  }),
  budgetWarnPercent: intSetting("SMS_BUDGET_WARN_PERCENT", {
    description: "Share of the project's daily SMS budget at which `sms budget nearly spent` is logged.",
    default: 80,
    usedBy: ["sms"],
  }),
  atApiKey: secretSetting("AT_API_KEY", ["sms"], text()),
  atCallbackToken: secretSetting("AT_CALLBACK_TOKEN", ["api"], text()),
} as const;

type Settings = typeof SETTINGS;
type ValueOf<K extends keyof Settings> = Settings[K] extends Setting<infer T> ? T : never;
export type SettingValues = { [K in keyof Settings]: ValueOf<K> };

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration incomplete: ${problems.join("; ")}`);
    this.name = "ConfigurationError";
  }
}

export function isEmulator(env: NodeJS.ProcessEnv): boolean {
  return env.FUNCTIONS_EMULATOR === "true";
}

/**
 * Reads the settings a group of functions uses, checks each, and names every problem at once.
 * Rules that tie settings together are checked here too (Africa's Talking needs its username and key).
 */
function readSettings(group: FunctionGroup, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(SETTINGS) as [keyof Settings, Setting<unknown>][]) {
    if (!setting.usedBy.includes(group)) continue;
    const raw = env[setting.name] ?? setting.fallback;
    if (raw === undefined) {
      problems.push(`${setting.name} is missing`);
      continue;
    }
    const parsed = setting.parse(raw);
    if (parsed.ok) values[key] = parsed.value;
    else problems.push(`${setting.name} ${parsed.problem}`);
  }
  if (group === "sms" && values.smsProvider === "africastalking") {
    if (values.atUsername === "") problems.push("AT_USERNAME is required when SMS_PROVIDER is africastalking");
    if (values.atApiKey === "" || values.atApiKey === EMULATOR_PLACEHOLDER_SECRET) {
      problems.push("AT_API_KEY (a secret) is required when SMS_PROVIDER is africastalking");
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return values;
}

function projectIdOf(env: NodeJS.ProcessEnv): string {
  const projectId = env.GCLOUD_PROJECT ?? env.GOOGLE_CLOUD_PROJECT;
  if (!projectId) throw new ConfigurationError(["GCLOUD_PROJECT (the Firebase project id) is missing"]);
  return projectId;
}

const BODY_LIMIT_BYTES = 16 * 1024;

export interface AppConfig {
  projectId: string;
  region: string;
  /** The Firebase Web API key, used for the Identity Toolkit REST calls (it is not a secret). */
  webApiKey: string;
  currency: string;
  /** Set when the Auth emulator should be used instead of Google's endpoints. */
  authEmulatorHost: string | undefined;
  /** True in the Functions emulator, where the served document and URLs name the emulator's paths. */
  emulator: boolean;
  upstreamTimeoutMs: number;
  /** After this, a request that has not been answered gets a 503 (kept below the function timeout). */
  requestDeadlineMs: number;
  bodyLimitBytes: number;
  corsOrigins: string[];
  /** The secret path segment of the delivery-report callback URL; empty refuses every report. */
  deliveryReportToken: string;
  /** Counted in Firestore, so shared by all instances. */
  rateLimits: { loginPerMinute: number; loginPerAccount: number; registerPerMinute: number; ordersPerHour: number };
  /** How the client address is found (see http/client-address.ts). */
  clientAddress: { header: "" | "Fastly-Client-IP"; trustedProxyRanges: string[] };
  verification: {
    codesPerNumberPerHour: number;
    codesPerAccountPerHour: number;
    codesPerClientPerHour: number;
    codeTtlMinutes: number;
    codeMaxAttempts: number;
  };
}

/** The api function's configuration; throws a ConfigurationError naming every missing or invalid setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const projectId = projectIdOf(env);
  // Every setting the api uses was parsed by its own parser above, so the values have their types.
  const values = readSettings("api", env) as SettingValues;
  return {
    projectId,
    region: (env.FUNCTIONS_REGION ?? "").trim() || "us-central1",
    webApiKey: values.webApiKey,
    currency: values.currency,
    authEmulatorHost: env.FIREBASE_AUTH_EMULATOR_HOST,
    emulator: isEmulator(env),
    upstreamTimeoutMs: values.upstreamTimeoutMs,
    requestDeadlineMs: values.requestDeadlineMs,
    bodyLimitBytes: BODY_LIMIT_BYTES,
    corsOrigins: values.corsOrigins,
    deliveryReportToken: values.atCallbackToken === EMULATOR_PLACEHOLDER_SECRET ? "" : values.atCallbackToken,
    rateLimits: {
      loginPerMinute: values.loginPerMinute,
      loginPerAccount: values.loginPerAccount,
      registerPerMinute: values.registerPerMinute,
      ordersPerHour: values.ordersPerHour,
    },
    clientAddress: { header: values.clientAddressHeader, trustedProxyRanges: values.trustedProxyRanges },
    verification: {
      codesPerNumberPerHour: values.codesPerNumberPerHour,
      codesPerAccountPerHour: values.codesPerAccountPerHour,
      codesPerClientPerHour: values.codesPerClientPerHour,
      codeTtlMinutes: values.codeTtlMinutes,
      codeMaxAttempts: values.codeMaxAttempts,
    },
  };
}

export interface SmsBudget {
  accountPerHour: number;
  accountPerDay: number;
  numberPerHour: number;
  numberPerDay: number;
  projectPerDay: number;
  warnPercent: number;
}

export type SmsProviderSettings =
  | { provider: "outbox"; timeoutMs: number }
  | { provider: "africastalking"; username: string; apiKey: string; senderId: string | undefined; timeoutMs: number };

export type SmsSettings = SmsProviderSettings & { budget: SmsBudget };

/** The SMS functions' configuration; read at invocation time, when secrets are in the environment. */
export function loadSmsSettings(env: NodeJS.ProcessEnv = process.env): SmsSettings {
  const values = readSettings("sms", env) as SettingValues;
  const budget: SmsBudget = {
    accountPerHour: values.budgetAccountPerHour,
    accountPerDay: values.budgetAccountPerDay,
    numberPerHour: values.budgetNumberPerHour,
    numberPerDay: values.budgetNumberPerDay,
    projectPerDay: values.budgetProjectPerDay,
    warnPercent: values.budgetWarnPercent,
  };
  if (values.smsProvider === "outbox") return { provider: "outbox", timeoutMs: values.upstreamTimeoutMs, budget };
  return {
    provider: "africastalking",
    username: values.atUsername,
    apiKey: values.atApiKey,
    senderId: values.atSenderId === "" ? undefined : values.atSenderId,
    timeoutMs: values.upstreamTimeoutMs,
    budget,
  };
}

/** Checks a group's settings without building anything: what a starting instance does first. */
export function checkSettings(group: FunctionGroup, env: NodeJS.ProcessEnv = process.env): void {
  if (group === "api") loadConfig(env);
  else loadSmsSettings(env);
}
