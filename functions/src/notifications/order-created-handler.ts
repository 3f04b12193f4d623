/**
 * What the confirmation trigger does with one event. Loaded on the trigger's first event only, so
 * neither this nor the SMS SDK weighs on the api function.
 */
import { getFirestore, type DocumentReference, type Firestore } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { defaultFirebaseApp } from "../firebase-app.js";
import { createSmsSender } from "./sender-factory.js";
import { loadSmsSettings } from "../config.js";
import { NOTIFICATIONS } from "./notifications-repository.js";
import { deliverSms, type DeliveryResult } from "./sms-delivery.js";
import type { SmsSender } from "./sms-outcome.js";

/** Platform retries stop after this; the sweeper carries on with the order from there. */
export const MAX_EVENT_AGE_MS = 30 * 60_000;

export class TransientSmsFailure extends Error {
  constructor(code: string) {
    super(`transient SMS failure (${code}); asking the platform to retry`);
  }
}

export interface OrderCreatedEvent {
  id: string;
  time: string;
  params: { uid: string; orderId: string };
}

export interface NotificationCreatedEvent {
  id: string;
  time: string;
  params: { uid: string; orderId: string; notificationId: string };
}

export interface HandlerDeps {
  db: Firestore;
  sender: SmsSender;
  clock?: () => Date;
}

let defaults: HandlerDeps | undefined;

export function defaultDeliveryDeps(): HandlerDeps {
  if (!defaults) {
    const db = getFirestore(defaultFirebaseApp());
    defaults = { db, sender: createSmsSender(loadSmsSettings(), db) };
  }
  return defaults;
}

async function deliverForEvent(
  ref: DocumentReference,
  event: { id: string; time: string },
  deps: HandlerDeps,
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
  event: OrderCreatedEvent,
  deps: HandlerDeps = defaultDeliveryDeps(),
): Promise<DeliveryResult> {
  const ref = deps.db.collection("users").doc(event.params.uid).collection("orders").doc(event.params.orderId);
  return deliverForEvent(ref, event, deps);
}

/** A status SMS (an order completed or canceled by staff). */
export function handleNotificationCreated(
  event: NotificationCreatedEvent,
  deps: HandlerDeps = defaultDeliveryDeps(),
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
