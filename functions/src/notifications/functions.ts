/**
 * The SMS functions' definitions. Heavy modules (the sending code and the Africa's Talking SDK) are
 * imported inside the handlers, so instances of the api function never load them.
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
  // One send per instance at a time and five instances per trigger: with the sweeper's five, at most
  // 15 calls to Africa's Talking are in flight (see "SMS send rate" in the README for the arithmetic).
  concurrency: 1,
  maxInstances: SMS_MAX_INSTANCES_PER_TRIGGER,
};

export const sendOrderConfirmation = onDocumentCreated(
  { ...smsTriggerOptions, document: "users/{uid}/orders/{orderId}" },
  async (event) => {
    const { handleOrderCreated } = await import("./sms-handlers.js");
    await handleOrderCreated({ id: event.id, time: event.time, params: event.params });
  },
);

export const sendStatusNotification = onDocumentCreated(
  { ...smsTriggerOptions, document: "users/{uid}/orders/{orderId}/notifications/{notificationId}" },
  async (event) => {
    const { handleNotificationCreated } = await import("./sms-handlers.js");
    await handleNotificationCreated({ id: event.id, time: event.time, params: event.params });
  },
);

export const sendVerificationCode = onDocumentCreated(
  { ...smsTriggerOptions, document: "verification_messages/{messageId}" },
  async (event) => {
    const { handleVerificationMessageCreated } = await import("./sms-handlers.js");
    await handleVerificationMessageCreated({ id: event.id, time: event.time, params: event.params });
  },
);

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
    const [{ sweepSms }, { defaultDeliveryDeps }] = await Promise.all([
      import("./sms-sweeper.js"),
      import("./sms-handlers.js"),
    ]);
    const summary = await sweepSms(defaultDeliveryDeps());
    logger.info("sms sweep finished", { ...summary });
  },
);
