import { expect, request as playwrightRequest, test } from "@playwright/test";
import { PASSWORD, signUpThroughApi, uniqueEmail } from "./helpers";

test("health tells anyone it is up, and the operators (with the cron secret) the embedded database, local accounts and no overdue schedules", async ({ request }) => {
  const anonymous = await request.get("/api/health");
  expect(anonymous.status()).toBe(200);
  expect(await anonymous.json()).toEqual({ ok: true });
  const operator = await request.get("/api/health", { headers: { Authorization: "Bearer e2e-cron-secret" } });
  expect(await operator.json()).toEqual({ ok: true, database: "pglite", auth: "local", overdue_schedules: 0 });
});

test("sign-up sets an httpOnly session cookie that lists the workspace with its sample specification", async ({ request }) => {
  const email = uniqueEmail("alice");
  const response = await request.post("/api/auth/sign-up", { data: { email, password: PASSWORD } });
  expect(response.status()).toBe(201);
  expect(response.headers()["set-cookie"]).toMatch(/autopilot_session=.+HttpOnly; SameSite=lax/i);

  const workspaces = await (await request.get("/api/workspaces")).json();
  expect(workspaces.total).toBe(1);
  expect(workspaces.items[0]).toMatchObject({ role: "owner", specification_count: 1 });
  const specs = await (await request.get(`/api/workspaces/${workspaces.items[0].id}/specifications`)).json();
  expect(specs.items[0].name).toBe("Weekly Tech Briefing");

  const anonymous = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const denied = await anonymous.get("/api/workspaces");
  expect(denied.status()).toBe(401);
  expect(await denied.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  await anonymous.dispose();
});

test("sign-out revokes the session", async ({ request }) => {
  await signUpThroughApi(request);
  expect((await request.post("/api/auth/sign-out")).status()).toBe(200);
  expect((await request.get("/api/workspaces")).status()).toBe(401);
});

test("sign-out everywhere ends the person's sessions on every device", async ({ request }) => {
  const { email } = await signUpThroughApi(request);
  const laptop = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  expect((await laptop.post("/api/auth/sign-in", { data: { email, password: PASSWORD } })).status()).toBe(200);
  expect((await laptop.get("/api/workspaces")).status()).toBe(200);
  expect((await request.post("/api/auth/sign-out?everywhere=1")).status()).toBe(200);
  expect((await laptop.get("/api/workspaces")).status()).toBe(401);
  expect((await request.get("/api/workspaces")).status()).toBe(401);
  await laptop.dispose();
});

test("a second user gets 404 for the first user's workspace routes", async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL;
  const first = await playwrightRequest.newContext({ baseURL });
  const second = await playwrightRequest.newContext({ baseURL });
  const { workspace_id } = await signUpThroughApi(first);
  await signUpThroughApi(second);
  const spec = (await (await first.get(`/api/workspaces/${workspace_id}/specifications`)).json()).items[0];
  for (const [method, path] of [
    ["get", `/api/workspaces/${workspace_id}/specifications`],
    ["get", `/api/workspaces/${workspace_id}/specifications/${spec.id}`],
    ["get", `/api/workspaces/${workspace_id}/members`],
    ["delete", `/api/workspaces/${workspace_id}/specifications/${spec.id}`],
  ] as const) {
    const response = await second[method](path);
    expect(response.status(), `${method} ${path}`).toBe(404);
  }
  expect((await second.patch(`/api/workspaces/${workspace_id}/specifications/${spec.id}`, { data: { name: "x" } })).status()).toBe(404);
  expect((await first.get(`/api/workspaces/${workspace_id}/specifications/${spec.id}`)).status()).toBe(200);
  await first.dispose();
  await second.dispose();
  void browser;
});

