/**
 * How one attempt ended. Transient failures (SMTP 4xx, connection refused, HTTP 429 and 5xx, timeouts) are
 * tried again later; permanent ones (SMTP 5xx, HTTP 4xx, a refused address) stop at once.
 */
export type SendResult = { ok: true; providerRef: string } | { ok: false; permanent: boolean; error: string };
