/**
 * Whether the shop can be reached, as the app last found it: a request that got an answer says yes,
 * one that failed for the network says no, and the browser's online and offline events say so too.
 *
 * `navigator.onLine` alone is not trusted: it is true on a network that reaches nothing, and false on
 * a machine whose only network is its own loopback even where the site answers.
 */
import { useEffect, useState } from "preact/hooks";

let reachable = true;
const listeners = new Set<(reachable: boolean) => void>();

export function reportReachable(now: boolean): void {
  if (now === reachable) return;
  reachable = now;
  for (const listener of listeners) listener(now);
}

addEventListener("online", () => {
  reportReachable(true);
});
addEventListener("offline", () => {
  reportReachable(false);
});

/** fetch, telling the app whether the shop answered. */
export const reportingFetch: typeof fetch = async (input, init) => {
  try {
    const response = await fetch(input, init);
    reportReachable(true);
    return response;
  } catch (error) {
    if (error instanceof TypeError) reportReachable(false);
    throw error;
  }
};

export function useOnline(): boolean {
  const [online, setOnline] = useState(reachable);
  useEffect(() => {
    setOnline(reachable);
    listeners.add(setOnline);
    return () => {
      listeners.delete(setOnline);
    };
  }, []);
  return online;
}
