/**
 * What the app keeps on this phone to be useful offline: the signed-in customer's profile and their
 * latest orders, each with the time it was saved, so a page shown from it can say so. Kept per
 * account and forgotten at sign-out, so a shared phone shows no one else's orders.
 *
 * The service worker (service-worker.ts) keeps the app itself; API answers are never cached there,
 * since they belong to whoever was signed in.
 */
const PREFIX = "offline:v1:";

export interface Saved<T> {
  value: T;
  /** When it was saved, ISO 8601. */
  saved_at: string;
}

type Kind = "profile" | "orders";

function keyOf(uid: string, kind: Kind): string {
  return `${PREFIX}${uid}:${kind}`;
}

export function saveOffline(uid: string, kind: Kind, value: unknown): void {
  try {
    const saved: Saved<unknown> = { value, saved_at: new Date().toISOString() };
    localStorage.setItem(keyOf(uid, kind), JSON.stringify(saved));
  } catch {
    // Full or blocked storage: the app works as before, only not offline.
  }
}

export function savedOffline<T>(uid: string, kind: Kind): Saved<T> | undefined {
  try {
    const text = localStorage.getItem(keyOf(uid, kind));
    return text ? (JSON.parse(text) as Saved<T>) : undefined;
  } catch {
    return undefined;
  }
}

/** Forgets everything kept for every account (at sign-out). */
export function forgetOffline(): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
  } catch {
    // Nothing was kept.
  }
}
