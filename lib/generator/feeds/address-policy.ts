import "server-only";
import { config } from "@/lib/config";
import ipaddr from "ipaddr.js";

/**
 * Feeds may only reach public unicast addresses: private, loopback, link-local, CGNAT, multicast and
 * reserved ranges (IPv4, IPv6, and IPv4 mapped into IPv6) are refused, so a feed URL cannot probe the
 * server's own network. AUTOPILOT_ALLOW_PRIVATE_FEEDS=1 lifts this (tests, intranet feeds).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === "unicast";
}

export function privateFeedsAllowed(): boolean {
  return config().AUTOPILOT_ALLOW_PRIVATE_FEEDS;
}
