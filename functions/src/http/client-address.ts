/**
 * The address a request came from, for per-client rate limits.
 *
 * Called at the function URL, Google's front end appends the address it saw to X-Forwarded-For and
 * Express (trust proxy = 1) takes that last entry: what a client writes into the header itself sits to
 * its left and is ignored. Behind a Firebase Hosting rewrite that last entry is the CDN's (Fastly's),
 * and the client's address travels in Fastly-Client-IP; a client can send that header too, so it is
 * believed only when the request reached Google from one of TRUSTED_PROXY_RANGES.
 */
import { BlockList, isIP } from "node:net";
import type { Request } from "express";

export interface ClientAddressSettings {
  /** "" for the function URL; "Fastly-Client-IP" behind Hosting. */
  header: "" | "Fastly-Client-IP";
  trustedProxyRanges: readonly string[];
}

function blockListOf(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [network = "", prefix = ""] = range.split("/");
    const family = isIP(network) === 6 ? "ipv6" : "ipv4";
    list.addSubnet(network, Number(prefix), family);
  }
  return list;
}

/** Builds the finder once per app: parsing the ranges is not per-request work. */
export function clientAddressOf(settings: ClientAddressSettings): (req: Request) => string {
  const trusted = blockListOf(settings.trustedProxyRanges);
  return (req) => {
    const hop = req.ip ?? "unknown";
    if (settings.header === "") return hop;
    const family = isIP(hop);
    const claimed = req.get(settings.header)?.trim() ?? "";
    if (family === 0 || !trusted.check(hop, family === 6 ? "ipv6" : "ipv4") || isIP(claimed) === 0) return hop;
    return claimed;
  };
}
