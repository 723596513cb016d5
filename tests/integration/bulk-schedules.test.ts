import { beforeAll, expect, it } from "vitest";
import { applyBulkScheduleAction } from "@/lib/autopilot/bulk-schedules";
import { getScheduleView } from "@/lib/autopilot/schedules";
import type { Actor } from "@/lib/db/transactions";
import { runTick } from "@/lib/engine/run-tick";
import { bulkScheduleActionSchema } from "@/lib/validation/bulk-schedules";
import { parseInput } from "@/lib/validation/zod-error";
import { appErrorOf as failure } from "./helpers/errors";
import { recordOnlyGenerator } from "./helpers/record-only-generator";
import { createDailySchedule, makeDue, runsOf } from "./helpers/schedules";
import { createStarterTeam, createTeamWithMember } from "./helpers/starter-team";
import { describeEachDatabase } from "./helpers/test-database";

describeEachDatabase("bulk actions on a selection of schedules", (db) => {
  let owner: Actor, member: Actor, stranger: Actor, workspaceId: string, specId: string, strangersSchedule: string;

  beforeAll(async () => {
    ({ owner, member, workspaceId, specId } = await createTeamWithMember(db()));
    const { owner: theirOwner, workspaceId: theirs, specId: theirSpec } = await createStarterTeam(db(), { name: "stranger" });
    stranger = theirOwner;
    strangersSchedule = (await createDailySchedule(stranger, theirs, theirSpec, { schedule_name: "Theirs" })).id;
  });

  const bulk = (actor: Actor, body: Record<string, unknown>) => applyBulkScheduleAction(actor, workspaceId, parseInput(bulkScheduleActionSchema, body));
  const outcomes = (answer: Awaited<ReturnType<typeof bulk>>) => answer.results.map((r) => [r.name, r.outcome, r.error]);

  it("pauses and resumes with each schedule's rights checked; a paused schedule does not run at its slot, a resumed one does", async () => {
    const a = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "A" });
    const b = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "B" });
    const m = await createDailySchedule(member, workspaceId, specId, { schedule_name: "M" });

    // A member changes their own schedule only: the owner's is refused with the reason, and stays active.
    expect(outcomes(await bulk(member, { action: "pause", ids: [a.id, m.id] }))).toEqual([
      ["A", "refused", "Only the schedule's creator or a workspace owner can change it"],
      ["M", "done", null],
    ]);
    expect((await getScheduleView(owner, workspaceId, a.id)).status).toBe("active");

    expect(outcomes(await bulk(owner, { action: "pause", ids: [a.id, b.id, m.id] }))).toEqual([
      ["A", "done", null],
      ["B", "done", null],
      ["M", "unchanged", null],
    ]);
    await makeDue(db(), a.id);
    await runTick(db(), { generator: recordOnlyGenerator() });
    expect(await runsOf(db(), a.id)).toHaveLength(0);

    expect(outcomes(await bulk(owner, { action: "resume", ids: [a.id, b.id] }))).toEqual([
      ["A", "done", null],
      ["B", "done", null],
    ]);
    await makeDue(db(), a.id);
    await runTick(db(), { generator: recordOnlyGenerator() });
    expect(await runsOf(db(), a.id)).toHaveLength(1);

    expect(outcomes(await bulk(owner, { action: "disable", ids: [a.id, b.id] }))).toEqual([
      ["A", "done", null],
      ["B", "done", null],
    ]);
    expect((await getScheduleView(owner, workspaceId, b.id)).state).toBe("off");
    expect(outcomes(await bulk(owner, { action: "enable", ids: [b.id] }))).toEqual([["B", "done", null]]);
    expect((await getScheduleView(owner, workspaceId, b.id)).state).toBe("active");
  });

  it("adds and removes a recipient, keeping every other destination and its secret", async () => {
    const slack = "https://hooks.slack.com/services/T000/B000/XXXXbulkXXXX";
    const a = await createDailySchedule(owner, workspaceId, specId, {
      schedule_name: "With Slack",
      destinations: [{ type: "email", to: ["ana@example.com"] }, { type: "slack", webhook_url: slack }, { type: "webhook", url: "https://example.com/hook", secret: "0123456789abcdef" }],
    });
    const b = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "No one" });

    expect(outcomes(await bulk(owner, { action: "add_recipient", ids: [a.id, b.id], email: " New@Example.com " }))).toEqual([
      ["With Slack", "done", null],
      ["No one", "done", null],
    ]);
    const after = await getScheduleView(owner, workspaceId, a.id);
    expect(after.destinations).toEqual([
      { type: "email", to: ["ana@example.com", "new@example.com"] },
      ...a.destinations!.filter((d) => d.type !== "email"),
    ]);
    const secrets = await db().query<{ type: string; secret: string | null }>("select type, secret from autopilot_destinations where schedule_id = $1 and type <> 'email' order by type", [a.id]);
    expect(secrets.rows).toEqual([
      { type: "slack", secret: slack },
      { type: "webhook", secret: "0123456789abcdef" },
    ]);
    expect((await getScheduleView(owner, workspaceId, b.id)).destinations).toEqual([{ type: "email", to: ["new@example.com"] }]);
    expect(outcomes(await bulk(owner, { action: "add_recipient", ids: [a.id], email: "new@example.com" }))).toEqual([["With Slack", "unchanged", null]]);

    expect(outcomes(await bulk(owner, { action: "remove_recipient", ids: [a.id, b.id], email: "ana@example.com" }))).toEqual([
      ["With Slack", "done", null],
      ["No one", "unchanged", null],
    ]);
    expect((await getScheduleView(owner, workspaceId, a.id)).destinations?.find((d) => d.type === "email")).toEqual({ type: "email", to: ["new@example.com"] });
  });

  it("deletes what it may, and refuses another workspace's schedule or an unknown id as not found", async () => {
    const c = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "C" });
    const answer = await bulk(owner, { action: "delete", ids: [c.id, strangersSchedule, "00000000-0000-0000-0000-000000000000"] });
    expect(outcomes(answer)).toEqual([
      ["C", "done", null],
      [null, "refused", "Schedule not found"],
      [null, "refused", "Schedule not found"],
    ]);
    const { rows } = await db().query<{ n: number }>("select count(*)::int as n from autopilot_schedules where id = any($1::uuid[])", [[c.id, strangersSchedule]]);
    expect(rows[0].n).toBe(1);
  });

  it("refuses bad input naming the field, and a stranger's whole request, changing nothing", async () => {
    const a = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "Untouched" });
    const fieldsOf = async (body: Record<string, unknown>) => (await failure(Promise.resolve().then(() => bulk(owner, body)))).fields;
    expect(await fieldsOf({ action: "explode", ids: [a.id] })).toEqual({ action: expect.stringMatching(/^action must be one of pause, resume/) });
    expect(await fieldsOf({ action: "pause", ids: [] })).toEqual({ ids: "ids needs at least one schedule" });
    expect(await fieldsOf({ action: "pause", ids: ["x"] })).toEqual({ "ids.0": "ids must be schedule ids (UUIDs)" });
    expect(await fieldsOf({ action: "add_recipient", ids: [a.id] })).toEqual({ email: "email is required to add or remove a recipient" });
    expect(await fieldsOf({ action: "add_recipient", ids: [a.id], email: "nope" })).toEqual({ email: "email must be an email address" });
    expect(await fieldsOf({ action: "pause", ids: Array.from({ length: 201 }, () => a.id) })).toEqual({ ids: "ids holds at most 200 schedules" });
    expect((await failure(applyBulkScheduleAction(stranger, workspaceId, parseInput(bulkScheduleActionSchema, { action: "delete", ids: [a.id] })))).status).toBe(404);
    expect(await getScheduleView(owner, workspaceId, a.id)).toMatchObject({ status: "active", enabled: true });
  });
});
