/**
 * The SMS functions' definitions: each trigger only hands its document to the delivery. Heavy
 * modules (the sending code and the Africa's Talking SDK) are imported inside the handlers, so
 * instances of the api function never load them.
 */
import { onDocumentCreated, type DocumentOptions } from "firebase-functions/v2/firestore";
import { onSchedule } from "firebase-functions/v2/scheduler";
import * as logger from "firebase-functions/logger";
import { atApiKey } from "../config.js";

/** Instances per SMS trigger; each handles one event at a time. */
const SMS_MAX_INSTANCES_PER_TRIGGER = 5;

const smsTriggerOptions: Omit<DocumentOptions, "document"> = {
  // Transient provider failures throw, and the platform redelivers the event with backoff; the
  // handler stops throwing once the event is older than MAX_EVENT_AGE_MS and the sweeper takes over.
  retry: true,
  secrets: [atApiKey],
  memory: "256MiB",
  timeoutSeconds: 60,
  // One send per instance at a time and five instances per trigger: four triggers and the sweeper's
  // five make at most 25 calls to Africa's Talking in flight (docs/sms.md, "Send rate").
  concurrency: 1,
  maxInstances: SMS_MAX_INSTANCES_PER_TRIGGER,
};

/** A trigger on the creation of documents that carry a message. */
function onMessageCreated(document: string) {
  return onDocumentCreated({ ...smsTriggerOptions, document }, async (event) => {
    // The created document's own path; the event's `document` attribute says the same in production.
    const path = event.data?.ref.path ?? event.document;
    const { handleMessageEvent } = await import("./sms-handlers.js");
    await handleMessageEvent({ id: event.id, time: event.time, document: path });
  });
}

export const sendOrderConfirmation = onMessageCreated("users/{uid}/orders/{orderId}");
export const sendStatusNotification = onMessageCreated("users/{uid}/orders/{orderId}/notifications/{notificationId}");
export const sendVerificationCode = onMessageCreated("verification_messages/{messageId}");
export const sendSmsReply = onMessageCreated("sms_replies/{replyId}");

export const sweepOrderSms = onSchedule(
  {
    schedule: "every 5 minutes",
    secrets: [atApiKey],
    memory: "256MiB",
    timeoutSeconds: 300,
    concurrency: 1,
    maxInstances: 1,
    retryCount: 0,
  },
  async () => {
    const { sweepMessages } = await import("./sms-handlers.js");
    const summary = await sweepMessages();
    logger.info("sms sweep finished", { ...summary });
  },
);
