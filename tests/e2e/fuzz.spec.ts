import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { startAppOnFreshDatabase } from "./app-on-postgres";
import { PASSWORD, uniqueEmail } from "./helpers";

/**
 * Hostile input over every API route of the production build: each route's valid request, mutated (types,
 * sizes, nesting, encodings, NUL and lone surrogates, malformed JSON, wrong content types, hostile path and
 * query values). No answer may be a 5xx, and a refused request (4xx) may not change a single row. Runs on a
 * fresh database of the Postgres server, which the test reads between requests.
 */
const PORT = 3197;
const SECRET = "fuzz-cron-secret";
const BASE = `http://127.0.0.1:${PORT}`;

test.skip(!process.env.TEST_DATABASE_URL, "needs the Postgres server (TEST_DATABASE_URL) to read the app's rows");
test.setTimeout(600_000);

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every route file under app/api and the methods it exports, as `/api/...` templates. */
function apiRoutes(): { template: string; methods: Method[] }[] {
  const found: { template: string; methods: Method[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const source = readFileSync(full, "utf8");
        const methods = [...source.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1] as Method);
        found.push({ template: "/" + path.relative("app", path.dirname(full)).split(path.sep).join("/"), methods });
      }
    }
  };
  walk("app/api");
  return found;
}

/** A string at `depth` levels of arrays: JSON nesting beyond what any parser stack should take. */
const deeplyNested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

const HOSTILE_VALUES: Json[] = [null, 0, -1, 1e308, 3.5, true, "", "\u0000", "x\u0000y", "\ud800", "x".repeat(100_000), [], {}, ["\u0000"], { "\u0000": 1 }, "'; drop table workspaces; --", "%00", "../../etc/passwd", "2026-02-30T25:61:00Z", "-1"];

/** The request with one leaf replaced by each hostile value, one key removed, one unknown key added. */
function mutations(seed: Json): Json[] {
  const out: Json[] = [];
  const visit = (value: Json, replace: (next: Json | undefined) => Json) => {
    for (const hostile of HOSTILE_VALUES) out.push(replace(hostile));
    if (Array.isArray(value)) value.forEach((item, i) => visit(item, (next) => replace(next === undefined ? value.filter((_, j) => j !== i) : value.map((v, j) => (j === i ? next : v)))));
    else if (value && typeof value === "object") {
      for (const key of Object.keys(value)) {
        visit(value[key], (next) => {
          const copy = { ...value };
          if (next === undefined) delete copy[key];
          else copy[key] = next;
          return replace(copy);
        });
        out.push(replace(Object.fromEntries(Object.entries(value).filter(([k]) => k !== key))));
      }
      out.push(replace({ ...value, unexpected_field: "\u0000" }));
      out.push(replace(JSON.parse(`{"__proto__": {"isPlatformAdmin": true}, "constructor": {"prototype": {"admin": true}}}`)));
    }
  };
  visit(seed, (next) => (next === undefined ? null : next));
  return out;
}

/** Bodies that are not JSON the route can read: each must be a 4xx. */
const RAW_BODIES: { body: string; contentType: string }[] = [
  { body: "{", contentType: "application/json" },
  { body: '{"a":', contentType: "application/json" },
  { body: '{"name":"x"}garbage', contentType: "application/json" },
  { body: "\u0000", contentType: "application/json" },
  { body: deeplyNested(100_000), contentType: "application/json" },
  { body: '{"name":"x"}', contentType: "text/plain" },
  { body: "name=x", contentType: "application/x-www-form-urlencoded" },
  { body: '{"name":"\\ud800"}', contentType: "application/json" },
  { body: "\xff\xfe{", contentType: "application/json; charset=utf-16" },
  { body: "x".repeat(2_000_000), contentType: "application/json" },
];

