/**
 * Dependencies: a chain of three schedules (import → digest → summary) runs in order at each slot over two
 * days through the real tick on a fake clock; a failed upstream skips its dependents with the reason; an
 * upstream that never finishes leaves them waiting until their wait limit; cycles and other workspaces'
 * schedules are refused; a change of the upstream's timing carries down the chain.
 */
import { expect, it } from "vitest";
import { getScheduleCalendar } from "@/lib/autopilot/schedule-calendar";
import { createSchedule, getScheduleView, updateSchedule } from "@/lib/autopilot/schedules";
import type { Actor } from "@/lib/db/transactions";
import type { EngineGenerator } from "@/lib/engine/start-batch";
import { runTick } from "@/lib/engine/run-tick";
import { scheduleCreateSchema, schedulePatchSchema } from "@/lib/validation/schedule";
import { appErrorOf as failure } from "./helpers/errors";
import { failingGenerator } from "./helpers/failing-generator";
import { recordOnlyGenerator } from "./helpers/record-only-generator";
import { runsOf, scheduleRow } from "./helpers/schedules";
import { createStarterTeam } from "./helpers/starter-team";
import { describeEachDatabase } from "./helpers/test-database";
import { aWinterMonday } from "./helpers/winter-monday";

const MINUTE = 60_000;
const DAY = 86_400_000;

