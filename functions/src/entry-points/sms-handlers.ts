/**
 * What the SMS triggers do with one event: hand the document to the delivery. Loaded on a trigger's
 * first event only, so neither this nor the SMS SDK weighs on the api function.
 */
import { getFirestore } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { loadSmsSettings } from "../config.js";
import { ORDER_MESSAGE_CARRIERS } from "../orders/orders-repository.js";
import { defaultFirebaseApp } from "../platform/firebase-app.js";
import { deliverSms, type DeliveryDeps, type DeliveryResult } from "../sms/delivery.js";
import { createSmsSender } from "../sms/senders/factory.js";
import { createSmsRepository, SMS_REPLIES, VERIFICATION_MESSAGES } from "../sms/sms-repository.js";
import { sweepSms, type SweepSummary } from "../sms/sweeper.js";

/** Platform retries stop after this; the sweeper carries on with the message from there. */
export const MAX_EVENT_AGE_MS = 30 * 60_000;

/** Every collection whose documents carry a message, for the sweeper. */
export const MESSAGE_CARRIERS = [...ORDER_MESSAGE_CARRIERS, VERIFICATION_MESSAGES, SMS_REPLIES] as const;

export class TransientSmsFailure extends Error {
  constructor(code: string) {
    super(`transient SMS failure (${code}); asking the platform to retry`);
  }
}

export interface TriggerEvent {
  id: string;
  time: string;
  /** The path of the document the event is about. */
  document: string;
}

let defaults: DeliveryDeps | undefined;

/** The real Firestore, sender and budget, from the function's settings (read once per instance). */
export function defaultDeliveryDeps(): DeliveryDeps {
  if (!defaults) {
    const db = getFirestore(defaultFirebaseApp());
    const settings = loadSmsSettings();
    defaults = {
      sms: createSmsRepository(db),
      sender: createSmsSender(settings, db),
      budget: settings.budget,
      destinations: settings.destinations,
      timeZone: settings.timeZone,
    };
  }
  return defaults;
}

/**
 * Delivers the message the event's document carries. A transient failure throws while the event is
 * young, so the platform redelivers it with backoff; after that the sweeper takes over.
 */
export async function handleMessageEvent(
  event: TriggerEvent,
  deps: DeliveryDeps = defaultDeliveryDeps(),
): Promise<DeliveryResult> {
  const clock = deps.clock ?? (() => new Date());
  const result = await deliverSms({ ...deps, clock }, event.document, `event:${event.id}`);
  if (result.kind === "retry_later") {
    const age = clock().getTime() - Date.parse(event.time);
    if (age < MAX_EVENT_AGE_MS) throw new TransientSmsFailure(result.code);
    logger.warn("sms retry left to the sweeper: event too old for platform retries", { document: event.document });
  }
  return result;
}

/** One sweep over every carrier collection. */
export function sweepMessages(deps: DeliveryDeps = defaultDeliveryDeps()): Promise<SweepSummary> {
  return sweepSms(deps, MESSAGE_CARRIERS);
}
