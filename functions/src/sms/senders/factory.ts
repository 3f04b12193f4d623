/** Chooses where messages go: Africa's Talking, or the local outbox when configured so (development). */
import type { Firestore } from "firebase-admin/firestore";
import type { SmsSettings } from "../../config.js";
import { createAfricasTalkingSender } from "./africastalking.js";
import { createOutboxSender } from "./outbox.js";
import type { SmsSender } from "./sender.js";

export function createSmsSender(settings: SmsSettings, db: Firestore): SmsSender {
  if (settings.provider === "outbox") return createOutboxSender(db);
  return createAfricasTalkingSender({
    username: settings.username,
    apiKey: settings.apiKey,
    senderId: settings.senderId,
    timeoutMs: settings.timeoutMs,
  });
}
