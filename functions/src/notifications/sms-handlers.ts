/**
 * What the SMS triggers do with one event. Loaded on a trigger's first event only, so neither this
 * nor the SMS SDK weighs on the api function.
 */
import { getFirestore, type DocumentReference } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { loadSmsSettings } from "../config.js";
import { defaultFirebaseApp } from "../firebase-app.js";
import { NOTIFICATIONS, VERIFICATION_MESSAGES } from "./notifications-repository.js";
import { createSmsSender } from "./sender-factory.js";
import { deliverSms, type DeliveryDeps, type DeliveryResult } from "./sms-delivery.js";

/** Platform retries stop after this; the sweeper carries on with the message from there. */
export const MAX_EVENT_AGE_MS = 30 * 60_000;

export class TransientSmsFailure extends Error {
  constructor(code: string) {
    super(`transient SMS failure (${code}); asking the platform to retry`);
  }
}

export interface TriggerEvent<Params> {
  id: string;
  time: string;
  params: Params;
}

let defaults: DeliveryDeps | undefined;

/** The real Firestore, sender and budget, from the function's settings (read at invocation time). */
export function defaultDeliveryDeps(): DeliveryDeps {
  if (!defaults) {
    const db = getFirestore(defaultFirebaseApp());
    const settings = loadSmsSettings();
    defaults = { db, sender: createSmsSender(settings, db), budget: settings.budget };
  }
  return defaults;
}

async function deliverForEvent(
  ref: DocumentReference,
  event: { id: string; time: string },
  deps: DeliveryDeps,
): Promise<DeliveryResult> {
  const clock = deps.clock ?? (() => new Date());
  const result = await deliverSms({ ...deps, clock }, ref, `event:${event.id}`);
  if (result.kind === "retry_later") {
    const age = clock().getTime() - Date.parse(event.time);
    if (age < MAX_EVENT_AGE_MS) throw new TransientSmsFailure(result.code);
    logger.warn("sms retry left to the sweeper: event too old for platform retries", { document: ref.path });
  }
  return result;
}

/** The confirmation SMS of a new order. */
export function handleOrderCreated(
  event: TriggerEvent<{ uid: string; orderId: string }>,
  deps: DeliveryDeps = defaultDeliveryDeps(),
): Promise<DeliveryResult> {
  const ref = deps.db.collection("users").doc(event.params.uid).collection("orders").doc(event.params.orderId);
  return deliverForEvent(ref, event, deps);
}

/** A status SMS (an order completed or canceled by staff). */
export function handleNotificationCreated(
  event: TriggerEvent<{ uid: string; orderId: string; notificationId: string }>,
  deps: DeliveryDeps = defaultDeliveryDeps(),
): Promise<DeliveryResult> {
  const ref = deps.db
    .collection("users")
    .doc(event.params.uid)
    .collection("orders")
    .doc(event.params.orderId)
    .collection(NOTIFICATIONS)
    .doc(event.params.notificationId);
  return deliverForEvent(ref, event, deps);
}

/** A verification code. */
export function handleVerificationMessageCreated(
  event: TriggerEvent<{ messageId: string }>,
  deps: DeliveryDeps = defaultDeliveryDeps(),
): Promise<DeliveryResult> {
  return deliverForEvent(deps.db.collection(VERIFICATION_MESSAGES).doc(event.params.messageId), event, deps);
}
