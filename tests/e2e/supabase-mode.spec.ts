import { expect, request as playwrightRequest, test } from "@playwright/test";
import { PASSWORD, signUpInBrowser, snapshot, uniqueEmail } from "./helpers";

/**
 * Supabase mode (the "supabase" project): the app signs people up and in through Supabase Auth's HTTP API (a
 * loopback stand-in, tests/e2e/supabase/auth-server.ts), keeps the session in @supabase/ssr's cookies and gives
 * row-level security the claims of the verified access token. The stand-in's control port takes Auth down or
 * makes it fail.
 */
const SUPABASE_PORT = Number(process.env.E2E_SUPABASE_PORT ?? 3101);
const AUTH_URL = `http://127.0.0.1:${SUPABASE_PORT + 1}`;
const CONTROL = `http://127.0.0.1:${SUPABASE_PORT + 2}`;

type State = { counts: Record<string, number>; users: number; workspaces: number };
const control = async (path = "/state"): Promise<State> => (await fetch(`${CONTROL}${path}`)).json();

test.afterEach(async () => {
  await control("/mode?to=up");
  await control("/token-seconds?to=3600");
});

test("signs up, works, signs out and in again through Supabase Auth, with httpOnly session cookies", async ({ page }) => {
  const health = await page.request.get("/api/health", { headers: { Authorization: "Bearer e2e-cron-secret" } });
  expect(await health.json()).toMatchObject({ database: "postgres", auth: "supabase" });

  const email = uniqueEmail("supabase");
  const before = await control();
  const ws = await signUpInBrowser(page, email);
  await expect(page.getByRole("link", { name: /Weekly Tech Briefing/ })).toBeVisible();
  expect((await control()).counts.signup).toBe(before.counts.signup + 1);

  const cookies = (await page.context().cookies()).filter((c) => c.name.startsWith("sb-"));
  expect(cookies.length).toBeGreaterThan(0);
  for (const cookie of cookies) expect({ name: cookie.name, httpOnly: cookie.httpOnly, sameSite: cookie.sameSite, path: cookie.path }).toEqual({ name: cookie.name, httpOnly: true, sameSite: "Lax", path: "/" });

  // A product action under row-level security with the token's claims: a schedule, then its Test run.
  const specs = await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json();
  const created = await page.request.post(`/api/workspaces/${ws}/schedules`, {
    data: { specification_id: specs.items[0].id, schedule_name: "Supabase daily", schedule_type: "daily", schedule_config: { time: "09:00", timezone: "Europe/Berlin" } },
  });
  expect(created.status()).toBe(201);
  const schedule = await created.json();
  await page.goto(`/w/${ws}/autopilot/${schedule.id}`);
  await expect(page.getByRole("heading", { name: "Supabase daily" })).toBeVisible();
  await snapshot(page, "supabase-01-schedule");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await page.request.get("/api/workspaces")).status()).toBe(401);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Invalid login credentials")).toBeVisible();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Specifications" })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(`/w/${ws}/specifications`);
});

test("API callers use a Supabase access token as a bearer; it stops working when its session is logged out", async ({ request }) => {
  const email = uniqueEmail("bearer");
  expect((await request.post("/api/auth/sign-up", { data: { email, password: PASSWORD } })).status()).toBe(201);
  const session = await (
    await fetch(`${AUTH_URL}/auth/v1/token?grant_type=password`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) })
  ).json();
  const caller = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: { Authorization: `Bearer ${session.access_token}` } });
  const workspaces = await caller.get("/api/workspaces");
  expect(workspaces.status()).toBe(200);
  expect((await workspaces.json()).items).toHaveLength(1);

  await fetch(`${AUTH_URL}/auth/v1/logout?scope=global`, { method: "POST", headers: { Authorization: `Bearer ${session.access_token}` } });
  expect((await caller.get("/api/workspaces")).status()).toBe(401);
  await caller.dispose();
});

test("an expired access token is refreshed with the refresh token, and the person stays signed in", async ({ page }) => {
  await control("/token-seconds?to=1");
  const ws = await signUpInBrowser(page, uniqueEmail("refresh"));
  await page.waitForTimeout(1500);
  const before = (await control()).counts.refresh_token;
  await page.goto(`/w/${ws}/autopilot`);
  await expect(page.getByRole("heading", { name: "Autopilot" })).toBeVisible();
  expect((await control()).counts.refresh_token).toBeGreaterThan(before);
  expect((await page.request.get("/api/workspaces")).status()).toBe(200);
});

test("Auth unreachable or failing: 503 with a clear message, nothing written, and everything works again when it is back", async ({ page, request }) => {
  const email = uniqueEmail("outage");
  expect((await request.post("/api/auth/sign-up", { data: { email, password: PASSWORD } })).status()).toBe(201);
  const before = await control();

  for (const mode of ["down", "failing"] as const) {
    await control(`/mode?to=${mode}`);
    const signUp = await request.post("/api/auth/sign-up", { data: { email: uniqueEmail("during-outage"), password: PASSWORD } });
    expect({ mode, status: signUp.status(), retryAfter: signUp.headers()["retry-after"] }).toEqual({ mode, status: 503, retryAfter: "60" });
    expect((await signUp.json()).error).toEqual({
      code: "service_unavailable",
      message: "Signing in is unavailable right now: the authentication service did not answer. Try again in a minute.",
    });
    expect((await request.post("/api/auth/sign-in", { data: { email, password: PASSWORD } })).status()).toBe(503);
    // The signed-in caller is not told to sign in again: the service is out, not their session.
    expect((await request.get("/api/workspaces")).status()).toBe(503);
  }
  const after = await control();
  expect({ users: after.users, workspaces: after.workspaces }).toEqual({ users: before.users, workspaces: before.workspaces });

  // In the browser: the sign-in form says what is wrong.
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Signing in is unavailable right now")).toBeVisible();
  await snapshot(page, "supabase-02-auth-down");

  await control("/mode?to=up");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Specifications" })).toBeVisible();
  expect((await request.get("/api/workspaces")).status()).toBe(200);
});
