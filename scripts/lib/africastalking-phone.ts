/**
 * A phone as Africa's Talking presents it to the shop: the USSD and incoming-SMS callbacks posted
 * exactly as the gateway posts them (application/x-www-form-urlencoded, its field names, every USSD
 * input of the session so far joined by `*`). `npm run phone` and the tests both use it, so what
 * works here is what the real gateway sends.
 */
import { randomBytes, randomUUID } from "node:crypto";

/** Safaricom, Kenya: the network code Africa's Talking sends for most of the shop's customers. */
export const SAFARICOM = "63902";

export interface CallbackTarget {
  /** The API base, e.g. http://127.0.0.1:5001/demo-orders/us-central1/api. */
  baseUrl: string;
  /** The AT_CALLBACK_TOKEN the API was given. */
  token: string;
}

export interface CallbackAnswer {
  status: number;
  contentType: string | null;
  headers: Headers;
  text: string;
}

async function postForm(url: string, fields: Record<string, string>): Promise<CallbackAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    signal: AbortSignal.timeout(20_000),
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    headers: response.headers,
    text: await response.text(),
  };
}

/** One USSD request, as the gateway posts it. */
export function postUssd(
  target: CallbackTarget,
  fields: { sessionId: string; serviceCode: string; phoneNumber: string; networkCode: string; text: string },
): Promise<CallbackAnswer> {
  return postForm(`${target.baseUrl}/ussd/${encodeURIComponent(target.token)}/`, fields);
}

/** The gateway's session ids look like this. */
export function newSessionId(): string {
  return `ATUid_${randomBytes(12).toString("hex")}`;
}

/**
 * A USSD session: `dial()` sends the first request (empty text), each `press(input)` the next, with
 * every input so far joined by `*`, as the gateway does. `repeat()` sends the last request again (a
 * gateway retry).
 */
export function ussdSession(
  target: CallbackTarget,
  phoneNumber: string,
  options: { serviceCode?: string; networkCode?: string; sessionId?: string } = {},
) {
  const sessionId = options.sessionId ?? newSessionId();
  const inputs: string[] = [];
  let last: Parameters<typeof postUssd>[1] | undefined;
  const send = (fields: Parameters<typeof postUssd>[1]) => {
    last = fields;
    return postUssd(target, fields);
  };
  const fieldsFor = (text: string) => ({
    sessionId,
    serviceCode: options.serviceCode ?? "*384*123#",
    phoneNumber,
    networkCode: options.networkCode ?? SAFARICOM,
    text,
  });
  return {
    sessionId,
    dial: () => send(fieldsFor("")),
    press(input: string) {
      inputs.push(input);
      return send(fieldsFor(inputs.join("*")));
    },
    repeat() {
      if (!last) throw new Error("nothing was sent yet");
      return postUssd(target, last);
    },
  };
}

/** The gateway's date format for incoming messages: UTC, `YYYY-MM-DD HH:MM:SS`. */
function gatewayDate(at: Date): string {
  return at.toISOString().slice(0, 19).replace("T", " ");
}

export interface InboundFields {
  from: string;
  to: string;
  text: string;
  date: string;
  id: string;
  linkId: string;
}

/** An incoming text's fields, with a fresh id (a redelivery posts the same fields again). */
export function inboundText(from: string, text: string, shortCode = "20880"): InboundFields {
  return { from, to: shortCode, text, date: gatewayDate(new Date()), id: randomUUID(), linkId: randomUUID() };
}

export function postInboundSms(target: CallbackTarget, fields: InboundFields): Promise<CallbackAnswer> {
  return postForm(`${target.baseUrl}/sms/inbound/${encodeURIComponent(target.token)}/`, { ...fields });
}
