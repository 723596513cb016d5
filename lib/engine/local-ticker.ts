import "server-only";
import { getDatabase } from "@/lib/db/connection";
import { log } from "@/lib/log";
import { autopilotSettings } from "@/lib/config";
import { runTick } from "./run-tick";

const holder = globalThis as typeof globalThis & { __autopilotTicker?: NodeJS.Timeout };

/**
 * Off Vercel, the running app is its own cron: a tick every AUTOPILOT_TICK_INTERVAL_SECONDS (0 turns it
 * off). A tick still running when the next is due is not overlapped; the next interval picks up the rest.
 */
export function startLocalTicker(): boolean {
  const { tickIntervalSeconds } = autopilotSettings();
  if (tickIntervalSeconds === 0 || holder.__autopilotTicker) return false;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runTick(await getDatabase());
    } catch (error) {
      log.error({ err: error }, "local tick failed");
    } finally {
      running = false;
    }
  };
  holder.__autopilotTicker = setInterval(tick, tickIntervalSeconds * 1000);
  log.info({ interval_seconds: tickIntervalSeconds }, "local autopilot ticker started");
  return true;
}
