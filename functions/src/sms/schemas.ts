/** How an SMS looks in the API: where it stands and what the provider said (never its text or recipient). */
import { z } from "zod";
import { named } from "../http/contract.js";

const SMS_STATUSES = ["pending", "sending", "sent", "failed", "outbox", "suppressed"] as const;

export const smsStateSchema = named(
  "SmsState",
  z
    .strictObject({
      status: z.enum(SMS_STATUSES).meta({
        description: "suppressed: not sent on purpose (see error_code).",
      }),
      attempts: z.number().int().min(0).max(100).meta({ format: "int32" }),
      channel: z.enum(["africastalking", "outbox"]).nullable(),
      message_id: z.string().max(200).nullable(),
      cost: z.string().max(50).nullable().meta({ description: "As the provider reports it." }),
      error_code: z.string().max(64).nullable().meta({ description: "Why it failed or was suppressed." }),
      error_message: z.string().max(500).nullable(),
      updated_at: z.iso.datetime().max(40).nullable(),
      delivery_status: z.string().max(50).nullable().meta({ description: "The latest delivery report, e.g. Success." }),
      delivery_failure_reason: z.string().max(200).nullable(),
    })
    .meta({ description: "An order's SMS and where it stands." }),
);
export type SmsStateResponse = z.infer<typeof smsStateSchema>;

export const exampleSmsState = {
  status: "sent",
  attempts: 1,
  channel: "africastalking",
  message_id: "ATXid_3c4e0f2a9b",
  cost: "KES 0.8000",
  error_code: null,
  error_message: null,
  updated_at: "2024-01-15T10:30:01.204Z",
  delivery_status: "Success",
  delivery_failure_reason: null,
} as const;

/** An SMS not sent yet: the short state a list's example shows. */
export const examplePendingSmsState = {
  status: "pending",
  attempts: 0,
  channel: null,
  message_id: null,
  cost: null,
  error_code: null,
  error_message: null,
  updated_at: null,
  delivery_status: null,
  delivery_failure_reason: null,
} as const;
