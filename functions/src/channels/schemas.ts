/**
 * The callbacks' payloads as Africa's Talking posts them (form-encoded), and the answers. Fields the
 * gateway may add later are ignored; the ones read are bounded.
 */
import { z } from "zod";
import { named } from "../http/contract.js";

/** What a gateway's id may hold: printable ASCII without spaces (stored hashed, never as a path). */
const PROVIDER_ID = /^[\x21-\x7E]{1,200}$/;

export const ussdRequestSchema = named(
  "UssdRequest",
  z
    .object({
      sessionId: z
        .string()
        .regex(PROVIDER_ID, "A gateway session id.")
        .max(200)
        .meta({ description: "The same for every request of one session.", example: "ATUid_0b7f1c2e9a" }),
      serviceCode: z.string().max(40).meta({ description: "The code the customer dialed.", example: "*384*123#" }),
      phoneNumber: z.string().min(1).max(32).meta({
        description: "The caller's number (E.164).",
        example: "+254712345678",
      }),
      networkCode: z.string().max(20).optional().meta({ description: "The customer's network.", example: "63902" }),
      text: z.string().max(1000).default("").meta({
        description: "The session's inputs so far, joined by `*`.",
        example: "1*2",
      }),
    })
    .meta({ description: "One step of a USSD session." }),
);
export type UssdRequestBody = z.output<typeof ussdRequestSchema>;

export const ussdAnswerSchema = z
  .string()
  .max(182)
  .regex(/^(CON|END) /)
  .meta({
    description: "`CON <screen>` waits for input; `END <screen>` ends the session. GSM-7.",
    example: "CON Hi alice\n1 Order\n2 My orders\n3 Cancel an order\n4 Language\n5 SMS: on\n0 Exit",
  });

export const inboundSmsSchema = named(
  "InboundSms",
  z
    .object({
      id: z
        .string()
        .regex(PROVIDER_ID, "A provider message id.")
        .max(200)
        .meta({ description: "The same on a redelivery.", example: "ATXid_9b1c3e7f2a" }),
      from: z.string().min(1).max(32).meta({ description: "The sender's number.", example: "+254712345678" }),
      to: z.string().max(32).meta({ description: "The short code it was sent to.", example: "20880" }),
      text: z.string().max(2000).default("").meta({ example: "STATUS" }),
      date: z.string().max(40).optional().meta({ example: "2026-11-02 10:15:30" }),
      linkId: z.string().max(200).optional().meta({ example: "SampleLinkId123" }),
    })
    .meta({
      description: "A text sent to the short code.",
    }),
);
export type InboundSmsBody = z.output<typeof inboundSmsSchema>;

export const inboundAckSchema = named(
  "InboundSmsAck",
  z.strictObject({ status: z.enum(["handled", "duplicate"]) }).meta({
    description: "`duplicate`: delivered before.",
    examples: [{ status: "handled" }],
  }),
);
