/**
 * 400 days of Autopilot on a fake clock, through the real tick.
 *
 * 68 schedules (daily, weekly, monthly on the 1st, the 28th and the last day, cron) in six zones, on
 * specifications whose frequency equals the schedule's cadence, on one they share, on one whose frequency is
 * slower than the schedule (the frequency trap), and cron schedules with a cadence override. Ticks come every
 * 5 minutes with a random delay of up to 4 minutes; now and then the cron call is delivered twice (two ticks
 * at once) and now and then a tick is killed (its process never returns from starting or from generating);
 * generations take 0–10 minutes of simulated time, so ticks overlap runs in progress; specifications are
 * deactivated and reactivated.
 *
 * The expected history is computed independently of the engine: slots from cron-parser, calendar periods
 * from Intl, and a small reference model of the rules (one report per specification and period; a skipped
 * slot resumes at the first slot of the next period; an inactive specification parks the schedule until it
 * is resumed; a killed generation fails "timed out"). Ticks that provably find nothing (the clock is before
 * every due slot and every run deadline) are not executed, which keeps 400 days within a minute.
 */
import { CronExpressionParser } from "cron-parser";
import { beforeAll, expect, it } from "vitest";
import { runTick, type TickSummary } from "@/lib/engine/run-tick";
import { createSchedule, updateSchedule } from "@/lib/autopilot/schedules";
import type { Database, Queryable } from "@/lib/db/database";
import type { Actor } from "@/lib/db/transactions";
import { TIMED_OUT } from "@/lib/engine/recover-overdue-runs";
import { createSpecification, updateSpecification } from "@/lib/specifications/specifications";
import { scheduleCreateSchema } from "@/lib/validation/schedule";
import { specificationSchema } from "@/lib/validation/specification";
import { createWorkspace } from "@/lib/workspaces/workspaces";
import { recordOnlyGenerator } from "./helpers/record-only-generator";
import { describeEachDatabase, type Backend } from "./helpers/test-database";
import { createUser } from "./helpers/users";

const MINUTE = 60_000;
const DAY = 86_400_000;
/**
 * More than a year on the Postgres server (every period, both daylight-saving changes of each zone, a year's
 * end); four months on PGlite, which runs the same code ten times slower (still two daylight-saving changes
 * in Europe and America, one in the south, four month ends). SIM_DAYS overrides both.
 */
const simDays = (backend: Backend) => Number(process.env.SIM_DAYS ?? (backend === "postgres" ? 400 : 120));
const SIM_START = Date.parse("2027-01-04T00:00:00Z");
const RUN_TIMEOUT_SECONDS = 15 * 60;
const SETTINGS = { tickBudgetMs: 5 * MINUTE, runTimeoutSeconds: RUN_TIMEOUT_SECONDS, batchSize: 25, concurrency: 4 };

type Frequency = "daily" | "weekly" | "monthly";

interface PlannedSchedule {
  name: string;
  zone: string;
  type: "daily" | "weekly" | "monthly" | "custom";
  config: Record<string, unknown>;
  /** The same cadence as a cron expression, for cron-parser's independent slots. */
  cron: string;
  spec: string;
  cadenceOverride?: Frequency;
}

const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Pacific/Chatham", "Asia/Kolkata"];

