import "server-only";
import { config } from "@/lib/config";
import ipaddr from "ipaddr.js";

/**
 * Feeds may only reach public unicast addresses: private, loopback, link-local, CGNAT, multicast and
 * reserved ranges (IPv4, IPv6, IPv4 mapped into IPv6, the deprecated IPv4-compatible ::/96 and NAT64) are
 * refused, so a feed URL cannot probe the server's own network (see `privateFeedsAllowed` for the opt-in).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) return false;
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === "unicast";
}

/** The ports feeds and webhooks may use: the web's own. */
export const ALLOWED_PORTS = [80, 443];

/**
 * AUTOPILOT_ALLOW_PRIVATE_ADDRESSES=1 lets feeds and webhooks reach private addresses and any port;
 * AUTOPILOT_ALLOW_PRIVATE_FEEDS=1, its older name, keeps working.
 */
export function privateFeedsAllowed(): boolean {
  const c = config();
  return c.AUTOPILOT_ALLOW_PRIVATE_ADDRESSES || c.AUTOPILOT_ALLOW_PRIVATE_FEEDS;
}
