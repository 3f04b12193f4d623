/**
 * Adapter for Africa's Talking SMS through the official SDK. The SDK is loaded on first use only
 * (it costs about 0.4 s and must never be loaded by the api function), every call has a deadline,
 * and every answer is classified as sent, transient or permanent.
 */
import { createRequire } from "node:module";
import type AfricasTalking from "africastalking";
import type { SendOutcome, SmsSender } from "./sender.js";

export interface AfricasTalkingOptions {
  username: string;
  apiKey: string;
  senderId: string | undefined;
  timeoutMs: number;
}

type SendResponse = AfricasTalking.SendResponse;
type AfricasTalkingFactory = typeof AfricasTalking;

const SUCCESS_CODES = new Set([100, 101, 102]);
const TRANSIENT_CODES = new Set([500, 501, 502]);

class DeadlineExceeded extends Error {}

/** The recipient statusCodes Africa's Talking documents, as stable error codes. */
const RECIPIENT_CODES: Record<number, string> = {
  401: "risk_hold",
  402: "invalid_sender_id",
  403: "invalid_phone_number",
  404: "unsupported_number_type",
  405: "insufficient_balance",
  406: "user_in_blacklist",
  407: "could_not_route",
  409: "do_not_disturb_rejection",
  500: "internal_server_error",
  501: "gateway_error",
  502: "rejected_by_gateway",
};

export function classifyResponse(response: SendResponse): SendOutcome {
  const recipients = response.SMSMessageData?.Recipients ?? [];
  if (recipients.length === 0) {
    return {
      kind: "permanent",
      code: "no_recipients",
      message: truncate(response.SMSMessageData?.Message ?? "The provider accepted no recipient."),
    };
  }
  const failed = recipients.find((recipient) => !SUCCESS_CODES.has(recipient.statusCode ?? -1));
  if (!failed) {
    const first = recipients[0];
    return { kind: "sent", channel: "africastalking", messageId: first?.messageId ?? null, cost: first?.cost ?? null };
  }
  const statusCode = failed.statusCode ?? -1;
  const code = RECIPIENT_CODES[statusCode] ?? `recipient_status_${statusCode}`;
  const message = truncate(`${failed.status ?? "Failed"} (statusCode ${statusCode})`);
  return TRANSIENT_CODES.has(statusCode) ? { kind: "transient", code, message } : { kind: "permanent", code, message };
}

interface HttpErrorShape {
  isAxiosError?: boolean;
  code?: string;
  response?: { status?: number };
}

export function classifyError(error: unknown): SendOutcome {
  if (error instanceof DeadlineExceeded) {
    return { kind: "transient", code: "timeout", message: "The provider did not answer in time." };
  }
  const http = (error ?? {}) as HttpErrorShape;
  const status = http.response?.status;
  if (status === 401) {
    return { kind: "permanent", code: "authentication_failed", message: "The provider refused the API credentials." };
  }
  if (status !== undefined && (status >= 500 || status === 429)) {
    return { kind: "transient", code: `http_${status}`, message: `The provider answered HTTP ${status}.` };
  }
  if (status !== undefined) {
    return { kind: "permanent", code: `http_${status}`, message: `The provider refused the request (HTTP ${status}).` };
  }
  if (http.isAxiosError) {
    const timedOut = http.code === "ECONNABORTED" || http.code === "ETIMEDOUT";
    return timedOut
      ? { kind: "transient", code: "timeout", message: "The provider did not answer in time." }
      : {
          kind: "transient",
          code: "network_error",
          message: `Could not reach the provider (${http.code ?? "error"}).`,
        };
  }
  // The SDK validates before sending (e.g. a phone number it cannot parse) and rejects plain errors;
  // a 2xx other than 201 is rejected with the body itself. Neither improves on a retry.
  return { kind: "permanent", code: "rejected_request", message: "The provider SDK refused the request." };
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new DeadlineExceeded());
    }, ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

interface LoadedSdk {
  factory: AfricasTalkingFactory;
  axios: { defaults: { timeout?: number } };
}

let sdk: Promise<LoadedSdk> | undefined;

/**
 * Loads the SDK once. The SDK sends with the default axios instance and sets no timeout, so the
 * timeout goes on that instance (the SDK's own copy of axios, resolved from the SDK's location).
 */
function loadSdk(): Promise<LoadedSdk> {
  sdk ??= (async () => {
    const module = await import("africastalking");
    const sdkRequire = createRequire(require.resolve("africastalking"));
    return { factory: module.default, axios: sdkRequire("axios") as LoadedSdk["axios"] };
  })();
  return sdk;
}

export function createAfricasTalkingSender(options: AfricasTalkingOptions): SmsSender {
  return {
    channel: "africastalking",
    async send(to, message) {
      try {
        const { factory, axios } = await loadSdk();
        // The instance is the process's one, so each send sets its own sender's timeout: the first
        // sender's alone would otherwise hold for every sender made after it. (Two senders with
        // different timeouts sending at the same moment could still swap them; the functions make one.)
        axios.defaults.timeout = options.timeoutMs;
        const sms = factory({ apiKey: options.apiKey, username: options.username }).SMS;
        const params = options.senderId ? { to: [to], message, from: options.senderId } : { to: [to], message };
        // The outer deadline also covers DNS and TLS, which the axios timeout does not bound.
        const response = await withDeadline(sms.send(params), options.timeoutMs + 1000);
        return classifyResponse(response);
      } catch (error) {
        return classifyError(error);
      }
    },
  };
}
