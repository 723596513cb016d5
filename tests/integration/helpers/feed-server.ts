import http from "node:http";
import type { AddressInfo } from "node:net";

const now = new Date();
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toUTCString();
const isoHoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

export const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Chip News</title><link>https://chips.example</link>
<item><title>Foundry expands capacity</title><link>https://chips.example/foundry</link><description>&lt;p&gt;New &lt;b&gt;fab&lt;/b&gt; online&lt;/p&gt;</description><pubDate>${hoursAgo(3)}</pubDate></item>
<item><title>Old news</title><link>https://chips.example/old</link><pubDate>${hoursAgo(24 * 40)}</pubDate></item>
<item><title>&lt;script&gt;alert(1)&lt;/script&gt;Payload</title><link>javascript:alert(1)</link><pubDate>${hoursAgo(2)}</pubDate></item>
<item><title>Evil summary</title><link>https://chips.example/evil</link><description>&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;fine text</description><pubDate>${hoursAgo(1)}</pubDate></item>
</channel></rss>`;

export const ATOM = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Policy Watch</title>
<entry><title>Export rules updated</title><link href="https://policy.example/export"/><id>1</id><updated>${isoHoursAgo(5)}</updated><summary>Rules for chips</summary></entry>
</feed>`;

/** A 5 MB RSS feed whose summary is thousands of unclosed <script> tags: hostile to regex-based cleaning. */
export const HOSTILE_RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>
<item><title>Hostile summary</title><link>https://hostile.example/1</link><description><![CDATA[${"<script>".repeat(600_000)}]]></description><pubDate>${hoursAgo(1)}</pubDate></item>
</channel></rss>`;

/** What the server saw: requests per path, and the conditional ones (If-None-Match). */
export interface FeedServerLog {
  requests: Map<string, number>;
  conditional: Map<string, number>;
}

/** A local HTTP server with the feeds the tests need: good, malformed, slow, oversized, redirecting, hostile. */
export async function startFeedServer(): Promise<{ url: (path: string) => string; close: () => Promise<void>; seen: FeedServerLog }> {
  const seen: FeedServerLog = { requests: new Map(), conditional: new Map() };
  const server = http.createServer((request, response) => {
    const path = request.url ?? "/";
    seen.requests.set(path, (seen.requests.get(path) ?? 0) + 1);
    if (path.startsWith("/etag/")) {
      // A feed with a validator: answers 304 to a request that presents it.
      if (request.headers["if-none-match"] === '"v1"') {
        seen.conditional.set(path, (seen.conditional.get(path) ?? 0) + 1);
        return response.writeHead(304, { etag: '"v1"' }).end();
      }
      return response.writeHead(200, { "content-type": "application/rss+xml", etag: '"v1"' }).end(RSS);
    }
    if (path.startsWith("/big/")) {
      // 100 entries with 1,000-character summaries: about 250 KB once parsed.
      const entries = Array.from({ length: 100 }, (_, i) => `<item><title>Big ${i}</title><link>https://big.example${path}/${i}</link><description>${"b".repeat(1000)}</description><pubDate>${hoursAgo(1)}</pubDate></item>`);
      return response.writeHead(200, { "content-type": "application/rss+xml" }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${entries.join("")}</channel></rss>`);
    }
    if (path === "/hostile") return response.writeHead(200, { "content-type": "application/rss+xml" }).end(HOSTILE_RSS);
    if (path === "/rss") return response.writeHead(200, { "content-type": "application/rss+xml" }).end(RSS);
    if (path === "/atom") return response.writeHead(200, { "content-type": "application/atom+xml" }).end(ATOM);
    if (path === "/not-xml") return response.writeHead(200, { "content-type": "text/html" }).end("<html><body>hello</body></html>");
    if (path === "/missing") return response.writeHead(404).end("nope");
    if (path === "/slow") return setTimeout(() => response.writeHead(200).end(RSS), 5_000).unref();
    const slow = path.match(/^\/slow\/(\d+)(\/.*)?$/);
    if (slow) return setTimeout(() => response.writeHead(200, { "content-type": "application/rss+xml" }).end(RSS), Number(slow[1])).unref();
    if (path === "/huge") {
      response.writeHead(200, { "content-type": "application/rss+xml" });
      const chunk = "x".repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 8 * 1024 * 1024) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once("drain", pump);
        }
        response.end();
      };
      return pump();
    }
    const hop = path.match(/^\/redirect\/(\d+)$/);
    if (hop) {
      const left = Number(hop[1]);
      return response.writeHead(302, { location: left > 0 ? `/redirect/${left - 1}` : "/rss" }).end();
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    seen,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