function plan(): { schedules: PlannedSchedule[]; specs: Map<string, Frequency> } {
  const schedules: PlannedSchedule[] = [];
  const specs = new Map<string, Frequency>();
  const add = (s: Omit<PlannedSchedule, "spec"> & { spec: string }, frequency: Frequency) => {
    specs.set(s.spec, frequency);
    schedules.push(s);
  };
  for (const zone of ZONES) {
    add({ name: `${zone} daily 09:00`, zone, type: "daily", config: { time: "09:00" }, cron: "0 9 * * *", spec: `daily-9 ${zone}` }, "daily");
    add({ name: `${zone} daily 02:30`, zone, type: "daily", config: { time: "02:30" }, cron: "30 2 * * *", spec: `daily-0230 ${zone}` }, "daily");
    add({ name: `${zone} daily 01:30`, zone, type: "daily", config: { time: "01:30" }, cron: "30 1 * * *", spec: `daily-0130 ${zone}` }, "daily");
    add({ name: `${zone} weekly Mon 08:00`, zone, type: "weekly", config: { day_of_week: 0, time: "08:00" }, cron: "0 8 * * 1", spec: `weekly-mon ${zone}` }, "weekly");
    add({ name: `${zone} weekly Sun 23:30`, zone, type: "weekly", config: { day_of_week: 6, time: "23:30" }, cron: "30 23 * * 0", spec: `weekly-sun ${zone}` }, "weekly");
    add({ name: `${zone} monthly 28th`, zone, type: "monthly", config: { day_of_month: 28, time: "07:00" }, cron: "0 7 28 * *", spec: `monthly-28 ${zone}` }, "monthly");
    add({ name: `${zone} monthly last`, zone, type: "monthly", config: { day_of_month: "last", time: "22:00" }, cron: "0 22 L * *", spec: `monthly-last ${zone}` }, "monthly");
    add({ name: `${zone} monthly 1st`, zone, type: "monthly", config: { day_of_month: 1, time: "00:30" }, cron: "30 0 1 * *", spec: `monthly-1 ${zone}` }, "monthly");
    // Cron schedules with a cadence override share the daily specification: outside its rhythm, they never
    // take its period.
    add({ name: `${zone} weekdays cron`, zone, type: "custom", config: { cron_expression: "0 9 * * 1-5" }, cron: "0 9 * * 1-5", spec: `daily-9 ${zone}`, cadenceOverride: "daily" }, "daily");
    add({ name: `${zone} twice a day cron`, zone, type: "custom", config: { cron_expression: "30 6,18 * * *" }, cron: "30 6,18 * * *", spec: `daily-9 ${zone}`, cadenceOverride: "weekly" }, "daily");
    // The frequency trap: a daily schedule on a weekly specification runs once per ISO week.
    add({ name: `${zone} daily on weekly`, zone, type: "daily", config: { time: "23:45" }, cron: "45 23 * * *", spec: `weekly-trap ${zone}` }, "weekly");
  }
  // Two daily schedules on one daily specification: the first of each day makes the report, the second skips.
  add({ name: "pair first", zone: "Europe/Berlin", type: "daily", config: { time: "08:00" }, cron: "0 8 * * *", spec: "pair" }, "daily");
  add({ name: "pair second", zone: "Europe/Berlin", type: "daily", config: { time: "09:15" }, cron: "15 9 * * *", spec: "pair" }, "daily");
  return { schedules, specs };
}

/** Deactivated at `from`, reactivated (and its parked schedules resumed by their owner) at `to`. */
const ALL_DEACTIVATIONS = [
  { spec: "daily-9 Asia/Kolkata", from: SIM_START + 100 * DAY + 8 * 3_600_000, to: SIM_START + 108 * DAY + 8 * 3_600_000 },
  { spec: "monthly-28 Europe/Berlin", from: SIM_START + 200 * DAY + 8 * 3_600_000, to: SIM_START + 240 * DAY + 8 * 3_600_000 },
  { spec: "pair", from: SIM_START + 300 * DAY + 12 * 3_600_000, to: SIM_START + 303 * DAY + 12 * 3_600_000 },
  { spec: "weekly-mon UTC", from: SIM_START + 150 * DAY + 10 * 3_600_000, to: SIM_START + 151 * DAY + 10 * 3_600_000 },
];
type Deactivation = (typeof ALL_DEACTIVATIONS)[number];

// ---------------------------------------------------------------------------------------------------
// The reference model, independent of the engine's code.
// ---------------------------------------------------------------------------------------------------

function slotsBetween(cron: string, zone: string, from: number, to: number): number[] {
  const iterator = CronExpressionParser.parse(cron, { tz: zone, currentDate: new Date(from) });
  const slots: number[] = [];
  for (;;) {
    const next = iterator.next().getTime();
    if (next > to) return slots;
    slots.push(next);
  }
}

