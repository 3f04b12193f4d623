/**
 * The day's SMS tally, as pure rules: what a message adds to the count of the shop's day on which it
 * reached a final state (sent, failed, or suppressed with its reason), and the cost the provider
 * reported for it. The SMS repository writes the addition in the transaction that makes the message
 * final, so each message counts exactly once, on the shop's calendar (SHOP_TIME_ZONE); the daily
 * report reads the sum.
 *
 * Spread over shards: a busy shop finishes several messages a second, more than one document takes.
 */
import type { SmsStatus } from "./message.js";

export const TALLY_SHARDS = 10;

export function tallyShardId(date: string, shard: number): string {
  return `${date}-${shard}`;
}

/** A cost as Africa's Talking reports it ("KES 0.8000"), in millionths of the currency unit. */
export interface Cost {
  currency: string;
  micros: number;
}

const COST = /^([A-Z]{3})\s*(\d{1,9})(?:\.(\d{1,6}))?$/;

/** null when none was reported (the outbox, a failure), "unreadable" when it was but cannot be read. */
export function parseCost(reported: string | null): Cost | null | "unreadable" {
  if (reported === null || reported.trim() === "") return null;
  const match = COST.exec(reported.trim());
  if (!match?.[1] || match[2] === undefined) return "unreadable";
  const micros = Number(match[2]) * 1_000_000 + Number((match[3] ?? "").padEnd(6, "0"));
  return { currency: match[1], micros };
}

/** What one final message adds to its day. */
export type TallyEntry =
  | { outcome: "sent"; cost: Cost | null | "unreadable" }
  | { outcome: "failed" }
  | { outcome: "suppressed"; reason: string };

/** The entry for a message in a final state; none for a state that is not final. */
export function tallyEntryOf(message: {
  status: SmsStatus;
  cost: string | null;
  error_code: string | null;
}): TallyEntry | undefined {
  switch (message.status) {
    case "sent":
    case "outbox":
      return { outcome: "sent", cost: parseCost(message.cost) };
    case "failed":
      return { outcome: "failed" };
    case "suppressed":
      return { outcome: "suppressed", reason: message.error_code ?? "unknown" };
    case "pending":
    case "sending":
      return undefined;
  }
}

/** One shard as stored: counts by outcome, suppressions by reason, costs by currency. */
export interface TallyShard {
  date: string;
  sent?: number;
  failed?: number;
  suppressed?: Record<string, number>;
  cost_micros?: Record<string, number>;
  /** Sent messages with no readable cost (none reported, as from the local outbox, or not one this reads). */
  cost_unknown?: number;
}

/** A day's tally, summed over its shards. */
export interface DayTally {
  sent: number;
  failed: number;
  suppressed: Record<string, number>;
  costMicros: Record<string, number>;
  costUnknown: number;
}

function addInto(target: Record<string, number>, source: Record<string, number> | undefined): void {
  for (const [key, value] of Object.entries(source ?? {})) target[key] = (target[key] ?? 0) + value;
}

export function sumShards(shards: readonly (TallyShard | undefined)[]): DayTally {
  const total: DayTally = { sent: 0, failed: 0, suppressed: {}, costMicros: {}, costUnknown: 0 };
  for (const shard of shards) {
    if (!shard) continue;
    total.sent += shard.sent ?? 0;
    total.failed += shard.failed ?? 0;
    total.costUnknown += shard.cost_unknown ?? 0;
    addInto(total.suppressed, shard.suppressed);
    addInto(total.costMicros, shard.cost_micros);
  }
  return total;
}
