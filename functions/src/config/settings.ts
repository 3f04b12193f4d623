/**
 * Every setting of the functions, declared once: name, description, default and parser. Which
 * function reads which is not said here: each function's configuration (config.ts) reads what it
 * needs, and the list of settings a function uses is derived from that.
 */
import { LANGUAGES } from "../platform/language.js";
import { intSetting, listOf, oneOf, secretSetting, stringSetting, text, type Parser } from "./setting.js";

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

const REGION = /^[A-Z]{2}$/;

const timeZone: Parser<string> = (raw) => {
  const value = raw.trim();
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return { ok: true, value };
  } catch {
    return { ok: false, problem: "must be an IANA time zone such as Africa/Nairobi" };
  }
};

const cidr: Parser<string> = (raw) =>
  CIDR.test(raw) ? { ok: true, value: raw } : { ok: false, problem: `has an invalid range ${raw}` };

/** E.164, as the SMS engine stores every number; whether SMS may go there is checked before each send. */
const E164 = /^\+[1-9]\d{7,14}$/;
const e164: Parser<string> = (raw) =>
  E164.test(raw)
    ? { ok: true, value: raw }
    : { ok: false, problem: `has ${raw}, which is not an E.164 number (+254712345678)` };

export const SETTINGS = {
  shopName: stringSetting("SHOP_NAME", {
    description: "The shop's name, as customers see it: in the web app's header, its title and its install name.",
    default: "Duka",
    parse: text({
      required: "is required",
      pattern: /^[^\n\r]{1,40}$/,
      patternProblem: "must be one line of at most 40 characters",
    }),
    placeholder: "Duka",
  }),
  shopTimeZone: stringSetting("SHOP_TIME_ZONE", {
    description: "The shop's time zone (IANA): the day its reports and exports count in.",
    default: "Africa/Nairobi",
    parse: timeZone,
    placeholder: "Africa/Nairobi",
  }),
  defaultLanguage: stringSetting("DEFAULT_LANGUAGE", {
    description: "The language of customers who have not chosen one: en (English) or sw (Kiswahili).",
    default: "en",
    parse: oneOf(...LANGUAGES),
    placeholder: "en",
  }),
  webApiKey: stringSetting("WEB_API_KEY", {
    description: "Firebase Web API key (Project settings > General); identifies the project to the Auth REST API.",
    parse: text({ required: "is required: the Web API key from Firebase project settings" }),
    placeholder: "",
  }),
  currency: stringSetting("CURRENCY", {
    description: "ISO 4217 currency of every order.",
    default: "KES",
    parse: text({
      required: "is required",
      pattern: /^[A-Z]{3}$/,
      patternProblem: "must be an ISO 4217 code such as KES",
    }),
    placeholder: "KES",
  }),
  ordering: stringSetting("ORDERING", {
    description:
      "both: customers order from the catalogue (lines) or in free text (item and amount), as the original API did; catalogue_only: free-text orders and edits are refused with catalogue_only, so every price is the shop's.",
    default: "both",
    parse: oneOf("both", "catalogue_only"),
    placeholder: "both",
  }),
  upstreamTimeoutMs: intSetting("UPSTREAM_TIMEOUT_MS", {
    description: "Deadline of every outbound call (Auth REST API, Africa's Talking), in milliseconds.",
    default: 5000,
  }),
  requestDeadlineMs: intSetting("REQUEST_DEADLINE_MS", {
    description: "A request not answered by then gets 503 backend_timeout (below the api function's 30 s timeout).",
    default: 15000,
  }),
  corsOrigins: stringSetting("CORS_ORIGINS", {
    description: "Browser origins allowed to call the API, comma separated. Empty: no cross-origin access.",
    default: "",
    parse: listOf(),
    placeholder: [],
  }),
  loginPerMinute: intSetting("RATE_LIMIT_LOGIN_PER_MINUTE", {
    description:
      "Failed login attempts per client address and minute (generous: many customers share a carrier NAT address).",
    default: 60,
  }),
  loginPerAccount: intSetting("RATE_LIMIT_LOGIN_PER_ACCOUNT", {
    description:
      "Failed login attempts per account (email) from one client address per 15 minutes: a guesser elsewhere cannot lock the owner out.",
    default: 10,
  }),
  loginPerAccountAnyAddress: intSetting("RATE_LIMIT_LOGIN_PER_ACCOUNT_ANY_ADDRESS", {
    description: "Failed login attempts per account (email) from all addresses together, per hour.",
    default: 50,
  }),
  profileChangesPerHour: intSetting("RATE_LIMIT_PROFILE_CHANGES_PER_HOUR", {
    description: "Profile changes (PUT and PATCH /me/) per account and hour.",
    default: 10,
  }),
  profileChangesPerAddressPerHour: intSetting("RATE_LIMIT_PROFILE_CHANGES_PER_ADDRESS_PER_HOUR", {
    description:
      "Profile changes (PUT and PATCH /me/) per client address and hour (profiles completed after a sign-in included).",
    default: 60,
  }),
  registerPerMinute: intSetting("RATE_LIMIT_REGISTER_PER_MINUTE", {
    description: "Registrations per client address and minute.",
    default: 20,
  }),
  ordersPerHour: intSetting("RATE_LIMIT_ORDERS_PER_HOUR", {
    description: "Orders one account may create per hour.",
    default: 60,
  }),
  clientAddressHeader: stringSetting("CLIENT_ADDRESS_HEADER", {
    description:
      "Fastly-Client-IP: behind a Firebase Hosting rewrite (the web app's way in) the client's address is that header, believed only from TRUSTED_PROXY_RANGES; direct calls to the function URL still count their own address. Empty: only the address Google's front end saw.",
    default: "Fastly-Client-IP",
    parse: oneOf("", "Fastly-Client-IP"),
    placeholder: "",
  }),
  trustedProxyRanges: stringSetting("TRUSTED_PROXY_RANGES", {
    description: "CIDR ranges (comma separated) allowed to set CLIENT_ADDRESS_HEADER: Firebase Hosting's CDN, Fastly.",
    default: FASTLY_RANGES,
    parse: listOf(cidr),
    placeholder: [],
  }),
  codesPerNumberPerHour: intSetting("VERIFICATION_CODES_PER_NUMBER_PER_HOUR", {
    description: "Verification codes one phone number may receive per hour, whoever asks.",
    default: 3,
  }),
  codesPerAccountPerHour: intSetting("VERIFICATION_CODES_PER_ACCOUNT_PER_HOUR", {
    description: "Verification codes one account may request per hour.",
    default: 5,
  }),
  codesPerClientPerHour: intSetting("VERIFICATION_CODES_PER_CLIENT_PER_HOUR", {
    description: "Verification codes requested from one client address per hour.",
    default: 20,
  }),
  codeTtlMinutes: intSetting("VERIFICATION_CODE_TTL_MINUTES", {
    description: "How long a verification code stays valid.",
    default: 10,
  }),
  codeMaxAttempts: intSetting("VERIFICATION_CODE_MAX_ATTEMPTS", {
    description: "Wrong guesses allowed per code before a new one must be requested.",
    default: 5,
  }),
  smsProvider: stringSetting("SMS_PROVIDER", {
    description: "africastalking sends real SMS; outbox writes them to the sms_outbox collection (local development).",
    default: "africastalking",
    parse: oneOf("africastalking", "outbox"),
    placeholder: "outbox",
  }),
  atUsername: stringSetting("AT_USERNAME", {
    description:
      "Africa's Talking username ('sandbox' for their sandbox); required when SMS_PROVIDER is africastalking.",
    default: "",
    parse: text(),
    placeholder: "",
  }),
  atSenderId: stringSetting("AT_SENDER_ID", {
    description: "Africa's Talking sender id or short code. Empty: the account default.",
    default: "",
    parse: text(),
    placeholder: "",
  }),
  budgetAccountPerHour: intSetting("SMS_BUDGET_ACCOUNT_PER_HOUR", {
    description: "SMS to one account per hour; beyond it messages are suppressed (recorded, not sent).",
    default: 10,
  }),
  budgetAccountPerDay: intSetting("SMS_BUDGET_ACCOUNT_PER_DAY", {
    description: "SMS to one account per UTC day.",
    default: 40,
  }),
  budgetNumberPerHour: intSetting("SMS_BUDGET_NUMBER_PER_HOUR", {
    description: "SMS to one phone number per hour, whichever account it belongs to.",
    default: 10,
  }),
  budgetNumberPerDay: intSetting("SMS_BUDGET_NUMBER_PER_DAY", {
    description: "SMS to one phone number per UTC day.",
    default: 40,
  }),
  budgetProjectPerDay: intSetting("SMS_BUDGET_PROJECT_PER_DAY", {
    description: "SMS the whole project sends per UTC day; a warning is logged at SMS_BUDGET_WARN_PERCENT of it.",
    default: 5000,
  }),
  budgetCodesPerDay: intSetting("SMS_BUDGET_CODES_PER_DAY", {
    description:
      "Verification codes the whole project sends per UTC day: a budget of their own, so code requests can never use up what order and status messages need.",
    default: 1000,
  }),
  ussdServiceCode: stringSetting("USSD_SERVICE_CODE", {
    description:
      "The shop's USSD code as customers dial it (*384*123#), named in the SMS help reply. Empty: the reply names none.",
    default: "",
    parse: text({
      pattern: /^\*[0-9*]{1,30}#$/,
      patternProblem: "must be a USSD code such as *384*123#",
    }),
    placeholder: "",
  }),
  budgetRepliesPerDay: intSetting("SMS_BUDGET_REPLIES_PER_DAY", {
    description:
      "Replies to inbound texts (STATUS, HELP, START, STOP) the whole project sends per UTC day: a budget of their own, so a flood of inbound texts can never use up what order and status messages need.",
    default: 500,
  }),
  budgetRepliesPerNumberPerDay: intSetting("SMS_BUDGET_REPLIES_PER_NUMBER_PER_DAY", {
    description:
      "Replies to inbound texts one phone number may receive per UTC day (counted apart from its order SMS).",
    default: 10,
  }),
  phoneDefaultRegion: stringSetting("PHONE_DEFAULT_REGION", {
    description: "Region (ISO 3166) a phone number typed without a country code is read in: 0712 345 678 in KE.",
    default: "KE",
    parse: text({ required: "is required", pattern: REGION, patternProblem: "must be an ISO 3166 region such as KE" }),
    placeholder: "KE",
  }),
  smsAllowedRegions: stringSetting("SMS_ALLOWED_REGIONS", {
    description:
      "Regions (ISO 3166, comma separated) whose mobile numbers may be entered and sent SMS; others (and premium-rate, satellite, VoIP numbers anywhere) are refused.",
    default: "KE",
    parse: listOf(text({ pattern: REGION, patternProblem: "must list ISO 3166 regions such as KE,UG" })),
    placeholder: [],
  }),
  budgetWarnPercent: intSetting("SMS_BUDGET_WARN_PERCENT", {
    description: "Share of the project's daily SMS budget at which `sms budget nearly spent` is logged.",
    default: 80,
  }),
  shopAlertNumbers: stringSetting("SHOP_ALERT_NUMBERS", {
    description:
      "The shop's own mobile numbers (E.164, comma separated) that get an SMS for each new order. Empty: no such SMS (the default).",
    default: "",
    parse: listOf(e164),
    placeholder: [],
  }),
  budgetShopAlertsPerDay: intSetting("SMS_BUDGET_SHOP_ALERTS_PER_DAY", {
    description:
      "New-order SMS to the shop's own numbers per UTC day, all numbers together: a budget of their own, so they never use up what customers' messages need.",
    default: 200,
  }),
  atApiKey: secretSetting("AT_API_KEY", "Africa's Talking API key (Secret Manager)."),
  atCallbackToken: secretSetting(
    "AT_CALLBACK_TOKEN",
    "The secret path segment of the Africa's Talking callback URLs (Secret Manager).",
  ),
} as const;

export type SettingKey = keyof typeof SETTINGS;
