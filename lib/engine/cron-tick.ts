import "server-only";
import { appUrl, autopilotSettings, config } from "@/lib/config";
import { countDueSchedules } from "@/lib/db/engine";
import { getDatabase } from "@/lib/db/connection";
import { withSystem } from "@/lib/db/transactions";
import { log } from "@/lib/log";
import { assertCronAuthorized } from "./cron-auth";
import { extraWorkersFor, startWorkers, type WorkerReport } from "./fan-out";
import { runTick, type TickSummary } from "./run-tick";

export type CronTickSummary = TickSummary & { workers: WorkerReport[] };

/**
 * What the cron route does: refuse callers without the cron secret, then tick. A cron call that finds more
 * due than one invocation can finish starts worker invocations of itself first (a worker call never starts
 * more), ticks alongside them, and answers with every summary.
 */
export async function runCronTick(request: Request): Promise<CronTickSummary> {
  assertCronAuthorized(request);
  const db = await getDatabase();
  const settings = autopilotSettings();
  const isWorker = new URL(request.url).searchParams.get("worker") === "1";
  const due = isWorker ? 0 : await withSystem(db, (tx) => countDueSchedules(tx, { now: new Date() }));
  const extra = extraWorkersFor(due, settings);
  if (extra > 0) log.info({ due, workers: extra }, "fanning out");
  const workers = extra > 0 ? startWorkers(extra, { baseUrl: appUrl(), secret: config().CRON_SECRET!, timeoutMs: settings.tickBudgetMs + 8_000 }) : Promise.resolve([]);
  const summary = await runTick(db);
  return { ...summary, workers: await workers };
}
