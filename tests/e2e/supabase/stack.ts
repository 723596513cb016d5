import { spawn } from "node:child_process";
import { createServer } from "node:http";
import pg from "pg";
import { createFreshPostgresDatabase } from "../../helpers/fresh-database";
import { startSupabaseAuth, type AuthMode } from "./auth-server";

/**
 * The app in Supabase mode for the "supabase" Playwright project: a fresh database on the Postgres server
 * (TEST_DATABASE_URL), the loopback Supabase Auth on AUTH_PORT, the production build on APP_PORT with the
 * Supabase URL and anon key, and a control port the tests use to take Auth down, make it fail, shorten its
 * tokens and read what it was asked. Stops everything (and drops the database) on SIGTERM.
 */
const APP_PORT = Number(process.env.E2E_SUPABASE_PORT ?? 3101);
const AUTH_PORT = APP_PORT + 1;
const CONTROL_PORT = APP_PORT + 2;

/** Playwright may end this process without a signal it can handle: earlier runs' databases go first (unless in use). */
async function dropEarlierDatabases(): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>("select datname from pg_database where datname like 'autopilot\\_supabase\\_e2e\\_%'");
  for (const { datname } of rows) await admin.query(`drop database if exists ${datname}`).catch(() => undefined);
  await admin.end();
}

async function main() {
  await dropEarlierDatabases();
  const { db, url: databaseUrl } = await createFreshPostgresDatabase(process.env.TEST_DATABASE_URL!, { prefix: "autopilot_supabase_e2e", maxConnections: 2 });
  const auth = await startSupabaseAuth({ databaseUrl, jwtSecret: "e2e-supabase-jwt-secret-of-at-least-32-chars", port: AUTH_PORT });
  const app = spawn("node_modules/.bin/next", ["start", "-p", String(APP_PORT)], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXT_PUBLIC_SUPABASE_URL: auth.url,
      NEXT_PUBLIC_SUPABASE_ANON_KEY: auth.anonKey,
      APP_URL: `http://127.0.0.1:${APP_PORT}`,
    },
    // Its log would repeat every outage the tests cause on purpose. In this process's group, so it ends with it.
    stdio: "ignore",
  });
  const control = createServer(async (request, response) => {
    const { pathname, searchParams } = new URL(request.url ?? "/", "http://control");
    if (pathname === "/mode") auth.setMode(searchParams.get("to") as AuthMode);
    if (pathname === "/token-seconds") auth.setAccessTokenSeconds(Number(searchParams.get("to")));
    const { rows } = await db.query<{ users: number; workspaces: number }>(
      "select (select count(*)::int from auth.users) as users, (select count(*)::int from public.workspaces) as workspaces",
    );
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ counts: auth.counts, ...rows[0] }));
  });
  control.listen(CONTROL_PORT, "127.0.0.1");
  const stop = async () => {
    app.kill("SIGTERM");
    control.close();
    await auth.close();
    await db.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  app.on("exit", (code) => {
    console.error(`next start exited with ${code}`);
    void stop();
  });
}

void main();
