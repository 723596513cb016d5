/**
 * The embedded data folder has one owner: two PGlite processes on one folder corrupt it. While a process
 * (the app) holds it, `npm run tick` and the other commands are refused with the holder named; after it
 * stops, or is killed with -9, the folder opens again.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { openPgliteDatabase } from "@/lib/db/pglite-database";

const root = mkdtempSync(path.join(tmpdir(), "autopilot-lock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `npm run tick` as an operator would type it, on the given data folder. */
function tickCommand(folder: string) {
  const env = { ...process.env, PGLITE_DATA_DIR: folder, DATABASE_URL: "", LOG_LEVEL: "silent" };
  return spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/tick.ts"], { env, encoding: "utf8", timeout: 120_000 });
}

it("refuses npm run tick while this process holds the folder, naming it, and lets it in once the folder is closed", async () => {
  const folder = path.join(root, "app");
  const db = await openPgliteDatabase(folder);
  const lock = JSON.parse(readFileSync(`${folder}.lock`, "utf8"));
  expect(lock).toMatchObject({ pid: process.pid });

  const refused = tickCommand(folder);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain(`is in use by process ${process.pid}`);
  expect(refused.stdout).toBe("");
  // The holder is untouched and keeps working.
  expect((await db.query<{ one: number }>("select 1 as one")).rows).toEqual([{ one: 1 }]);

  await db.close();
  expect(existsSync(`${folder}.lock`)).toBe(false);
  const allowed = tickCommand(folder);
  expect(allowed.stderr).toBe("");
  expect(allowed.status).toBe(0);
  expect(JSON.parse(allowed.stdout)).toMatchObject({ claimed: expect.any(Number) });
  expect(existsSync(`${folder}.lock`)).toBe(false); // the command let go of it too
}, 240_000);

it("a lock left by a process killed with -9 is taken over; one held by a live process is refused", async () => {
  const folder = path.join(root, "killed");
  // Another process holds the folder (as a running app would): a live process id in the lock file.
  const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  const stat = readFileSync(`/proc/${holder.pid}/stat`, "utf8");
  const started = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  writeFileSync(`${folder}.lock`, JSON.stringify({ pid: holder.pid, command: "next start", since: "2026-12-04T09:00:00.000Z", started }));
  await expect(openPgliteDatabase(folder)).rejects.toThrow(`is in use by process ${holder.pid} (next start, since 2026-12-04T09:00:00.000Z)`);

  holder.kill("SIGKILL");
  await new Promise((resolve) => holder.once("exit", resolve));
  const db = await openPgliteDatabase(folder);
  expect(JSON.parse(readFileSync(`${folder}.lock`, "utf8"))).toMatchObject({ pid: process.pid });
  await db.close();

  // A process id that was given to another process since (same id, another start time) is not the holder.
  const stranger = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  try {
    writeFileSync(`${folder}.lock`, JSON.stringify({ pid: stranger.pid, command: "next start", since: "earlier", started: "1" }));
    const reopened = await openPgliteDatabase(folder);
    await reopened.close();
  } finally {
    stranger.kill("SIGKILL");
  }
});