const ymdFormats = new Map<string, Intl.DateTimeFormat>();
function localYmd(at: number, zone: string): string {
  let format = ymdFormats.get(zone);
  if (!format) ymdFormats.set(zone, (format = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })));
  return format.format(at);
}

function periodKeyOf(frequency: Frequency, at: number, zone: string): string {
  const ymd = localYmd(at, zone);
  if (frequency === "daily") return `daily:${ymd}`;
  if (frequency === "monthly") return `monthly:${ymd.slice(0, 7)}`;
  // ISO week: the week's Thursday decides the year; week 1 holds January 4th.
  const date = new Date(`${ymd}T00:00:00Z`);
  const thursday = new Date(date.getTime() + (3 - ((date.getUTCDay() + 6) % 7)) * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY / 7) + 1;
  return `weekly:${year}-W${String(week).padStart(2, "0")}`;
}

interface ExpectedRun {
  slot: number;
  status: "success" | "failed" | "skipped";
}

function expectedHistory(
  schedules: (PlannedSchedule & { id: string })[],
  specs: Map<string, Frequency>,
  killedRuns: Set<string>,
  until: number,
  deactivations: Deactivation[],
): Map<string, ExpectedRun[]> {
  const history = new Map<string, ExpectedRun[]>(schedules.map((s) => [s.id, []]));
  const allSlots = new Map(schedules.map((s) => [s.id, slotsBetween(s.cron, s.zone, SIM_START, until)]));
  const cursor = new Map(schedules.map((s) => [s.id, 0]));
  const periodsDone = new Set<string>();
  for (;;) {
    // The earliest pending slot of any schedule: schedules on one specification interact in time order.
    let current: (PlannedSchedule & { id: string }) | null = null;
    let slot = Infinity;
    for (const s of schedules) {
      const candidate = allSlots.get(s.id)![cursor.get(s.id)!];
      if (candidate !== undefined && candidate < slot) [current, slot] = [s, candidate];
    }
    if (!current) return history;
    const s: PlannedSchedule & { id: string } = current;
    const slots = allSlots.get(s.id)!;
    const advanceTo = (after: number) => {
      let i = cursor.get(s.id)!;
      while (i < slots.length && slots[i] <= after) i++;
      cursor.set(s.id, i);
    };
    const parked = deactivations.find((d) => d.spec === s.spec && slot >= d.from && slot <= d.to);
    if (parked) {
      advanceTo(parked.to);
      continue;
    }
    const frequency = specs.get(s.spec)!;
    const period = s.cadenceOverride ? null : `${s.spec}|${periodKeyOf(frequency, slot, s.zone)}`;
    if (period && periodsDone.has(period)) {
      history.get(s.id)!.push({ slot, status: "skipped" });
      // Resume at the first slot whose period differs.
      let i = cursor.get(s.id)! + 1;
      while (i < slots.length && `${s.spec}|${periodKeyOf(frequency, slots[i], s.zone)}` === period) i++;
      cursor.set(s.id, i);
      continue;
    }
    const killed = killedRuns.has(`${s.id}|${new Date(slot).toISOString()}`);
    history.get(s.id)!.push({ slot, status: killed ? "failed" : "success" });
    if (!killed && period) periodsDone.add(period);
    advanceTo(slot);
  }
}

// ---------------------------------------------------------------------------------------------------
// The simulation.
// ---------------------------------------------------------------------------------------------------

/** A seeded generator (mulberry32), so a failing calendar can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Counts database work in flight, so the simulation knows when every tick is waiting on the fake clock. */
function trackWork(db: Database): { db: Database; busy: () => boolean } {
  let inFlight = 0;
  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await work();
    } finally {
      inFlight--;
    }
  };
  const tracked: Database = {
    kind: db.kind,
    query: (text, params) => track(() => db.query(text, params)),
    exec: (sql) => track(() => db.exec(sql)),
    transaction: (work, options) => track(() => db.transaction(work, options)),
    close: () => db.close(),
  };
  return { db: tracked, busy: () => inFlight > 0 };
}

