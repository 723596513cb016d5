import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { expect } from "@playwright/test";
import pg from "pg";

/**
 * The production build started on a fresh, migrated database of the Postgres server (TEST_DATABASE_URL), so
 * a test can read and move what the embedded database would keep out of reach. `stop` ends the app and drops
 * the database.
 */
export async function startAppOnFreshDatabase({ port, name, env }: { port: number; name: string; env: Record<string, string> }): Promise<{ databaseUrl: string; stop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  const database = `autopilot_${name}_${randomBytes(4).toString("hex")}`;
  await admin.query(`create database ${database}`);
  const target = new URL(process.env.TEST_DATABASE_URL!);
  target.pathname = `/${database}`;
  const databaseUrl = target.toString();
  const migrated = spawnSync("npm", ["run", "-s", "db:migrate"], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" });
  expect(migrated.status, migrated.stderr).toBe(0);
  const app = spawn("npx", ["next", "start", "-p", String(port)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, APP_URL: `http://127.0.0.1:${port}`, AUTOPILOT_TICK_INTERVAL_SECONDS: "0", ...env },
    stdio: "ignore",
    detached: true,
  });
  await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200);
  return {
    databaseUrl,
    stop: async () => {
      if (app.pid) process.kill(-app.pid, "SIGTERM");
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    },
  };
}
