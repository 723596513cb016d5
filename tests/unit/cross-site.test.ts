import { expect, it } from "vitest";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";

/** A JSON route as the app writes them: it echoes what it read. */
const route = handleRoute(async (request) => Response.json({ got: await readJson(request) }));
const call = (init: { method?: string; headers?: Record<string, string>; body?: string }) =>
  route(new Request("http://app.example.com/api/thing", { method: init.method ?? "POST", headers: { host: "app.example.com", ...init.headers }, body: init.body }), {
    params: Promise.resolve({}),
  });

it("accepts JSON sent as application/json from the app itself, or by a non-browser client", async () => {
  const json = { "content-type": "application/json" };
  expect((await call({ headers: json, body: '{"a":1}' })).status).toBe(200);
  expect((await call({ headers: { ...json, origin: "http://app.example.com", "sec-fetch-site": "same-origin" }, body: '{"a":1}' })).status).toBe(200);
  expect((await call({ headers: { "content-type": "application/merge-patch+json" }, body: '{"a":1}' })).status).toBe(200);
});

it("refuses a body that is not declared JSON (a cross-site form's text/plain) with 415, and any change a browser sends from another site with 403", async () => {
  const form = await call({ headers: { "content-type": "text/plain" }, body: '{"email":"attacker@example.com","password":"x"}' });
  expect(form.status).toBe(415);
  expect((await form.json()).error.code).toBe("unsupported_media_type");
  const json = { "content-type": "application/json" };
  const foreign: Record<string, string>[] = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, { origin: "null" }];
  for (const headers of foreign) {
    const response = await call({ headers: { ...json, ...headers }, body: '{"a":1}' });
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toBe("Cross-site requests cannot change anything here");
  }
  // Reading stays open: a GET is not a change.
  const read = await handleRoute(async () => Response.json({ ok: true }))(new Request("http://app.example.com/api/thing", { headers: { origin: "https://evil.example" } }), { params: Promise.resolve({}) });
  expect(read.status).toBe(200);
});
