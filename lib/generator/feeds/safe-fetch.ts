import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { ALLOWED_PORTS, isPublicAddress, privateFeedsAllowed } from "./address-policy";

export interface SafeFetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

/** A time limit in words: whole seconds as they are ("10"), others to a tenth ("0.3", "7.4"). */
function seconds(ms: number): string {
  return Number.isInteger(ms / 1000) ? String(ms / 1000) : (ms / 1000).toFixed(1);
}

export const FEED_LIMITS: SafeFetchLimits = { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 3 };

export class FeedFetchError extends Error {}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * DNS resolution that refuses private addresses. It runs inside the connection itself, so the address
 * checked is the address connected to (no window for DNS rebinding between a check and the request).
 */
function guardedLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused && !privateFeedsAllowed()) {
      // The address itself is not said: the message reaches users, and must not map the server's network.
      return callback(new FeedFetchError(`${hostname} resolves to a private address; refused`), []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

/**
 * Why a URL may not be requested before any connection is made: not http(s), a port other than 80 and 443,
 * or an IP literal outside the public range (a host name is checked on the address it resolves to, in
 * `guardedLookup`).
 */
function urlRefusal(url: URL): string | null {
  if (url.protocol !== "http:" && url.protocol !== "https:") return `only http(s) is fetched, not ${url.protocol}`;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && !isPublicAddress(host) && !privateFeedsAllowed()) return `${host} is a private address; refused`;
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  if (!ALLOWED_PORTS.includes(port) && !privateFeedsAllowed()) return `only ports 80 and 443 are used, not ${port}`;
  return null;
}

/** A cached copy's validators: the server answers 304 when the feed has not changed since. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface FetchedText extends Validators {
  status: number;
  location?: string;
  body: string;
}

function requestOnce(url: URL, limits: SafeFetchLimits, signal: AbortSignal, validators: Validators): Promise<FetchedText> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const request = client.get(
      url,
      {
        lookup: guardedLookup as unknown as typeof dnsLookup,
        signal,
        headers: {
          "user-agent": "Autopilot report generator",
          accept: "application/rss+xml, application/atom+xml, application/xml, text/xml;q=0.9, */*;q=0.5",
          ...(validators.etag ? { "if-none-match": validators.etag } : {}),
          ...(validators.lastModified ? { "if-modified-since": validators.lastModified } : {}),
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          resolve({ status, location: response.headers.location, body: "" });
          return;
        }
        const declared = Number(response.headers["content-length"] ?? 0);
        if (declared > limits.maxBytes) {
          response.destroy();
          reject(new FeedFetchError(`feed is larger than ${limits.maxBytes / 1024 / 1024} MB`));
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        response.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > limits.maxBytes) {
            response.destroy();
            reject(new FeedFetchError(`feed is larger than ${limits.maxBytes / 1024 / 1024} MB`));
            return;
          }
          chunks.push(chunk);
        });
        const etag = typeof response.headers.etag === "string" ? response.headers.etag : undefined;
        const lastModified = response.headers["last-modified"];
        response.on("end", () => resolve({ status, body: Buffer.concat(chunks).toString("utf8"), etag, lastModified }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
  });
}

/** GET a feed over http(s) within the limits: time, size, redirects, and public addresses only. */
export async function safeFetchText(address: string, limits: SafeFetchLimits = FEED_LIMITS): Promise<string> {
  return (await safeFetchConditional(address, {}, limits)).body;
}

/**
 * The same, as a conditional request: with a cached copy's validators, a 304 answer comes back as status 304
 * with no body (the caller keeps its copy).
 */
export async function safeFetchConditional(address: string, validators: Validators, limits: SafeFetchLimits = FEED_LIMITS): Promise<FetchedText> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    let url = new URL(address);
    for (let redirects = 0; ; redirects++) {
      const refusal = urlRefusal(url);
      if (refusal) throw new FeedFetchError(refusal);
      const response = await requestOnce(url, limits, controller.signal, validators);
      if (response.location) {
        if (redirects >= limits.maxRedirects) throw new FeedFetchError(`more than ${limits.maxRedirects} redirects`);
        url = new URL(response.location, url);
        continue;
      }
      if (response.status === 304 && (validators.etag || validators.lastModified)) return response;
      if (response.status < 200 || response.status >= 300) throw new FeedFetchError(`HTTP ${response.status}`);
      return response;
    }
  } catch (error) {
    if (controller.signal.aborted) throw new FeedFetchError(`no answer within ${seconds(limits.timeoutMs)} s`);
    if (error instanceof FeedFetchError) throw error;
    throw new FeedFetchError(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}

/** What a POST answered: the status, or the reason there was no answer (refused address, timeout, reset). */
export type PostOutcome = { status: number; body: string } | { status: null; error: string; refused: boolean };

/**
 * POSTs a JSON body under the same address policy as feeds (public addresses only, checked on the address
 * connected to), with a timeout and a cap on the answer read. Redirects are not followed: a webhook that
 * moved answers with its 3xx.
 */
export function safePost(address: string, body: string, headers: Record<string, string>, timeoutMs = 10_000): Promise<PostOutcome> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return Promise.resolve({ status: null, error: "not a URL", refused: true });
  }
  const refusal = urlRefusal(url);
  if (refusal) return Promise.resolve({ status: null, error: refusal, refused: true });
  return new Promise((resolve) => {
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(
      url,
      {
        method: "POST",
        lookup: guardedLookup as unknown as typeof dnsLookup,
        signal: AbortSignal.timeout(timeoutMs),
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "Autopilot report delivery", ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let received = 0;
        response.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received <= 64 * 1024) chunks.push(chunk);
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8").slice(0, 500) }));
        response.on("error", (error) => resolve({ status: null, error: error.message, refused: false }));
      },
    );
    request.on("error", (error) =>
      resolve({
        status: null,
        error: error.name === "AbortError" || error.name === "TimeoutError" ? `no answer within ${seconds(timeoutMs)} s` : error.message,
        refused: error instanceof FeedFetchError,
      }),
    );
    request.end(body);
  });
}
