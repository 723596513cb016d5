import { expect, it } from "vitest";
import { listScheduleRuns } from "@/lib/autopilot/schedules";
import { RUN_COUNT_CAP } from "@/lib/db/runs";
import { listWorkspaceRuns } from "@/lib/runs/runs";
import { runListQuerySchema } from "@/lib/validation/run";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import type { Database } from "@/lib/db/database";
import type { Actor } from "@/lib/db/transactions";
import { createDailySchedule } from "./helpers/schedules";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

/**
 * `count` runs of the workspace's schedule, one per minute back from 2027-01-10, in groups of three written at
 * the same instant or a microsecond apart: a list that compared times rounded to milliseconds, or ignored the id
 * on a tie, would repeat or skip these.
 */
async function writeRuns(db: Database, { workspaceId, scheduleId, count }: { workspaceId: string; scheduleId: string; count: number }) {
  await db.query(
    `insert into public.newsletter_runs (workspace_id, specification_id, specification_name, autopilot_schedule_id, trigger, status,
        scheduled_for, created_at, started_at, finished_at)
     select s.workspace_id, s.specification_id, 'Spec', s.id, case when i % 10 = 0 then 'test' else 'autopilot' end,
            case when i % 4 = 0 then 'failed' else 'success' end,
            timestamptz '2027-01-10 09:00:00+00' - make_interval(mins => i),
            timestamptz '2027-01-10 09:00:00+00' - make_interval(mins => i / 3) + make_interval(secs => case when i % 3 = 2 then 0.000001 else 0 end),
            timestamptz '2027-01-10 09:00:00+00' - make_interval(mins => i), timestamptz '2027-01-10 09:00:00+00' - make_interval(mins => i)
     from public.autopilot_schedules s cross join generate_series(1, $3) i
     where s.workspace_id = $1 and s.id = $2`,
    [workspaceId, scheduleId, count],
  );
}

