import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { duplicateSchedule, getScheduleView, listScheduleRuns, updateSchedule } from "@/lib/autopilot/schedules";
import type { Actor } from "@/lib/db/transactions";
import { slackLabel } from "@/lib/delivery/slack-webhook";
import { runTick } from "@/lib/engine/run-tick";
import { runListQuerySchema } from "@/lib/validation/run";
import { schedulePatchSchema } from "@/lib/validation/schedule";
import { appErrorOf as failure } from "./helpers/errors";
import { startHttpReceiver } from "./helpers/http-receiver";
import { createDailySchedule, makeDue, runsOf } from "./helpers/schedules";
import { createStarterTeam, createTeamWithMember } from "./helpers/starter-team";
import { describeEachDatabase } from "./helpers/test-database";

describeEachDatabase("duplicating a schedule", (db) => {
  let owner: Actor, member: Actor, stranger: Actor, workspaceId: string, specId: string;
  let http: Awaited<ReturnType<typeof startHttpReceiver>>;

  beforeAll(async () => {
    http = await startHttpReceiver();
    vi.stubEnv("AUTOPILOT_ALLOW_PRIVATE_ADDRESSES", "1");
    ({ owner, member, workspaceId, specId } = await createTeamWithMember(db()));
    ({ owner: stranger } = await createStarterTeam(db(), { name: "stranger" }));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await http?.close();
  });

  async function original(name: string) {
    const slug = name.toLowerCase().replace(/[^a-z]+/g, "-");
    const slackUrl = http.url(`/slack/${slug}/T0/B0/XXXXsecretXXXX`);
    const schedule = await createDailySchedule(owner, workspaceId, specId, {
      schedule_name: name,
      schedule_type: "weekly",
      schedule_config: { time: "07:30", timezone: "America/New_York", day_of_week: 1 },
      notes: "For the Monday stand-up",
      max_retries: 3,
      only_when_new: true,
      retention_days: 30,
      destinations: [
        { type: "email", to: ["ana@example.com", "bo@example.com"] },
        { type: "slack", webhook_url: slackUrl },
        { type: "webhook", url: http.url(`/hook/${slug}`), secret: "0123456789abcdef" },
      ],
    });
    return { schedule, slackUrl };
  }

  it("copies everything but the history, named “… (copy)” and off; its channels still reach the copied secrets", async () => {
    const { schedule, slackUrl } = await original("Monday digest");
    await makeDue(db(), schedule.id);
    await runTick(db());
    expect(await runsOf(db(), schedule.id)).toHaveLength(1);

    const { schedule: copy, left_out } = await duplicateSchedule(owner, workspaceId, schedule.id);
    expect(left_out).toEqual([]);
    expect(copy).toMatchObject({
      schedule_name: "Monday digest (copy)",
      enabled: false,
      state: "off",
      schedule_type: "weekly",
      schedule_config: { time: "07:30", timezone: "America/New_York", day_of_week: 1 },
      notes: "For the Monday stand-up",
      max_retries: 3,
      only_when_new: true,
      retention_days: 30,
      specification_id: specId,
    });
    expect(copy.id).not.toBe(schedule.id);
    expect(copy.destinations).toEqual(schedule.destinations);
    // No history: the copy's list is empty and its counters are zero; the original keeps its run.
    const copyView = await getScheduleView(owner, workspaceId, copy.id);
    expect(copyView.run_counts).toMatchObject({ scheduled: 0, test_runs: 0, last_run: null });
    expect((await listScheduleRuns(owner, workspaceId, copy.id, runListQuerySchema.parse({}))).items).toEqual([]);
    expect(await runsOf(db(), schedule.id)).toHaveLength(1);
    // Its recipients have their own unsubscribe links.
    const { rows: tokens } = await db().query<{ schedule_id: string; unsubscribe_token: string }>(
      "select schedule_id, unsubscribe_token from autopilot_destinations where schedule_id = any($1::uuid[]) and type = 'email'",
      [[schedule.id, copy.id]],
    );
    expect(new Set(tokens.map((t) => t.unsubscribe_token)).size).toBe(4);

    // Switched on, the copy runs at its own slot and delivers to the original's Slack channel and webhook.
    await updateSchedule(owner, workspaceId, copy.id, schedulePatchSchema.parse({ enabled: true }));
    await makeDue(db(), copy.id);
    const slackPath = new URL(slackUrl).pathname;
    const before = { slack: http.at(slackPath).length, webhook: http.at("/hook/monday-digest").length };
    const tick = await runTick(db());
    expect(tick.deliveries).toMatchObject({ sent: 2 });
    expect({ slack: http.at(slackPath).length, webhook: http.at("/hook/monday-digest").length }).toEqual({ slack: before.slack + 1, webhook: before.webhook + 1 });

    // The audit trail says where the copy came from.
    const { rows: audit } = await db().query<{ details: { duplicated_from: { id: string } } }>(
      "select details from audit_log where entity_id = $1 and action = 'schedule.create'",
      [copy.id],
    );
    expect(audit[0].details.duplicated_from.id).toBe(schedule.id);
  });

  it("for a member who cannot manage the original, leaves its secrets out and says which", async () => {
    const { schedule, slackUrl } = await original("Owner's digest");
    const { schedule: copy, left_out } = await duplicateSchedule(member, workspaceId, schedule.id);
    expect(left_out.sort()).toEqual([`Slack ${slackLabel(slackUrl)}`, `Webhook ${new URL(http.url("/")).host}`].sort());
    expect(copy.destinations).toEqual([{ type: "email", to: ["ana@example.com", "bo@example.com"] }]);
    expect(copy).toMatchObject({ created_by: member.email, can_manage: true, enabled: false });
    const { rows } = await db().query<{ n: number }>("select count(*)::int as n from autopilot_destinations where schedule_id = $1 and secret is not null", [copy.id]);
    expect(rows[0].n).toBe(0);
  });

  it("refuses a schedule of another workspace or none, and changes nothing", async () => {
    const { schedule } = await original("Private digest");
    const count = async () => (await db().query<{ n: number }>("select count(*)::int as n from autopilot_schedules")).rows[0].n;
    const before = await count();
    expect((await failure(duplicateSchedule(stranger, workspaceId, schedule.id))).status).toBe(404);
    expect((await failure(duplicateSchedule(owner, workspaceId, "not-a-uuid"))).status).toBe(404);
    expect((await failure(duplicateSchedule(owner, workspaceId, "00000000-0000-0000-0000-000000000000"))).status).toBe(404);
    expect(await count()).toBe(before);
  });

  it("keeps a long name within 255 characters", async () => {
    const long = "L".repeat(255);
    const schedule = await createDailySchedule(owner, workspaceId, specId, { schedule_name: long });
    const { schedule: copy } = await duplicateSchedule(owner, workspaceId, schedule.id);
    expect(copy.schedule_name).toHaveLength(255);
    expect(copy.schedule_name.endsWith(" (copy)")).toBe(true);
  });
});
