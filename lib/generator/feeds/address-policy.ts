import "server-only";
import { config } from "@/lib/config";
import ipaddr from "ipaddr.js";

/**
 * Feeds may only reach public unicast addresses: private, loopback, link-local, CGNAT, multicast and
 * reserved ranges (IPv4, IPv6, and IPv4 mapped into IPv6) are refused, so a feed URL cannot probe the
 * server's own network (see `privateFeedsAllowed` for the opt-in).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === "unicast";
}

/**
 * AUTOPILOT_ALLOW_PRIVATE_ADDRESSES=1 lets feeds and webhooks reach private addresses;
 * AUTOPILOT_ALLOW_PRIVATE_FEEDS=1, its older name, keeps working.
 */
export function privateFeedsAllowed(): boolean {
  const c = config();
  return c.AUTOPILOT_ALLOW_PRIVATE_ADDRESSES || c.AUTOPILOT_ALLOW_PRIVATE_FEEDS;
}
