import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isPublicAddress } from "@/lib/generator/feeds/address-policy";
import { fetchFeedItems } from "@/lib/generator/feeds/fetch-feed-items";
import { FEED_LIMITS, safeFetchText } from "@/lib/generator/feeds/safe-fetch";
import { startFeedServer } from "./helpers/feed-server";

let server: Awaited<ReturnType<typeof startFeedServer>>;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());
afterEach(() => {
  delete process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS;
});

describe("which addresses a feed may reach", () => {
  it.each([
    ["8.8.8.8", true],
    ["2606:4700:4700::1111", true],
    ["127.0.0.1", false],
    ["10.1.2.3", false],
    ["172.16.0.1", false],
    ["192.168.1.1", false],
    ["169.254.169.254", false], // cloud metadata
    ["100.64.0.1", false],
    ["0.0.0.0", false],
    ["::1", false],
    ["fe80::1", false],
    ["fd00::1", false],
    ["::ffff:127.0.0.1", false],
    ["::7f00:1", false], // ::127.0.0.1, IPv4-compatible (::/96)
    ["::a00:1", false],
    ["64:ff9b::a00:1", false], // NAT64
  ])("%s public: %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe("fetching feeds safely", () => {
  it("refuses private addresses, by literal and after DNS resolution, unless allowed", async () => {
    await expect(safeFetchText(server.url("/rss"))).rejects.toThrow(/127\.0\.0\.1 is a private address/);
    await expect(safeFetchText(server.url("/rss").replace("127.0.0.1", "localhost"))).rejects.toThrow(/only ports 80 and 443 are used/);
    process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS = "1";
    expect(await safeFetchText(server.url("/rss"))).toContain("<rss");
  });

  it("uses only ports 80 and 443, and never says which private address a name resolved to", async () => {
    await expect(safeFetchText("http://example.com:8080/feed")).rejects.toThrow(/only ports 80 and 443 are used, not 8080/);
    await expect(safeFetchText("https://example.com:22/feed")).rejects.toThrow(/not 22/);
    const refused = await safeFetchText("http://localhost/feed").catch((error: Error) => error);
    expect(String(refused)).toMatch(/localhost resolves to a private address; refused/);
    expect(String(refused)).not.toMatch(/127\.0\.0\.1|::1/);
  });

  it("refuses other protocols", async () => {
    await expect(safeFetchText("file:///etc/passwd")).rejects.toThrow(/only http\(s\)/);
    await expect(safeFetchText("ftp://example.com/feed")).rejects.toThrow(/only http\(s\)/);
  });

  it("follows at most 3 redirects", async () => {
    process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS = "1";
    expect(await safeFetchText(server.url("/redirect/2"))).toContain("<rss"); // 3 hops
    await expect(safeFetchText(server.url("/redirect/3"))).rejects.toThrow(/more than 3 redirects/);
  });

  it("gives up on a slow feed and on one larger than the cap", async () => {
    process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS = "1";
    await expect(safeFetchText(server.url("/slow"), { ...FEED_LIMITS, timeoutMs: 300 })).rejects.toThrow(/no answer within 0.3 s/);
    await expect(safeFetchText(server.url("/huge"))).rejects.toThrow(/larger than 5 MB/);
  });

  it("parses RSS and Atom into items; refuses what is not a feed; drops unsafe links and markup", async () => {
    process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS = "1";
    const now = new Date();
    const rss = await fetchFeedItems({ url: server.url("/rss"), category_id: "chips", region: "Asia" }, now);
    expect(rss.map((i) => i.title)).toEqual(["Foundry expands capacity", "Old news", "Evil summary"]);
    expect(rss[0]).toMatchObject({ category_id: "chips", region: "Asia", source: "Chip News", summary: "New fab online" });
    expect(rss[2].summary).toBe("fine text");
    const atom = await fetchFeedItems({ url: server.url("/atom"), category_id: "policy" }, now);
    expect(atom).toEqual([expect.objectContaining({ title: "Export rules updated", url: "https://policy.example/export", region: "Global" })]);
    await expect(fetchFeedItems({ url: server.url("/not-xml"), category_id: "x" }, now)).rejects.toThrow(/not an RSS or Atom feed/);
    await expect(fetchFeedItems({ url: server.url("/missing"), category_id: "x" }, now)).rejects.toThrow(/HTTP 404/);
  });
});
