/** Africa's Talking's delivery-report callback. */
import { z } from "zod";
import { callbackTokenParameter, checkCallbackToken } from "../http/callback-token.js";
import { named } from "../http/contract.js";
import { operationsUsing, reply } from "../http/operations.js";
import type { SmsRepository } from "./sms-repository.js";

export interface SmsServices {
  sms: SmsRepository;
  /** The secret path segments registered with Africa's Talking (more than one while rotating); none refuses every report. */
  callbackTokens: readonly string[];
  clock: () => Date;
}

const operation = operationsUsing<SmsServices>();

/** The fields Africa's Talking posts; others it may add are ignored. */
const deliveryReportSchema = named(
  "DeliveryReport",
  z
    .object({
      id: z
        .string()
        .max(200)
        .regex(/^(?!__)[A-Za-z0-9_-]{1,200}$/, "A provider message id: letters, digits, _ and -.")
        .meta({ example: "ATXid_3c4e0f2a9b" }),
      status: z.string().min(1).max(50).meta({ example: "Success" }),
      phoneNumber: z.string().max(32).optional().meta({ example: "+254712345678" }),
      networkCode: z.string().max(20).optional().meta({ example: "63902" }),
      failureReason: z.string().max(200).optional().meta({ example: "InsufficientCredit" }),
    })
    .meta({ description: "An SMS delivery report." }),
);

const acknowledgementSchema = named(
  "DeliveryReportAck",
  z
    .strictObject({ status: z.enum(["recorded", "ignored"]) })
    .meta({ description: "Whether the report changed anything.", examples: [{ status: "recorded" }] }),
);

export const smsOperations = [
  operation({
    operationId: "receiveDeliveryReport",
    method: "post",
    path: "/sms/delivery-reports/{token}/",
    summary: "Africa's Talking delivery report callback",
    description: "A final status is never replaced.",
    tags: ["Notifications"],
    access: "public",
    params: [callbackTokenParameter],
    paramsNotFound: "invalid_callback_token",
    body: {
      schema: deliveryReportSchema,
      mediaType: "application/x-www-form-urlencoded",
      limitBytes: 4 * 1024,
      example: { id: "ATXid_3c4e0f2a9b", status: "Success", phoneNumber: "+254712345678", networkCode: "63902" },
    },
    responses: { 200: { description: "Acknowledged.", body: acknowledgementSchema } },
    errors: ["invalid_callback_token"],
    guard: (params, { callbackTokens }) => {
      checkCallbackToken(callbackTokens, params.token);
    },
    handle: async ({ body }, { sms, clock }) => {
      const outcome = await sms.recordDeliveryReport(
        {
          id: body.id,
          status: body.status,
          failureReason: body.failureReason ?? null,
          networkCode: body.networkCode ?? null,
        },
        clock(),
      );
      // Unknown ids are acknowledged too: the provider must not keep retrying them.
      return reply.ok({ status: outcome });
    },
  }),
];
