/**
 * Africa's Talking configuration: the username and sender id are params, the API key a Cloud Secret
 * Manager secret. Declared here (cheap to load) so index.ts can bind them to the SMS functions.
 */
import { defineSecret, defineString } from "firebase-functions/params";

export const atApiKey = defineSecret("AT_API_KEY");
/** The secret in the delivery-report callback URL registered with Africa's Talking. */
export const atCallbackToken = defineSecret("AT_CALLBACK_TOKEN");
export const atUsername = defineString("AT_USERNAME", {
  default: "",
  description:
    "Africa's Talking username ('sandbox' for the sandbox). Empty: messages go to the sms_outbox collection.",
});
export const atSenderId = defineString("AT_SENDER_ID", {
  default: "",
  description: "Africa's Talking sender id or short code. Empty: the account default.",
});

/** The emulator launcher's stand-in secret: present so the emulator does not ask Secret Manager. */
export const EMULATOR_PLACEHOLDER_KEY = "not-set-in-the-emulator";

export interface SmsSettings {
  username: string;
  apiKey: string;
  senderId: string | undefined;
  timeoutMs: number;
}

/** Read at invocation time: params and secrets are only available then, as environment variables. */
export function smsSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): SmsSettings {
  const timeout = Number(env.UPSTREAM_TIMEOUT_MS);
  return {
    username: (env.AT_USERNAME ?? "").trim(),
    apiKey: (env.AT_API_KEY ?? "").trim(),
    senderId: env.AT_SENDER_ID?.trim() ? env.AT_SENDER_ID.trim() : undefined,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 10_000,
  };
}