const HOSTILE_SEGMENTS = ["not-a-uuid", "%00", "00000000-0000-0000-0000-000000000000", "a".repeat(3000), "..%2F..%2Fhealth", "%E0%A4%A", "'%20or%201=1"];
const HOSTILE_QUERIES = ["q=%00", "q=%25_%5C", "limit=-1", "limit=abc", "limit=1e400", "offset=-5", "status=%00", "sort=';--", "order=sideways", "limit=1&limit=2", "specification_id=%00", "cursor=%00", "cursor=" + "A".repeat(5000), "cursor=WyJvbGRlciIsIngiLCJ5Il0", `cursor=${Buffer.from(JSON.stringify(["older", "9999-99-99 99:99:99+00", "00000000-0000-0000-0000-000000000000"])).toString("base64url")}`, "cursor=oldest&offset=5", "offset=99999999", "q=" + "x".repeat(5000)];

test("no route answers 5xx to hostile input, and no refused request changes a row", async () => {
  const app = await startAppOnFreshDatabase({ port: PORT, name: "fuzz", env: { CRON_SECRET: SECRET, SMTP_URL: "", AUTOPILOT_SIGN_UPS_PER_HOUR: "1000000" } });
  const db = new pg.Client({ connectionString: app.databaseUrl });
  await db.connect();
  const person: APIRequestContext = await playwrightRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { Origin: BASE } });
  try {
    const email = uniqueEmail("fuzz");
    const signUp = await person.post("/api/auth/sign-up", { data: { email, password: PASSWORD } });
    expect(signUp.status()).toBe(201);
    const ws: string = (await signUp.json()).workspace_id;
    const spec: string = (await (await person.get(`/api/workspaces/${ws}/specifications`)).json()).items[0].id;
    const scheduleBody = { specification_id: spec, schedule_name: "Fuzz", schedule_type: "daily", schedule_config: { time: "09:00", timezone: "UTC" } };
    const schedule: string = (await (await person.post(`/api/workspaces/${ws}/schedules`, { data: scheduleBody })).json()).id;
    const invitation = await (await person.post(`/api/workspaces/${ws}/invitations`, { data: { email: "guest@example.com", role: "member" } })).json();

    // Tables a refused request must leave as they were: every table but the abuse counters, and accounts.
    const { rows: tables } = await db.query<{ name: string }>(
      "select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname in ('public', 'auth') and tablename <> 'rate_limits'",
    );
    const digestSql = `select ${tables.map((t) => `(select md5(coalesce(string_agg(md5(x::text), '' order by md5(x::text)), '')) from ${t.name} x)`).join(" || ")} as digest`;
    const digest = async () => (await db.query<{ digest: string }>(digestSql)).rows[0].digest;
    /** After work that may go on in the background (a started run), waits until the rows stop changing. */
    const settled = async () => {
      let last = await digest();
      for (let i = 0; i < 100; i++) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        const now = await digest();
        if (now === last) return now;
        last = now;
      }
      return last;
    };

    const seeds: Record<string, Json> = {
      "POST /api/auth/sign-up": { email: "new@example.com", password: PASSWORD },
      "POST /api/auth/sign-in": { email, password: "wrong-password" },
      "POST /api/auth/sign-out": {},
      "POST /api/admin/grant": { email },
      "POST /api/cron/tick": {},
      "POST /api/invitations/accept": { token: "A".repeat(43) },
      "POST /api/schedules/preview": { schedule_type: "custom", schedule_config: { cron: "0 9 * * 1", timezone: "Europe/Berlin" }, count: 5 },
      "POST /api/workspaces": { name: "Fuzzed" },
      "POST /api/workspaces/[ws]/content-items": [{ category_id: "tech", region: "Global", title: "t", url: "https://example.com/x", published_at: "2026-11-01T00:00:00Z" }],
      // Loopback is refused as a destination, so valid-looking tests end at once instead of waiting on the network.
      "POST /api/workspaces/[ws]/destinations/test": { destination: { type: "webhook", url: "http://127.0.0.1:9/hook", secret: "s".repeat(20) } },
      "POST /api/workspaces/[ws]/invitations": { email: "another@example.com", role: "member" },
      "POST /api/workspaces/[ws]/runs": { specification_id: spec },
      "PUT /api/workspaces/[ws]/schedule-defaults": { max_retries: 1, timeout_seconds: 120 },
      "POST /api/workspaces/[ws]/schedules": scheduleBody,
      "PATCH /api/workspaces/[ws]/schedules/[id]": { schedule_name: "Renamed", enabled: false, schedule_config: { time: "10:00" } },
      "POST /api/workspaces/[ws]/schedules/[id]/test-run": {},
      "POST /api/workspaces/[ws]/specifications": { name: "Fuzz spec", categories: [{ id: "tech", name: "Tech", keywords: ["ai"] }], regions: ["Global"], frequency: "daily" },
      "PATCH /api/workspaces/[ws]/specifications/[id]": { name: "Renamed spec", regions: ["Global", "Europe"] },
    };
    const ids: Record<string, string> = { ws, id: schedule, token: "0".repeat(40) };
    const fill = (template: string) =>
      template
        .replace("[ws]", ws)
        .replace(/\/specifications\/\[id\]/, `/specifications/${spec}`)
        .replace(/\/invitations\/\[id\]/, `/invitations/${invitation.invitation?.id ?? ids.id}`)
        .replace(/\[(\w+)\]/g, (_, name: string) => ids[name] ?? name);

    const failures: string[] = [];
    let sent = 0;
    const send = async (method: Method, url: string, body?: { data?: Json; raw?: string; contentType?: string }) => {
      const before = await digest();
      const headers: Record<string, string> = {};
      if (url.startsWith("/api/cron") || url.startsWith("/api/admin/grant")) headers.Authorization = `Bearer ${SECRET}`;
      let payload: string | undefined;
      if (body?.raw !== undefined) {
        payload = body.raw;
        headers["Content-Type"] = body.contentType!;
      } else if (body && "data" in body) {
        payload = JSON.stringify(body.data);
        headers["Content-Type"] = "application/json";
      }
      const response = await person.fetch(url, { method, headers, data: payload, failOnStatusCode: false, maxRedirects: 0 });
      sent += 1;
      const status = response.status();
      const label = `${method} ${url.slice(0, 120)} ${(payload ?? "").slice(0, 120)}`;
      if (status >= 500) failures.push(`${status} ${label}: ${(await response.text()).slice(0, 200)}`);
      if (status >= 400 && status < 500) {
        const after = await digest();
        if (after !== before) failures.push(`${status} but rows changed: ${label}`);
      } else await settled();
    };

    for (const { template, methods } of apiRoutes()) {
      for (const method of methods) {
        // Signing out would end the fuzzing session; a DELETE of a real id would remove the fixtures, so DELETE
        // gets hostile ids only.
        if (template === "/api/auth/sign-out") continue;
        const url = fill(template);
        const seed = seeds[`${method} ${template}`];
        if (method === "GET") {
          for (const query of HOSTILE_QUERIES) await send(method, `${url}?${query}`);
        } else if (method !== "DELETE") {
          for (const variant of mutations(seed ?? {}).slice(0, 250)) await send(method, url, { data: variant });
          for (const raw of RAW_BODIES) await send(method, url, { raw: raw.body, contentType: raw.contentType });
        }
        if (!template.includes("[")) continue;
        for (const segment of HOSTILE_SEGMENTS) {
          const hostile = template.split("/").map((part) => (part.startsWith("[") ? segment : part)).join("/");
          await send(method, hostile, method === "GET" || method === "DELETE" ? undefined : { data: seed ?? {} });
        }
      }
    }
    console.info(`fuzz: ${sent} requests over ${apiRoutes().length} route files`);
    expect(sent).toBeGreaterThan(1500);
    expect(failures).toEqual([]);
  } finally {
    await person.dispose();
    await db.end();
    await app.stop();
  }
});
