/**
 * Re-drives messages a trigger missed, that failed transiently, or whose sender died holding the
 * lease. Bounded per run; each goes through the same claim as the trigger, so a sweep racing a
 * trigger still sends once.
 */
import { randomUUID } from "node:crypto";
import { deliverSms, type DeliveryDeps, type DeliveryResult } from "./delivery.js";

export interface SweepSummary {
  examined: number;
  results: Record<string, number>;
}

/** Sends in flight at once during a sweep (see "SMS send rate" in the docs). */
const CONCURRENCY = 5;

/** `carriers` names the collections whose documents carry messages (collection-group ids). */
export async function sweepSms(deps: DeliveryDeps, carriers: readonly string[], limit = 100): Promise<SweepSummary> {
  const now = (deps.clock ?? (() => new Date()))();
  const paths = await deps.sms.due(carriers, now, limit);
  const trigger = `sweep:${randomUUID()}`;
  const results: Record<string, number> = {};
  const count = (result: DeliveryResult) => {
    const key = result.kind === "final" ? result.status : result.kind === "skipped" ? result.reason : result.kind;
    results[key] = (results[key] ?? 0) + 1;
  };
  for (let i = 0; i < paths.length; i += CONCURRENCY) {
    const batch = paths.slice(i, i + CONCURRENCY);
    for (const result of await Promise.all(batch.map((path) => deliverSms(deps, path, trigger)))) count(result);
  }
  return { examined: paths.length, results };
}
