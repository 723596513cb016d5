/**
 * Runs once when the server starts. Off Vercel (where Vercel Cron calls /api/cron/tick) the app ticks
 * in-process, so `npm start` alone runs schedules on time.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // NEXT_RUNTIME and NEXT_PHASE are Next.js's own signals, read before any Node-only module loads.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { config } = await import("./lib/config");
  if (config().VERCEL) return; // validates every setting once at start-up, too
  const { startLocalTicker } = await import("./lib/engine/local-ticker");
  startLocalTicker();
}
