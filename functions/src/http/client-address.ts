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

/**
 * The key a client's requests are counted under: its IPv4 address, or the /64 network of its IPv6
 * address. One IPv6 host is given a whole /64 (and can pick any address in it), so counting single
 * addresses would give it unlimited buckets.
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  if (address.startsWith("::ffff:") && isIP(address.slice(7)) === 4) return address.slice(7);
  const [head = "", tail = ""] = address.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === "" ? [] : tail.split(":");
  const groups = address.includes("::")
    ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right]
    : left;
  const network = groups.slice(0, 4).map((group) => (Number.parseInt(group, 16) || 0).toString(16));
  return `${network.join(":")}::/64`;
}

/**
 * Builds the finder once per app (parsing the ranges is not per-request work). It answers the key
 * rate limits count under (addressBucket).
 */
export function clientAddressOf(settings: ClientAddressSettings): (req: Request) => string {
  const trusted = blockListOf(settings.trustedProxyRanges);
  return (req) => {
    const hop = req.ip ?? "unknown";
    if (settings.header === "") return addressBucket(hop);
    const family = isIP(hop);
    const claimed = req.get(settings.header)?.trim() ?? "";
    if (family === 0 || !trusted.check(hop, family === 6 ? "ipv6" : "ipv4") || isIP(claimed) === 0) {
      return addressBucket(hop);
    }
    return addressBucket(claimed);
  };
}