test("bad input is a 400 naming the field, and nothing is written", async ({ request }) => {
  const { workspace_id } = await signUpThroughApi(request);
  const base = `/api/workspaces/${workspace_id}/specifications`;
  const malformed = await request.post(base, { headers: { "content-type": "application/json" }, data: Buffer.from("{not json") });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.code).toBe("invalid_json");

  const invalid = await request.post(base, {
    data: { name: "", categories: [{ id: "Bad Id", name: "x" }], regions: [], frequency: "hourly" },
  });
  expect(invalid.status()).toBe(400);
  const { error } = await invalid.json();
  expect(error.code).toBe("validation_failed");
  expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(["name", "categories.0.id", "regions", "frequency"]));
  expect((await (await request.get(base)).json()).total).toBe(1);

  // A NUL character (which Postgres cannot store) in a query, a body or a path is a 400 naming where it is.
  const nulQuery = await request.get(`/api/workspaces/${workspace_id}/schedules?q=%00`);
  expect(nulQuery.status()).toBe(400);
  expect(Object.keys((await nulQuery.json()).error.fields)).toEqual(["q"]);
  const workspacesBefore = (await (await request.get("/api/workspaces")).json()).items.length;
  const nulName = await request.post("/api/workspaces", { data: { name: "\u0000" } });
  expect(nulName.status()).toBe(400);
  expect(Object.keys((await nulName.json()).error.fields)).toEqual(["name"]);
  expect((await (await request.get("/api/workspaces")).json()).items.length).toBe(workspacesBefore);
  expect((await request.get(`/api/workspaces/${workspace_id}/schedules/%00`)).status()).toBe(400);

  // A cross-site form can post text/plain (no preflight): JSON routes refuse it, so it cannot sign anyone in.
  const formPost = await request.post("/api/auth/sign-in", { headers: { "content-type": "text/plain" }, data: Buffer.from(JSON.stringify({ email: uniqueEmail("x"), password: PASSWORD })) });
  expect(formPost.status()).toBe(415);
  const foreign = await request.post(`/api/workspaces/${workspace_id}/specifications`, { headers: { origin: "https://evil.example" }, data: { name: "Planted" } });
  expect(foreign.status()).toBe(403);
  expect((await (await request.get(base)).json()).total).toBe(1);

  const shortPassword = await request.post("/api/auth/sign-up", { data: { email: uniqueEmail("x"), password: "short" } });
  expect(shortPassword.status()).toBe(400);
  expect((await shortPassword.json()).error.fields.password).toMatch(/at least 8/);
});

test("schedule preview: next runs in UTC and local time, and a named field when wrong", async ({ request }) => {
  await signUpThroughApi(request);
  const preview = await request.post("/api/schedules/preview", {
    data: {
      schedule_type: "weekly",
      schedule_config: { day_of_week: 0, time: "09:00", timezone: "Europe/Berlin" },
      count: 3,
      after: "2026-03-20T00:00:00Z",
    },
  });
  expect(preview.status()).toBe(200);
  expect(await preview.json()).toEqual({
    description: "Every Monday at 09:00 (Europe/Berlin)",
    timezone: "Europe/Berlin",
    next_runs: ["2026-03-23T08:00:00.000Z", "2026-03-30T07:00:00.000Z", "2026-04-06T07:00:00.000Z"],
    next_runs_local: ["2026-03-23 09:00", "2026-03-30 09:00", "2026-04-06 09:00"],
    skipped: [false, false, false],
    skipped_by: [null, null, null],
    daylight_saving: [null, null, null],
    frequency_note: null,
    effective_cadence: null,
    never_delivers: false,
  });
  // Berlin springs forward on 2026-03-29: a 02:30 run that day happens at 03:30, and the preview says so.
  const spring = await request.post("/api/schedules/preview", {
    data: { schedule_type: "daily", schedule_config: { time: "02:30", timezone: "Europe/Berlin" }, count: 3, after: "2026-03-28T00:00:00Z" },
  });
  expect(await spring.json()).toMatchObject({
    next_runs_local: ["2026-03-28 02:30", "2026-03-29 03:30", "2026-03-30 02:30"],
    daylight_saving: [null, "02:30 does not exist that day (clocks go forward): runs at 03:30", null],
  });
  // Under a monthly specification, March 30 falls in March like March 23 and is skipped; April 6 reports.
  const monthly = await request.post("/api/schedules/preview", {
    data: { schedule_type: "weekly", schedule_config: { day_of_week: 0, time: "09:00", timezone: "Europe/Berlin" }, count: 3, after: "2026-03-20T00:00:00Z", frequency: "monthly" },
  });
  expect(await monthly.json()).toMatchObject({ skipped: [false, true, false], frequency_note: expect.stringContaining("one report per month") });
  const wrong = await request.post("/api/schedules/preview", {
    data: { schedule_type: "custom", schedule_config: { cron_expression: "* * * * *" } },
  });
  expect(wrong.status()).toBe(400);
  expect((await wrong.json()).error.fields["schedule_config.cron_expression"]).toMatch(/at most once every 60 minutes/);
});

test("pages carry a nonce-based Content-Security-Policy that their own scripts satisfy, and every response the security headers", async ({ page, request }) => {
  const first = await request.get("/sign-in");
  const policy = first.headers()["content-security-policy"];
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce).toBeTruthy();
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("unsafe-eval");
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  // A fresh nonce per response.
  expect((await request.get("/sign-in")).headers()["content-security-policy"]).not.toBe(policy);
  for (const path of ["/sign-in", "/api/health"]) {
    const headers = (await request.get(path)).headers();
    expect(headers).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin", "x-frame-options": "SAMEORIGIN" });
    expect(headers["strict-transport-security"]).toMatch(/max-age=\d+/);
  }
  // The page works under its policy: nothing is refused, and the form reacts (its scripts ran).
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/Enter a valid email address/)).toBeVisible();
  expect(violations).toEqual([]);
});
