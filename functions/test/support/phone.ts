/**
 * The tests' phone: Africa's Talking's callbacks as the gateway posts them (scripts/lib/africastalking-phone.ts),
 * every answer checked against openapi.yaml like any other response the tests receive.
 */
import { expect } from "vitest";
import {
  inboundText,
  postInboundSms,
  ussdSession,
  type CallbackAnswer,
  type CallbackTarget,
  type InboundFields,
} from "../../../scripts/lib/africastalking-phone.js";
import { contractViolations } from "./contract.js";
import type { Client } from "./http.js";

export const CALLBACK_TOKEN = "channels-callback-token-0123456789abcdef";

function checked(answer: CallbackAnswer, path: string): CallbackAnswer {
  const violations = contractViolations({
    method: "POST",
    path,
    status: answer.status,
    contentType: answer.contentType,
    headers: answer.headers,
    text: answer.text,
  });
  expect(violations, `${path} -> ${answer.status} ${answer.text}`).toEqual([]);
  return answer;
}

const targetOf = (api: Client, token: string): CallbackTarget => ({ baseUrl: api.baseUrl, token });

/** A USSD session whose every answer must be a 200 text/plain screen; each call returns the screen. */
export function dialer(api: Client, phoneNumber: string, token = CALLBACK_TOKEN) {
  const session = ussdSession(targetOf(api, token), phoneNumber);
  const screen = async (answer: Promise<CallbackAnswer>) => {
    const result = checked(await answer, `/ussd/${token}/`);
    expect(result.status, result.text).toBe(200);
    expect(result.contentType).toMatch(/^text\/plain/);
    return result.text;
  };
  return {
    sessionId: session.sessionId,
    dial: () => screen(session.dial()),
    press: (input: string) => screen(session.press(input)),
    repeat: () => screen(session.repeat()),
    /** The raw answer, for what is not a screen (a refused token). */
    raw: () => session.dial().then((answer) => checked(answer, `/ussd/${token}/`)),
  };
}

/** Texts the shop from `from`; resolves with the callback's answer (and the fields, to deliver them again). */
export async function text(
  api: Client,
  from: string,
  body: string,
  options: { token?: string; fields?: InboundFields } = {},
): Promise<{ status: number; body: { status?: string; code?: string }; fields: InboundFields }> {
  const token = options.token ?? CALLBACK_TOKEN;
  const fields = options.fields ?? inboundText(from, body);
  const answer = checked(await postInboundSms(targetOf(api, token), fields), `/sms/inbound/${token}/`);
  return { status: answer.status, body: JSON.parse(answer.text) as { status?: string; code?: string }, fields };
}