describeEachDatabase("a simulated calendar of months through the real tick", (rawDb, backend) => {
  const SIM_DAYS = simDays(backend);
  const SIM_END = SIM_START + SIM_DAYS * DAY;
  const DEACTIVATIONS = ALL_DEACTIVATIONS.filter((d) => d.to < SIM_END);
  let owner: Actor, workspaceId: string;
  const { schedules: planned, specs } = plan();
  const specIds = new Map<string, string>();
  const schedules: (PlannedSchedule & { id: string })[] = [];

  beforeAll(async () => {
    owner = await createUser(rawDb(), { name: "sim" });
    workspaceId = (await createWorkspace(owner, { name: "Simulated calendar" })).id;
    for (const [key, frequency] of specs) {
      const spec = await createSpecification(
        owner,
        workspaceId,
        specificationSchema.parse({ name: key, categories: [{ id: "news", name: "News", keywords: [] }], regions: ["Europe"], frequency }),
      );
      specIds.set(key, spec.id);
    }
    for (const p of planned) {
      const created = await createSchedule(
        owner,
        workspaceId,
        scheduleCreateSchema.parse({
          specification_id: specIds.get(p.spec),
          schedule_name: p.name,
          schedule_type: p.type,
          schedule_config: { ...p.config, timezone: p.zone },
          cadence_override: p.cadenceOverride ?? null,
          // The reference model covers the engine's core rules; retries and retention have their own suite
          // (schedule-policies.test.ts) on a fake clock.
          max_retries: 0,
          retention_days: 3650,
        }),
        new Date(SIM_START),
      );
      schedules.push({ ...p, id: created.id });
    }
  }, 120_000);

  it(
    "every slot of every schedule runs exactly as the rules say: no slot lost, none twice, none left running, counters equal the history",
    async () => {
      expect(schedules.length).toBeGreaterThanOrEqual(60);
      // The deactivation times keep clear of slots, so "parked" has one meaning in the model and the engine.
      for (const d of DEACTIVATIONS) {
        for (const s of schedules.filter((s) => s.spec === d.spec)) {
          for (const edge of [d.from, d.to]) expect(slotsBetween(s.cron, s.zone, edge - 20 * MINUTE, edge)).toEqual([]);
        }
      }

      const rand = random(20261127);
      const { db, busy } = trackWork(rawDb());
      let now = SIM_START;
      const clock = () => new Date(now);
      const wakeups: { at: number; wake: () => void }[] = [];
      const killedRuns = new Set<string>();
      const summaries: TickSummary[] = [];
      const stats = { ticks: 0, doubled: 0, killed: 0, skippedAsIdle: 0 };

      const sleepUntil = (at: number) => new Promise<void>((wake) => wakeups.push({ at, wake }));
      const hangForever = () => new Promise<never>(() => undefined);
      const generator = recordOnlyGenerator(async () => {
        // 0–10 minutes of simulated generation; the tick's other work goes on meanwhile.
        await sleepUntil(now + Math.floor(rand() * 10 * MINUTE));
      });
      /**
       * A killed process: it dies while generating (its runs stay "running"), or after generating, before the
       * ends are written (its transactions after claiming and starting never happen). Either way its runs are
       * left for recovery.
       */
      const killedTick = (): { db: Database; generator: typeof generator } => {
        const dyingWhileGenerating = rand() < 0.5;
        let transactions = 0;
        return {
          // Transactions of a tick: recovery, claim + start, then ends (or another claim): the third never comes.
          db: dyingWhileGenerating ? db : { ...db, transaction: (work, options) => (++transactions >= 3 ? hangForever() : db.transaction(work, options)) },
          generator: {
            render: async (engineDb, run, request) => {
              killedRuns.add(`${run.autopilot_schedule_id}|${run.scheduled_for!.toISOString()}`);
              return dyingWhileGenerating ? hangForever() : generator.render(engineDb, run, request);
            },
          },
        };
      };

      /** Lets every tick in flight run until it waits on the fake clock (or is done). */
      const settle = async () => {
        for (let idle = 0; idle < 3; ) {
          await new Promise((resolve) => setImmediate(resolve));
          idle = busy() ? 0 : idle + 1;
        }
      };
      /** The earliest instant at which a tick could find work: a due slot or a run deadline. */
      const nextWorkAt = async (q: Queryable) => {
        const { rows } = await q.query<{ at: Date | null }>(
          `select least(
             (select min(next_run_at) from autopilot_schedules where enabled and status = 'active'),
             (select min(deadline_at) from newsletter_runs where status = 'running')) as at`,
        );
        return rows[0].at?.getTime() ?? Infinity;
      };
      const startTick = (killed: boolean) => {
        stats.ticks++;
        const process = killed ? killedTick() : { db, generator };
        // A killed tick had written its runs when it died (the model expects them timed out); a process that
        // dies before its run is written is tests/integration/run-writes.test.ts's case.
        runTick(process.db, { now: clock, settings: SETTINGS, generator: process.generator, recordStartAfterMs: killed ? 0 : undefined }).then((summary) =>
          summaries.push(summary),
        );
      };

      const actions = DEACTIVATIONS.flatMap((d) => [
        { at: d.from, run: () => updateSpecification(owner, workspaceId, specIds.get(d.spec)!, { status: "inactive" }) },
        {
          at: d.to,
          run: async () => {
            await updateSpecification(owner, workspaceId, specIds.get(d.spec)!, { status: "active" });
            // The owner saves each parked schedule, which is how a schedule in error is resumed.
            for (const s of schedules.filter((s) => s.spec === d.spec)) await updateSchedule(owner, workspaceId, s.id, { notes: "resumed" }, new Date(d.to));
          },
        },
      ]);

      const lastTickAt = SIM_END + 60 * MINUTE;
      let nominal = SIM_START;
      let tickAt = nominal + Math.floor(rand() * 4 * MINUTE);
      let workAt = await nextWorkAt(rawDb());
      for (;;) {
        const wakeAt = Math.min(...wakeups.map((w) => w.at));
        const actionAt = Math.min(...actions.map((a) => a.at));
        const ticking = tickAt <= lastTickAt;
        const at = Math.min(wakeAt, actionAt, ticking ? tickAt : Infinity);
        if (at === Infinity) break;
        now = Math.max(now, at);
        if (at === wakeAt) {
          for (const w of wakeups.filter((w) => w.at <= now)) {
            wakeups.splice(wakeups.indexOf(w), 1);
            w.wake();
          }
        } else if (at === actionAt) {
          await settle();
          await actions.splice(actions.findIndex((a) => a.at === actionAt), 1)[0].run();
        } else {
          nominal += 5 * MINUTE;
          tickAt = nominal + Math.floor(rand() * 4 * MINUTE);
          if (now < workAt) {
            stats.skippedAsIdle++;
            continue;
          }
          const killed = rand() < 1 / 150;
          if (killed) stats.killed++;
          startTick(killed);
          if (rand() < 1 / 40) {
            stats.doubled++;
            startTick(false);
          }
        }
        await settle();
        workAt = await nextWorkAt(rawDb());
      }
      // Killed generations are past their deadline after the last tick; one more tick (with no time left to
      // claim) recovers them.
      now += RUN_TIMEOUT_SECONDS * 1000 + MINUTE;
      summaries.push(await runTick(db, { now: clock, settings: { ...SETTINGS, tickBudgetMs: 0 } }));
      console.info(`simulated ${SIM_DAYS} days [${rawDb().kind}]: ${JSON.stringify(stats)}, killed generations ${killedRuns.size}`);

      // The engine's history.
      const { rows: runs } = await rawDb().query<{
        autopilot_schedule_id: string;
        specification_id: string;
        scheduled_for: Date;
        status: string;
        error: string | null;
        frequency_period: string | null;
        trigger: string;
      }>(
        `select autopilot_schedule_id, specification_id, scheduled_for, status, error, frequency_period, trigger
         from newsletter_runs where workspace_id = $1 order by scheduled_for, created_at`,
        [workspaceId],
      );
      expect(runs.every((r) => r.trigger === "autopilot")).toBe(true);
      expect(runs.filter((r) => r.status === "running")).toEqual([]);

      const expected = expectedHistory(schedules, specs, killedRuns, SIM_END, DEACTIVATIONS);
      let checked = 0;
      for (const s of schedules) {
        const actual = runs
          .filter((r) => r.autopilot_schedule_id === s.id && r.scheduled_for.getTime() <= SIM_END)
          .map((r) => ({ slot: new Date(r.scheduled_for).toISOString(), status: r.status }));
        const wanted = expected.get(s.id)!.map((e) => ({ slot: new Date(e.slot).toISOString(), status: e.status }));
        expect({ schedule: s.name, runs: actual }).toEqual({ schedule: s.name, runs: wanted });
        checked += actual.length;
      }
      expect(checked).toBeGreaterThan(15_000 * (SIM_DAYS / 400));

      // The daily schedule on a daily specification: one success per day, every day (the old rolling rule
      // skipped every other day).
      const berlinDaily = schedules.find((s) => s.name === "Europe/Berlin daily 09:00")!;
      const berlinKilled = [...killedRuns].filter((k) => k.startsWith(berlinDaily.id)).length;
      expect(runs.filter((r) => r.autopilot_schedule_id === berlinDaily.id && r.status === "success").length).toBe(SIM_DAYS - berlinKilled);
      const [first, second] = ["pair first", "pair second"].map((name) => schedules.find((s) => s.name === name)!);
      const pairRuns = (id: string, status: string) => runs.filter((r) => r.autopilot_schedule_id === id && r.status === status).length;
      const parkedDays = DEACTIVATIONS.some((d) => d.spec === "pair") ? 3 : 0; // days 301–303
      // The second makes the day's report only when the first's was killed; a day has none only when both were.
      const secondKilled = [...killedRuns].filter((k) => k.startsWith(second.id)).length;
      expect(pairRuns(first.id, "success") + pairRuns(second.id, "success")).toBe(SIM_DAYS - parkedDays - secondKilled);
      for (const { id } of [first, second]) expect(runs.filter((r) => r.autopilot_schedule_id === id).length).toBe(SIM_DAYS - parkedDays);

      // Every skip names its reason and is justified by a report of the same specification and period.
      const successes = new Set(runs.filter((r) => r.status === "success" && r.frequency_period).map((r) => `${r.specification_id}|${r.frequency_period}`));
      for (const skipped of runs.filter((r) => r.status === "skipped")) {
        expect(skipped.error).toMatch(/^Frequency limit: “.*” already has its (daily|weekly|monthly) report for .*; the next one is allowed from /);
        expect(successes.has(`${skipped.specification_id}|${skipped.frequency_period}`)).toBe(true);
      }
      // Killed generations failed "timed out"; no other failure happened.
      for (const failed of runs.filter((r) => r.status === "failed")) expect(failed.error).toBe(TIMED_OUT);
      // One report per specification and period, ever.
      const reports = runs.filter((r) => r.status === "success" && r.frequency_period).map((r) => `${r.specification_id}|${r.frequency_period}`);
      expect(new Set(reports).size).toBe(reports.length);

      // Counters equal the history.
      const { rows: counters } = await rawDb().query<{ id: string; run_count: number; success_count: number; failure_count: number; status: string; locked_until: Date | null }>(
        "select id, run_count, success_count, failure_count, status, locked_until from autopilot_schedules where workspace_id = $1",
        [workspaceId],
      );
      for (const row of counters) {
        const mine = runs.filter((r) => r.autopilot_schedule_id === row.id);
        expect(row).toMatchObject({
          status: "active",
          success_count: mine.filter((r) => r.status === "success").length,
          failure_count: mine.filter((r) => r.status === "failed").length,
          run_count: mine.filter((r) => r.status !== "skipped").length,
        });
      }
    },
    900_000,
  );
});
