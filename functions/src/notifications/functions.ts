/**
 * The SMS functions' definitions. Heavy modules (the sending code and the Africa's Talking SDK) are
 * imported inside the handlers, so instances of the api function never load them.
 */
import { onDocumentCreated, type DocumentOptions } from "firebase-functions/v2/firestore";
import { onSchedule } from "firebase-functions/v2/scheduler";
import * as logger from "firebase-functions/logger";
import { atApiKey } from "./sms-config.js";

const smsTriggerOptions: Omit<DocumentOptions, "document"> = {
  // Transient provider failures throw, and the platform redelivers the event with backoff; the
  // handler stops throwing once the event is older than MAX_EVENT_AGE_MS and the sweeper takes over.
  retry: true,
  secrets: [atApiKey],
  memory: "256MiB",
  timeoutSeconds: 60,
  // Ten instances stay within Africa's Talking's rate limits.
  maxInstances: 10,
};

export const sendOrderConfirmation = onDocumentCreated(
  { ...smsTriggerOptions, document: "users/{uid}/orders/{orderId}" },
  async (event) => {
    const { handleOrderCreated } = await import("./order-created-handler.js");
    await handleOrderCreated({ id: event.id, time: event.time, params: event.params });
  },
);

export const sendStatusNotification = onDocumentCreated(
  { ...smsTriggerOptions, document: "users/{uid}/orders/{orderId}/notifications/{notificationId}" },
  async (event) => {
    const { handleNotificationCreated } = await import("./order-created-handler.js");
    await handleNotificationCreated({ id: event.id, time: event.time, params: event.params });
  },
);

export const sweepOrderSms = onSchedule(
  {
    schedule: "every 5 minutes",
    secrets: [atApiKey],
    memory: "256MiB",
    timeoutSeconds: 300,
    maxInstances: 1,
    retryCount: 0,
  },
  async () => {
    const [{ sweepSms }, { defaultDeliveryDeps }] = await Promise.all([
      import("./sms-sweeper.js"),
      import("./order-created-handler.js"),
    ]);
    const summary = await sweepSms(defaultDeliveryDeps());
    logger.info("sms sweep finished", { ...summary });
  },
);
