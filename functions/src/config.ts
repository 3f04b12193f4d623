/**
 * Runtime configuration, read once from the environment and checked. Deployed values come from
 * Firebase params (functions/.env, .env.<project>, .env.local) which the platform exposes as
 * environment variables, so the same reader serves Cloud Functions, the emulator, tests and benches.
 */
import { z } from "zod";

const csv = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  );

const environmentSchema = z.object({
  GCLOUD_PROJECT: z.string().min(1, "GCLOUD_PROJECT (the Firebase project id) is required"),
  WEB_API_KEY: z.string().min(1).default("demo-api-key"),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, "CURRENCY must be an ISO 4217 code such as KES")
    .default("KES"),
  FIREBASE_AUTH_EMULATOR_HOST: z.string().optional(),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  REQUEST_DEADLINE_MS: z.coerce.number().int().positive().default(15000),
  CORS_ORIGINS: csv,
  AT_CALLBACK_TOKEN: z.string().default(""),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().positive().default(30),
  RATE_LIMIT_REGISTER_PER_MINUTE: z.coerce.number().int().positive().default(20),
});

export interface AppConfig {
  projectId: string;
  /** The Firebase Web API key, used for the Identity Toolkit REST calls (it is not a secret). */
  webApiKey: string;
  currency: string;
  /** Set when the Auth emulator should be used instead of Google's endpoints. */
  authEmulatorHost: string | undefined;
  upstreamTimeoutMs: number;
  /** After this, a request that has not been answered gets a 503 (kept below the function timeout). */
  requestDeadlineMs: number;
  bodyLimitBytes: number;
  corsOrigins: string[];
  /** The secret path segment of the delivery-report callback URL; empty refuses every report. */
  deliveryReportToken: string;
  /** Per client IP and minute, shared by all instances. */
  rateLimits: { loginPerMinute: number; registerPerMinute: number };
}

export const BODY_LIMIT_BYTES = 16 * 1024;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join("; ")}`);
  }
  const values = parsed.data;
  return {
    projectId: values.GCLOUD_PROJECT,
    webApiKey: values.WEB_API_KEY,
    currency: values.CURRENCY,
    authEmulatorHost: values.FIREBASE_AUTH_EMULATOR_HOST,
    upstreamTimeoutMs: values.UPSTREAM_TIMEOUT_MS,
    requestDeadlineMs: values.REQUEST_DEADLINE_MS,
    bodyLimitBytes: BODY_LIMIT_BYTES,
    corsOrigins: values.CORS_ORIGINS,
    deliveryReportToken: values.AT_CALLBACK_TOKEN,
    rateLimits: {
      loginPerMinute: values.RATE_LIMIT_LOGIN_PER_MINUTE,
      registerPerMinute: values.RATE_LIMIT_REGISTER_PER_MINUTE,
    },
  };
}
