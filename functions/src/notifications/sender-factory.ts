/** Chooses where messages go: Africa's Talking when it is configured, the local outbox otherwise. */
import type { Firestore } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { createAfricasTalkingSender } from "./africastalking-sender.js";
import { createOutboxSender } from "./outbox-sender.js";
import { EMULATOR_PLACEHOLDER_KEY, type SmsSettings } from "./sms-config.js";
import type { SmsSender } from "./sms-outcome.js";

export function createSmsSender(settings: SmsSettings, db: Firestore): SmsSender {
  const hasKey = settings.apiKey.length > 0 && settings.apiKey !== EMULATOR_PLACEHOLDER_KEY;
  if (settings.username && hasKey) {
    return createAfricasTalkingSender({
      username: settings.username,
      apiKey: settings.apiKey,
      senderId: settings.senderId,
      timeoutMs: settings.timeoutMs,
    });
  }
  if (settings.username || hasKey) {
    logger.warn("Africa's Talking is half configured (AT_USERNAME and AT_API_KEY go together); using the outbox");
  }
  return createOutboxSender(db);
}
