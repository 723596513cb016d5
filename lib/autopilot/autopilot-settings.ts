function positiveNumber(name: string, fallback: number, { allowZero = false } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  return Number.isFinite(value) && (value > 0 || (allowZero && value === 0)) ? value : fallback;
}

/** The engine's knobs, read from the environment on each use (tests and the README's table rely on this). */
export function autopilotSettings() {
  return {
    batchSize: Math.floor(positiveNumber("AUTOPILOT_BATCH_SIZE", 25)),
    concurrency: Math.floor(positiveNumber("AUTOPILOT_CONCURRENCY", 4)),
    tickBudgetMs: positiveNumber("AUTOPILOT_TICK_BUDGET_SECONDS", 50) * 1000,
    runTimeoutSeconds: positiveNumber("AUTOPILOT_RUN_TIMEOUT_SECONDS", 60),
    maxConsecutiveFailures: Math.floor(positiveNumber("AUTOPILOT_MAX_CONSECUTIVE_FAILURES", 5)),
    maxSchedulesPerWorkspace: Math.floor(positiveNumber("AUTOPILOT_MAX_SCHEDULES_PER_WORKSPACE", 500)),
    tickIntervalSeconds: positiveNumber("AUTOPILOT_TICK_INTERVAL_SECONDS", 60, { allowZero: true }),
  };
}
