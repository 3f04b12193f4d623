/**
 * Without Africa's Talking credentials (local development, demo projects) messages are written to
 * the Firestore collection `sms_outbox` instead, where developers can read them (`npm run outbox`).
 */
import { Timestamp, type Firestore } from "firebase-admin/firestore";
import { cloudLogging, type LogSink } from "../../http/log.js";
import { grpcCode, GrpcStatus } from "../../platform/sdk-errors.js";
import { maskedNumber } from "../../phone/phone-number.js";
import type { SmsSender } from "./sender.js";

const OUTBOX_COLLECTION = "sms_outbox";

export function createOutboxSender(
  db: Firestore,
  clock: () => Date = () => new Date(),
  log: LogSink = cloudLogging,
): SmsSender {
  return {
    channel: "outbox",
    async send(to, message, reference) {
      const ref = db.collection(OUTBOX_COLLECTION).doc(reference);
      try {
        await ref.create({ to, message, reference, created_at: Timestamp.fromDate(clock()) });
        // The number masked: log lines are kept and read more widely than the outbox.
        log.info("sms written to the local outbox", { reference, to: maskedNumber(to) });
      } catch (error) {
        // Already written by an earlier attempt whose outcome was lost: the message exists once.
        if (grpcCode(error) !== GrpcStatus.ALREADY_EXISTS) {
          return { kind: "transient", code: "outbox_unavailable", message: "Could not write to the outbox." };
        }
      }
      return { kind: "sent", channel: "outbox", messageId: ref.id, cost: null };
    },
  };
}
