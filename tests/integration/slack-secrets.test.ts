import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { getScheduleView, updateSchedule } from "@/lib/autopilot/schedules";
import { sendTestDelivery } from "@/lib/autopilot/send-test-delivery";
import { withUser, type Actor } from "@/lib/db/transactions";
import { slackLabel } from "@/lib/delivery/slack-webhook";
import { runTick } from "@/lib/engine/run-tick";
import { getWorkspaceRun } from "@/lib/runs/runs";
import { schedulePatchSchema } from "@/lib/validation/schedule";
import { appErrorOf as failure } from "./helpers/errors";
import { startHttpReceiver } from "./helpers/http-receiver";
import { createDailySchedule, makeDue, runsOf } from "./helpers/schedules";
import { createTeamWithMember } from "./helpers/starter-team";
import { describeEachDatabase } from "./helpers/test-database";

describeEachDatabase("a Slack channel's URL is a secret", (db) => {
  let owner: Actor, member: Actor, workspaceId: string, specId: string;
  let http: Awaited<ReturnType<typeof startHttpReceiver>>;

  beforeAll(async () => {
    http = await startHttpReceiver();
    vi.stubEnv("AUTOPILOT_ALLOW_PRIVATE_ADDRESSES", "1");
    ({ owner, member, workspaceId, specId } = await createTeamWithMember(db()));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await http?.close();
  });

  /** Everything a member can read of the workspace's rows, as the member (row-level security and grants apply). */
  async function memberReadable(): Promise<string> {
    return withUser(db(), member, async (tx) => {
      const parts = await Promise.all([
        tx.query("select id, workspace_id, schedule_id, type, target, created_at from autopilot_destinations"),
        tx.query("select * from deliveries"),
        tx.query("select * from audit_log"),
        tx.query("select * from autopilot_schedules"),
      ]);
      return JSON.stringify(parts.map((part) => part.rows));
    });
  }

  it("is kept write-only: never in the API's answers, the member-readable tables or the audit trail, and still delivers", async () => {
    const url = http.url("/secret-slack/T000/B000/XXXXsecretXXXX");
    const schedule = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "Slack secret", destinations: [{ type: "slack", webhook_url: url }] });
    const label = slackLabel(url);
    expect(label).toMatch(/^127\.0\.0\.1:\d+ …XXXX \([0-9a-f]{8}\)$/);
    expect(schedule.destinations).toEqual([{ type: "slack", label, has_url: true }]);

    // Saving the schedule again without the URL keeps the channel.
    const renamed = await updateSchedule(owner, workspaceId, schedule.id, schedulePatchSchema.parse({ schedule_name: "Slack secret (kept)", destinations: [{ type: "slack", keep: label }] }));
    expect(renamed.destinations).toEqual([{ type: "slack", label, has_url: true }]);

    await makeDue(db(), schedule.id);
    expect((await runTick(db())).deliveries).toMatchObject({ sent: 1 });
    expect(http.at("/secret-slack/T000/B000/XXXXsecretXXXX")).toHaveLength(1);
    const [run] = await runsOf(db(), schedule.id);

    // "Send a test" to the kept channel reaches it by its label.
    const test = await sendTestDelivery(owner, workspaceId, { destination: { type: "slack", keep: label }, schedule_id: schedule.id });
    expect(test.results).toEqual([{ target: label, ok: true, error: null }]);
    expect(http.at("/secret-slack/T000/B000/XXXXsecretXXXX")).toHaveLength(2);

    const answers = JSON.stringify([await getScheduleView(member, workspaceId, schedule.id), await getWorkspaceRun(member, workspaceId, run.id)]);
    expect(answers).toContain(label);
    expect(answers).not.toContain("secret-slack");
    expect(await memberReadable()).not.toContain("secret-slack");
    await expect(withUser(db(), member, (tx) => tx.query("select secret from autopilot_destinations"))).rejects.toThrow(/permission denied/);
  });

  it("keeping a channel the schedule does not have is refused with the field named, and nothing changes", async () => {
    const url = http.url("/other-slack/abcd");
    const schedule = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "Slack keep", destinations: [{ type: "slack", webhook_url: url }] });
    const error = await failure(
      updateSchedule(owner, workspaceId, schedule.id, schedulePatchSchema.parse({ schedule_name: "Renamed", destinations: [{ type: "slack", keep: "hooks.slack.com …abcd (00000000)" }] })),
    );
    expect([error.status, error.fields]).toEqual([400, { destinations: "Not a Slack channel of this schedule: hooks.slack.com …abcd (00000000); enter its webhook URL" }]);
    const after = await getScheduleView(owner, workspaceId, schedule.id);
    expect([after.schedule_name, after.destinations]).toEqual(["Slack keep", [{ type: "slack", label: slackLabel(url), has_url: true }]]);
    expect(schedulePatchSchema.safeParse({ destinations: [{ type: "slack" }] }).error?.issues[0]).toMatchObject({ path: ["destinations", 0, "webhook_url"], message: "webhook_url is required" });
  });
});
