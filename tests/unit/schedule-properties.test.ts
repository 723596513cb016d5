import { CronExpressionParser } from "cron-parser";
import { describe as group, expect, it } from "vitest";
import { nextRun, nextRuns } from "@/lib/schedule/next-run";
import { parseSchedule, type Schedule } from "@/lib/schedule/schedule-config";
import { formatLocal, toLocal } from "@/lib/schedule/zoned-time";

const ZONES = [
  "UTC",
  "America/New_York",
  "Europe/Berlin",
  "Australia/Sydney",
  "Asia/Kolkata",
  "Pacific/Chatham",
  "Europe/London",
];
// Transitions (UTC) in 2026 of the zones above, so a share of the random instants lands on DST days.
const DST_TRANSITIONS = [
  "2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z", // New York
  "2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z", // Berlin, London
  "2026-04-04T16:00:00Z", "2026-10-03T16:00:00Z", // Sydney
  "2026-04-04T14:00:00Z", "2026-09-26T14:00:00Z", // Chatham
].map((iso) => Date.parse(iso));
const CRONS = ["0 9 * * 1-5", "30 2 * * *", "0 */6 * * *", "15 8 1,15 * *", "0 0 * * 0", "45 23 * * 6", "0 12 1 */3 *", "0 3 * * *", "@daily", "0 9 13 * 5"];

/** mulberry32: a tiny seeded generator, so a failure can be replayed from its seed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

function randomCase(rand: () => number): { schedule: Schedule; cron: string; after: Date } {
  const timezone = pick(rand, ZONES);
  const pad = (n: number) => String(n).padStart(2, "0");
  const hour = Math.floor(rand() * 24);
  const minute = pick(rand, [0, 15, 30, 45, Math.floor(rand() * 60)]);
  const time = `${pad(hour)}:${pad(minute)}`;
  const kind = pick(rand, ["daily", "weekly", "monthly", "custom"] as const);
  // 40% of instants fall within two days before a DST transition; the rest anywhere in 2020–2035.
  const after = new Date(
    rand() < 0.4
      ? pick(rand, DST_TRANSITIONS) - Math.floor(rand() * 2 * 86_400_000)
      : Date.UTC(2020, 0, 1) + Math.floor(rand() * 16 * 365 * 86_400_000),
  );
  if (kind === "daily") {
    return { schedule: parseSchedule({ schedule_type: kind, schedule_config: { time, timezone } }), cron: `${minute} ${hour} * * *`, after };
  }
  if (kind === "weekly") {
    const day = Math.floor(rand() * 7);
    return {
      schedule: parseSchedule({ schedule_type: kind, schedule_config: { day_of_week: day, time, timezone } }),
      cron: `${minute} ${hour} * * ${(day + 1) % 7}`,
      after,
    };
  }
  if (kind === "monthly") {
    const day = rand() < 0.25 ? "last" : 1 + Math.floor(rand() * 28);
    return {
      schedule: parseSchedule({ schedule_type: kind, schedule_config: { day_of_month: day, time, timezone } }),
      cron: `${minute} ${hour} ${day === "last" ? "L" : day} * *`,
      after,
    };
  }
  const expression = pick(rand, CRONS);
  return {
    schedule: parseSchedule({ schedule_type: kind, schedule_config: { cron_expression: expression, timezone } }),
    cron: expression,
    after,
  };
}

function cronParserNext(cron: string, timezone: string, after: Date): string {
  return CronExpressionParser.parse(cron, { tz: timezone, currentDate: after }).next().toDate().toISOString();
}

group("properties over 10,000 random schedules and instants", () => {
  it("every next run is after `after`, agrees with cron-parser, and nextRuns strictly increases", () => {
    const rand = random(20261126);
    const disagreements: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const { schedule, cron, after } = randomCase(rand);
      const timezone = schedule.schedule_config.timezone;
      const ours = nextRun(schedule, after);
      expect(ours, `${cron} ${timezone} after ${after.toISOString()}`).not.toBeNull();
      expect(ours!.getTime()).toBeGreaterThan(after.getTime());
      const theirs = cronParserNext(cron, timezone, after);
      if (ours!.toISOString() !== theirs) {
        disagreements.push(`${cron} ${timezone} after ${after.toISOString()}: ours ${ours!.toISOString()} cron-parser ${theirs}`);
      }
      if (i % 10 === 0) {
        const runs = nextRuns(schedule, after, 5).map((d) => d.getTime());
        expect(runs).toHaveLength(5);
        for (let k = 1; k < runs.length; k++) expect(runs[k]).toBeGreaterThan(runs[k - 1]);
      }
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
  }, 180_000); // cron-parser, the reference, takes up to a few ms per case

  it.each(ZONES)("a daily schedule runs exactly once on every local day of a year in %s", (timezone) => {
    for (const time of ["00:00", "00:30", "01:30", "02:00", "02:30", "02:45", "03:00", "03:30", "12:00", "23:59"]) {
      const schedule = parseSchedule({ schedule_type: "daily", schedule_config: { time, timezone } });
      const runs = nextRuns(schedule, new Date("2025-12-31T00:00:00Z"), 400);
      const days = runs.map((run) => formatLocal(timezone, run.getTime()).slice(0, 10)).filter((d) => d.startsWith("2026"));
      expect(days).toHaveLength(365);
      expect(new Set(days).size).toBe(365);
    }
  });

  it("weekly and monthly runs land on the configured local weekday and day", () => {
    const rand = random(7);
    for (let i = 0; i < 2_000; i++) {
      const { schedule, after } = randomCase(rand);
      if (schedule.schedule_type !== "weekly" && schedule.schedule_type !== "monthly") continue;
      for (const run of nextRuns(schedule, after, 3)) {
        const local = toLocal(schedule.schedule_config.timezone, run.getTime());
        if (schedule.schedule_type === "weekly") {
          expect((local.weekday + 6) % 7).toBe(schedule.schedule_config.day_of_week);
        } else {
          const lastDay = new Date(Date.UTC(local.year, local.month, 0)).getUTCDate();
          expect(local.day).toBe(schedule.schedule_config.day_of_month === "last" ? lastDay : schedule.schedule_config.day_of_month);
        }
      }
    }
  });
});