describeEachDatabase("schedule dependencies", (db) => {
  async function team() {
    const { owner, workspaceId } = await createStarterTeam(db());
    await db().query("update autopilot_schedules set enabled = false where workspace_id = $1", [workspaceId]);
    const spec = async (name: string) =>
      (
        await db().query<{ id: string }>(
          `insert into newsletter_specifications (workspace_id, name, categories, regions, frequency)
           values ($1, $2, '[{"id":"news","name":"News","keywords":[]}]', '["Europe"]', 'daily') returning id`,
          [workspaceId, name],
        )
      ).rows[0].id;
    return { owner, workspaceId, specs: [await spec("Imports"), await spec("Digest"), await spec("Summary")] };
  }

  const create = (owner: Actor, workspaceId: string, now: Date, body: Record<string, unknown>) =>
    createSchedule(owner, workspaceId, scheduleCreateSchema.parse({ schedule_type: "daily", schedule_config: { time: "06:00", timezone: "Europe/Berlin" }, max_retries: 0, ...body }), now);

  /**
   * Ticks at each moment something is due (one minute after), until `end`; `generatorFor` picks the generator
   * by who is due. The clock moves a second each time it is read, so starts and ends within a tick are ordered.
   */
  async function tickUntil(ids: string[], end: number, generatorFor: (dueId: string) => EngineGenerator = () => recordOnlyGenerator()) {
    for (let ticks = 0; ticks < 200; ticks++) {
      const next = await Promise.all(ids.map(async (id) => ({ id, row: await scheduleRow(db(), id) })));
      const due = next.filter((n) => n.row.enabled && n.row.status === "active").reduce((a, b) => (b.row.next_run_at < a.row.next_run_at ? b : a));
      if (due.row.next_run_at.getTime() >= end) return;
      let clock = due.row.next_run_at.getTime() + MINUTE;
      await runTick(db(), { now: () => new Date((clock += 1000)), generator: generatorFor(due.id) });
    }
    throw new Error("the tick loop did not settle");
  }

  it("a chain of three runs in order at each slot for two days; a failed upstream skips its dependents with the reason", async () => {
    const { owner, workspaceId, specs } = await team();
    const start = aWinterMonday(); // 06:00 UTC, 07:00 Berlin: the first slot is Tuesday 06:00 Berlin
    const importer = await create(owner, workspaceId, start, { specification_id: specs[0], schedule_name: "Import" });
    const digest = await create(owner, workspaceId, start, { specification_id: specs[1], schedule_name: "Digest", depends_on_schedule_id: importer.id, wait_minutes: 90 });
    const summary = await create(owner, workspaceId, start, { specification_id: specs[2], schedule_name: "Summary", depends_on_schedule_id: digest.id });
    expect(digest.description).toBe("After “Import” succeeds (waiting up to 90 min after the slot), at its slots: Every day at 06:00 (Europe/Berlin)");
    expect(summary.wait_minutes).toBe(60);
    expect([digest.next_run_at, summary.next_run_at]).toEqual([importer.next_run_at, importer.next_run_at]);

    // The calendar shows the chain at each slot, in its order.
    const calendar = await getScheduleCalendar(owner, workspaceId, { days: 2, now: start });
    expect(calendar.entries.map((e) => [e.schedule_name, e.after])).toEqual([
      ["Import", null], ["Digest", "Import"], ["Summary", "Digest"],
      ["Import", null], ["Digest", "Import"], ["Summary", "Digest"],
    ]);

    // Two days, all succeeding: each slot's three runs, in chain order.
    const ids = [importer.id, digest.id, summary.id];
    await tickUntil(ids, start.getTime() + 2 * DAY);
    const runs = await db().query<{ autopilot_schedule_id: string; scheduled_for: Date; status: string; started_at: Date; finished_at: Date }>(
      "select autopilot_schedule_id, scheduled_for, status, started_at, finished_at from newsletter_runs where workspace_id = $1 and trigger = 'autopilot' order by started_at, finished_at",
      [workspaceId],
    );
    const names = new Map([[importer.id, "Import"], [digest.id, "Digest"], [summary.id, "Summary"]]);
    expect(runs.rows.map((r) => `${r.scheduled_for.toISOString().slice(0, 10)} ${names.get(r.autopilot_schedule_id)} ${r.status}`)).toEqual(
      [1, 2].flatMap((day) => {
        const date = new Date(start.getTime() + day * DAY).toISOString().slice(0, 10);
        return [`${date} Import success`, `${date} Digest success`, `${date} Summary success`];
      }),
    );
    // Each starts only after its upstream's run of the same slot finished.
    for (let i = 0; i < runs.rows.length; i += 3) {
      expect(runs.rows[i + 1].started_at.getTime()).toBeGreaterThanOrEqual(runs.rows[i].finished_at.getTime());
      expect(runs.rows[i + 2].started_at.getTime()).toBeGreaterThanOrEqual(runs.rows[i + 1].finished_at.getTime());
      expect(new Set(runs.rows.slice(i, i + 3).map((r) => r.scheduled_for.getTime())).size).toBe(1);
    }

    // The third day the import fails: both dependents are skipped at that slot, each saying why.
    await tickUntil(ids, start.getTime() + 3 * DAY, (id) => (id === importer.id ? failingGenerator : recordOnlyGenerator()));
    const [failedImport] = (await runsOf(db(), importer.id)).slice(-1);
    expect(failedImport.status).toBe("failed");
    const [skippedDigest] = (await runsOf(db(), digest.id)).slice(-1);
    const [skippedSummary] = (await runsOf(db(), summary.id)).slice(-1);
    expect(skippedDigest).toMatchObject({ status: "skipped", scheduled_for: failedImport.scheduled_for, error: expect.stringMatching(/^Upstream “Import” failed at this slot: /) });
    expect(skippedSummary).toMatchObject({ status: "skipped", scheduled_for: failedImport.scheduled_for, error: expect.stringMatching(/^Upstream “Digest” was skipped at this slot: Upstream “Import” failed/) });
    // And the next day all three run again.
    await tickUntil(ids, start.getTime() + 4 * DAY);
    for (const id of ids) expect((await runsOf(db(), id)).slice(-1)[0].status).toBe("success");
    expect((await getScheduleView(owner, workspaceId, summary.id)).last_run_status).toBe("success");
  });

  it("waits for an upstream still running until its wait limit, then is skipped; an upstream paused skips at once", async () => {
    const { owner, workspaceId, specs } = await team();
    const start = aWinterMonday();
    const importer = await create(owner, workspaceId, start, { specification_id: specs[0], schedule_name: "Slow import" });
    const digest = await create(owner, workspaceId, start, { specification_id: specs[1], schedule_name: "Waiting digest", depends_on_schedule_id: importer.id, wait_minutes: 30 });
    const slot = (await scheduleRow(db(), importer.id)).next_run_at;
    // The upstream's run is still running (as if a generation hung) when the dependent is due.
    await db().query(
      `insert into newsletter_runs (workspace_id, specification_id, specification_name, autopilot_schedule_id, trigger, status, scheduled_for, started_at, deadline_at)
       values ($1, $2, 'Imports', $3, 'autopilot', 'running', $4, $4, $4::timestamptz + interval '2 hours')`,
      [workspaceId, specs[0], importer.id, slot],
    );
    await db().query("update autopilot_schedules set next_run_at = next_run_at + interval '1 day' where id = $1", [importer.id]);
    await runTick(db(), { now: () => new Date(slot.getTime() + MINUTE), generator: recordOnlyGenerator() });
    const waiting = await db().query<{ waiting_slot: Date; next_run_at: Date }>("select waiting_slot, next_run_at from autopilot_schedules where id = $1", [digest.id]);
    expect(waiting.rows[0]).toEqual({ waiting_slot: slot, next_run_at: new Date(slot.getTime() + 30 * MINUTE) });
    expect(await runsOf(db(), digest.id)).toEqual([]);
    await runTick(db(), { now: () => new Date(slot.getTime() + 31 * MINUTE), generator: recordOnlyGenerator() });
    expect((await runsOf(db(), digest.id))[0]).toMatchObject({
      status: "skipped",
      scheduled_for: slot,
      error: "Upstream “Slow import” had not succeeded 30 minutes after the slot (its run: running)",
    });
    expect((await scheduleRow(db(), digest.id)).next_run_at.getTime()).toBe(slot.getTime() + DAY);

    // Paused upstream: the dependent's next slot is skipped at once, saying so.
    await updateSchedule(owner, workspaceId, importer.id, schedulePatchSchema.parse({ status: "paused", paused_note: "Source down" }));
    await runTick(db(), { now: () => new Date(slot.getTime() + DAY + MINUTE), generator: recordOnlyGenerator() });
    expect((await runsOf(db(), digest.id))[1]).toMatchObject({ status: "skipped", error: "Upstream “Slow import” is paused or switched off, so it makes no run at this slot" });
  });

  it("refuses cycles, itself and other workspaces' schedules; an upstream's new time carries down the chain", async () => {
    const { owner, workspaceId, specs } = await team();
    const now = aWinterMonday();
    const a = await create(owner, workspaceId, now, { specification_id: specs[0], schedule_name: "A" });
    const b = await create(owner, workspaceId, now, { specification_id: specs[1], schedule_name: "B", depends_on_schedule_id: a.id });
    const c = await create(owner, workspaceId, now, { specification_id: specs[2], schedule_name: "C", depends_on_schedule_id: b.id });
    const before = await db().query("select id, depends_on_schedule_id, schedule_config from autopilot_schedules where workspace_id = $1 order by id", [workspaceId]);
    expect(await failure(updateSchedule(owner, workspaceId, a.id, schedulePatchSchema.parse({ depends_on_schedule_id: c.id })))).toMatchObject({
      code: "validation_failed",
      fields: { depends_on_schedule_id: "“C” already runs after this schedule (C ← B): a chain cannot loop" },
    });
    expect(await failure(updateSchedule(owner, workspaceId, a.id, schedulePatchSchema.parse({ depends_on_schedule_id: a.id })))).toMatchObject({ fields: { depends_on_schedule_id: "A schedule cannot run after itself" } });
    const other = await createStarterTeam(db());
    const foreign = (await create(other.owner, other.workspaceId, now, { specification_id: other.specId, schedule_name: "Theirs" })).id;
    expect(await failure(updateSchedule(owner, workspaceId, a.id, schedulePatchSchema.parse({ depends_on_schedule_id: foreign })))).toMatchObject({ fields: { depends_on_schedule_id: expect.stringContaining("another schedule of this workspace") } });
    expect(() => schedulePatchSchema.parse({ wait_minutes: 0 })).toThrow(/wait_minutes must be from 1 to 720/);
    expect((await db().query("select id, depends_on_schedule_id, schedule_config from autopilot_schedules where workspace_id = $1 order by id", [workspaceId])).rows).toEqual(before.rows);

    // A moves to 08:30: B and C follow, with their next slot.
    const moved = await updateSchedule(owner, workspaceId, a.id, schedulePatchSchema.parse({ schedule_config: { time: "08:30" } }), now);
    for (const id of [b.id, c.id]) {
      const row = await scheduleRow(db(), id);
      expect(row.next_run_at).toEqual(moved.next_run_at);
      expect((await getScheduleView(owner, workspaceId, id)).schedule_config).toEqual({ time: "08:30", timezone: "Europe/Berlin" });
    }
    // Deleting B leaves C on its own, at the same time.
    await db().query("delete from autopilot_schedules where id = $1", [b.id]);
    const alone = await getScheduleView(owner, workspaceId, c.id);
    expect(alone).toMatchObject({ depends_on_schedule_id: null, description: "Every day at 08:30 (Europe/Berlin)" });
  });
});
