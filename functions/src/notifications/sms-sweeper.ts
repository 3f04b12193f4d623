/**
 * Re-drives messages (confirmations and status notifications) that a trigger missed, that failed transiently, or whose sender died
 * holding the lease. Bounded per run; each order goes through the same claim as the trigger, so a
 * sweep racing a trigger still sends once.
 */
import { randomUUID } from "node:crypto";
import { Timestamp, type DocumentReference } from "firebase-admin/firestore";
import { NOTIFICATIONS, VERIFICATION_MESSAGES } from "./notifications-repository.js";
import { deliverSms, type DeliveryDeps, type DeliveryResult } from "./sms-delivery.js";

export interface SweepSummary {
  examined: number;
  results: Record<string, number>;
}

/** Sends in flight at once during a sweep (see "SMS send rate" in the README). */
const CONCURRENCY = 5;

export async function sweepSms(deps: DeliveryDeps, limit = 100): Promise<SweepSummary> {
  const now = Timestamp.fromDate((deps.clock ?? (() => new Date()))());
  const snapshots = await Promise.all(
    ["orders", NOTIFICATIONS, VERIFICATION_MESSAGES].flatMap((group) => {
      const carriers = deps.db.collectionGroup(group);
      return [
        carriers.where("sms.status", "==", "pending").where("sms.next_attempt_at", "<=", now).limit(limit).get(),
        carriers.where("sms.status", "==", "sending").where("sms.lease_expires_at", "<=", now).limit(limit).get(),
      ];
    }),
  );
  const refs: DocumentReference[] = snapshots
    .flatMap((snapshot) => snapshot.docs)
    .slice(0, limit)
    .map((doc) => doc.ref);
  const trigger = `sweep:${randomUUID()}`;
  const results: Record<string, number> = {};
  const count = (result: DeliveryResult) => {
    const key = result.kind === "final" ? result.status : result.kind === "skipped" ? result.reason : result.kind;
    results[key] = (results[key] ?? 0) + 1;
  };
  for (let i = 0; i < refs.length; i += CONCURRENCY) {
    const batch = refs.slice(i, i + CONCURRENCY);
    for (const result of await Promise.all(batch.map((ref) => deliverSms(deps, ref, trigger)))) count(result);
  }
  return { examined: refs.length, results };
}