async function expectedOrder(db: Database, workspaceId: string, status?: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from public.newsletter_runs where workspace_id = $1 and ($2::text is null or status = $2)
     order by created_at desc, id desc`,
    [workspaceId, status ?? null],
  );
  return rows.map((row) => row.id);
}

async function walk(actor: Actor, workspaceId: string, filters: Record<string, unknown>, from: "newest" | "oldest") {
  const seen: string[] = [];
  let cursor: string | null | undefined = from === "oldest" ? "oldest" : undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page: Awaited<ReturnType<typeof listWorkspaceRuns>> = await listWorkspaceRuns(actor, workspaceId, runListQuerySchema.parse({ ...filters, limit: 25, cursor }));
    const ids = page.items.map((run) => run.id);
    if (from === "newest") seen.push(...ids);
    else seen.unshift(...ids);
    cursor = from === "newest" ? page.next_cursor : page.previous_cursor;
    if (!cursor) return { seen, pages: pages + 1, last: page };
  }
  throw new Error("the walk did not end");
}

describeEachDatabase("run lists page by cursor", (db) => {
  it("walks every run once, older and newer, with and without a filter, and keeps other workspaces' runs out", async () => {
    const owner = await createUser(db(), { name: "pager" });
    const workspaceId = (await createStarterWorkspace(db(), owner)).id;
    const specId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
    const schedule = await createDailySchedule(owner, workspaceId, specId);
    await writeRuns(db(), { workspaceId, scheduleId: schedule.id, count: 137 });
    const stranger = await createUser(db(), { name: "stranger" });
    const otherWorkspace = (await createStarterWorkspace(db(), stranger)).id;
    const otherSpec = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [otherWorkspace])).rows[0].id;
    const otherSchedule = await createDailySchedule(stranger, otherWorkspace, otherSpec);
    await writeRuns(db(), { workspaceId: otherWorkspace, scheduleId: otherSchedule.id, count: 30 });

    const all = await expectedOrder(db(), workspaceId);
    expect(all).toHaveLength(137);
    const first = await listWorkspaceRuns(owner, workspaceId, runListQuerySchema.parse({ limit: 25 }));
    expect(first).toMatchObject({ total: 137, total_capped: false, previous_cursor: null });
    expect(first.items.map((run) => run.id)).toEqual(all.slice(0, 25));

    const older = await walk(owner, workspaceId, {}, "newest");
    expect(older.seen).toEqual(all);
    expect(older.pages).toBe(6);
    expect(older.last.next_cursor).toBeNull();
    const newer = await walk(owner, workspaceId, {}, "oldest");
    expect(newer.seen).toEqual(all);
    // The oldest page is the list's last 25, and leads back to newer ones only.
    const oldest = await listWorkspaceRuns(owner, workspaceId, runListQuerySchema.parse({ limit: 25, cursor: "oldest" }));
    expect(oldest.items.map((run) => run.id)).toEqual(all.slice(-25));
    expect(oldest.next_cursor).toBeNull();

    const failed = await expectedOrder(db(), workspaceId, "failed");
    expect((await walk(owner, workspaceId, { status: "failed" }, "newest")).seen).toEqual(failed);
    expect((await walk(owner, workspaceId, { status: "failed" }, "oldest")).seen).toEqual(failed);

    // A specification's runs page the same way; another workspace's specification or schedule shows none.
    expect((await walk(owner, workspaceId, { specification_id: specId, status: "failed" }, "newest")).seen).toEqual(failed);
    expect(await listWorkspaceRuns(owner, workspaceId, runListQuerySchema.parse({ specification_id: otherSpec }))).toMatchObject({ total: 0, items: [] });
    await expect(listScheduleRuns(owner, workspaceId, otherSchedule.id, runListQuerySchema.parse({}))).rejects.toMatchObject({ code: "not_found" });

    // A schedule's history pages the same way.
    const history: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listScheduleRuns(owner, workspaceId, schedule.id, runListQuerySchema.parse({ limit: 40, cursor }));
      history.push(...page.items.map((run) => run.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(history).toEqual(all);

    // The other workspace's cursor reads nothing of this one, and this workspace's cursor nothing of the other.
    const theirs = await listWorkspaceRuns(stranger, otherWorkspace, runListQuerySchema.parse({ limit: 5 }));
    const crossed = await listWorkspaceRuns(owner, workspaceId, runListQuerySchema.parse({ limit: 5, cursor: theirs.next_cursor }));
    expect(crossed.items.every((run) => run.workspace_id === workspaceId)).toBe(true);
    await expect(listWorkspaceRuns(owner, otherWorkspace, runListQuerySchema.parse({ limit: 5, cursor: first.next_cursor }))).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it(`counts up to ${RUN_COUNT_CAP.toLocaleString("en-US")} and then says there are more`, async () => {
    const owner = await createUser(db(), { name: "many" });
    const workspaceId = (await createStarterWorkspace(db(), owner)).id;
    const specId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
    const schedule = await createDailySchedule(owner, workspaceId, specId);
    await writeRuns(db(), { workspaceId, scheduleId: schedule.id, count: RUN_COUNT_CAP });
    const exact = await listWorkspaceRuns(owner, workspaceId, runListQuerySchema.parse({}));
    expect(exact).toMatchObject({ total: RUN_COUNT_CAP, total_capped: false });
    await db().query(
      `insert into public.newsletter_runs (workspace_id, specification_id, specification_name, trigger, status, created_at)
       values ($1, $2, 'Spec', 'manual', 'success', timestamptz '2027-01-11 00:00:00+00')`,
      [workspaceId, specId],
    );
    const capped = await listWorkspaceRuns(owner, workspaceId, runListQuerySchema.parse({}));
    expect(capped).toMatchObject({ total: RUN_COUNT_CAP, total_capped: true });
    expect(capped.items[0].trigger).toBe("manual");
    // The oldest page is still reached at once, and a filter counts its own matches.
    const oldest = await listWorkspaceRuns(owner, workspaceId, runListQuerySchema.parse({ cursor: "oldest" }));
    // The two oldest runs were written at the same instant, so either may sort last: the page holds both and ends the list.
    const oldestSlots = oldest.items.slice(-2).map((run) => run.scheduled_for?.getTime()).sort();
    expect(oldestSlots).toEqual([Date.UTC(2027, 0, 10, 9, 0) - RUN_COUNT_CAP * 60_000, Date.UTC(2027, 0, 10, 9, 0) - (RUN_COUNT_CAP - 1) * 60_000]);
    expect(oldest.next_cursor).toBeNull();
    const manual = await listWorkspaceRuns(owner, workspaceId, runListQuerySchema.parse({ trigger: "manual" }));
    expect(manual).toMatchObject({ total: 1, total_capped: false, next_cursor: null, previous_cursor: null });
  });
});
