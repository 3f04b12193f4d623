/**
 * The feature-phone channels: Africa's Talking's USSD and inbound-SMS callbacks. Both are public
 * routes whose URL holds the callback secret (AT_CALLBACK_TOKEN), checked before the body is read.
 */
import { callbackTokenParameter, checkCallbackToken } from "../http/callback-token.js";
import { operationsUsing, reply } from "../http/operations.js";
import type { InboundService } from "./inbound-service.js";
import { inboundAckSchema, inboundSmsSchema, ussdAnswerSchema, ussdRequestSchema } from "./schemas.js";
import type { UssdService } from "./ussd-service.js";

export interface ChannelServices {
  ussd: UssdService;
  inbound: InboundService;
  /** The secret path segments registered with Africa's Talking (more than one while rotating); none refuses every callback. */
  callbackTokens: readonly string[];
}

const operation = operationsUsing<ChannelServices>();

/** A form of a few short fields: anything bigger is not Africa's Talking. */
const CALLBACK_BODY_LIMIT = 8 * 1024;

export const channelOperations = [
  operation({
    operationId: "answerUssd",
    method: "post",
    path: "/ussd/{token}/",
    summary: "Africa's Talking USSD callback",
    description: "The USSD callback: answers the next screen.",
    tags: ["Notifications"],
    access: "public",
    params: [callbackTokenParameter],
    paramsNotFound: "invalid_callback_token",
    body: {
      schema: ussdRequestSchema,
      mediaType: "application/x-www-form-urlencoded",
      limitBytes: CALLBACK_BODY_LIMIT,
      example: {
        sessionId: "ATUid_0b7f1c2e9a",
        serviceCode: "*384*123#",
        phoneNumber: "+254712345678",
        networkCode: "63902",
        text: "",
      },
    },
    responses: {
      200: { description: "The next screen.", body: ussdAnswerSchema, mediaType: "text/plain" },
    },
    errors: ["invalid_callback_token"],
    guard: (params, { callbackTokens }) => {
      checkCallbackToken(callbackTokens, params.token);
    },
    handle: async ({ body }, { ussd }) =>
      reply.ok(
        await ussd.answer({
          sessionId: body.sessionId,
          serviceCode: body.serviceCode,
          phoneNumber: body.phoneNumber,
          networkCode: body.networkCode,
          text: body.text,
        }),
      ),
  }),

  operation({
    operationId: "receiveInboundSms",
    method: "post",
    path: "/sms/inbound/{token}/",
    summary: "Africa's Talking incoming SMS callback",
    description: "The incoming-SMS callback URL: answers STATUS, STOP, START and HELP by SMS, once per `id`.",
    tags: ["Notifications"],
    access: "public",
    params: [callbackTokenParameter],
    paramsNotFound: "invalid_callback_token",
    body: {
      schema: inboundSmsSchema,
      mediaType: "application/x-www-form-urlencoded",
      limitBytes: CALLBACK_BODY_LIMIT,
      example: {
        id: "ATXid_9b1c3e7f2a",
        from: "+254712345678",
        to: "20880",
        text: "STATUS",
        date: "2026-11-02 10:15:30",
        linkId: "SampleLinkId123",
      },
    },
    responses: { 200: { description: "Acknowledged.", body: inboundAckSchema } },
    errors: ["invalid_callback_token"],
    guard: (params, { callbackTokens }) => {
      checkCallbackToken(callbackTokens, params.token);
    },
    handle: async ({ body }, { inbound }) => {
      const result = await inbound.receive({
        id: body.id,
        from: body.from,
        to: body.to,
        text: body.text,
        date: body.date,
        linkId: body.linkId,
      });
      return reply.ok({ status: result.kind === "duplicate" ? ("duplicate" as const) : ("handled" as const) });
    },
  }),
];
