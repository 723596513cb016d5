import { beforeAll, expect, it } from "vitest";
import { stopMyEmails } from "@/lib/autopilot/my-emails";
import { getScheduleView, updateSchedule } from "@/lib/autopilot/schedules";
import type { Actor } from "@/lib/db/transactions";
import { resubscribe, unsubscribe } from "@/lib/delivery/unsubscribe";
import { schedulePatchSchema } from "@/lib/validation/schedule";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { appErrorOf as failure } from "./helpers/errors";
import { joinWorkspace } from "./helpers/members";
import { createDailySchedule } from "./helpers/schedules";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

describeEachDatabase("addresses that unsubscribed", (db) => {
  let owner: Actor, member: Actor, workspaceId: string, specId: string;

  beforeAll(async () => {
    owner = await createUser(db(), { name: "owner" });
    member = await createUser(db(), { name: "member" });
    workspaceId = (await createStarterWorkspace(db(), owner)).id;
    await joinWorkspace(owner, workspaceId, member);
    specId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
  });

  const recipients = async (scheduleId: string) => ((await getScheduleView(owner, workspaceId, scheduleId)).destinations ?? []).flatMap((d) => (d.type === "email" ? d.to : []));
  const auditActions = async (email: string) =>
    (await db().query<{ action: string }>("select action from audit_log where workspace_id = $1 and details->>'email' = $2 and action like 'schedule.%' order by id", [workspaceId, email])).rows.map((r) => r.action);

  it("are not added back by anyone else, on any schedule of the workspace, until they subscribe again with their link", async () => {
    const partner = "partner@outside.example";
    const first = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "First", destinations: [{ type: "email", to: [partner] }] });
    const second = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "Second" });
    const { rows } = await db().query<{ unsubscribe_token: string }>("select unsubscribe_token from autopilot_destinations where schedule_id = $1", [first.id]);
    const token = rows[0].unsubscribe_token;
    expect(await unsubscribe(token)).toEqual({ email: partner, scheduleName: "First" });
    expect(await recipients(first.id)).toEqual([]);

    for (const schedule of [first, second]) {
      const refused = await failure(updateSchedule(owner, workspaceId, schedule.id, schedulePatchSchema.parse({ schedule_name: "Renamed", destinations: [{ type: "email", to: ["kept@example.com", partner] }] })));
      expect(refused.status).toBe(400);
      expect(refused.fields).toEqual({ "destinations.0.to": expect.stringMatching(/^Unsubscribed from this workspace's reports: partner@outside\.example \(\d{4}-\d\d-\d\d\)\. Only they can subscribe again/) });
      expect((await getScheduleView(owner, workspaceId, schedule.id)).schedule_name).toBe(schedule.schedule_name); // nothing written
    }
    expect(await recipients(second.id)).toEqual([]);

    // The recipient, on the page their link opens: "Subscribe again" puts them back on the schedule they left.
    expect(await resubscribe(token)).toEqual({ email: partner, scheduleName: "First" });
    expect(await recipients(first.id)).toEqual([partner]);
    expect(await resubscribe(token)).toBeNull(); // once
    // The same link still unsubscribes.
    expect(await unsubscribe(token)).toEqual({ email: partner, scheduleName: "First" });
    expect(await auditActions(partner)).toEqual(["schedule.unsubscribe", "schedule.resubscribe", "schedule.unsubscribe"]);
  });

  it("a member who stopped their emails is not added back by the owner, but may add themselves again", async () => {
    const email = member.email.toLowerCase();
    const schedule = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "Members", destinations: [{ type: "email", to: [email] }] });
    await stopMyEmails(member, workspaceId, schedule.id);
    const refused = await failure(updateSchedule(owner, workspaceId, schedule.id, schedulePatchSchema.parse({ destinations: [{ type: "email", to: [email] }] })));
    expect(refused.status).toBe(400);
    expect(await recipients(schedule.id)).toEqual([]);
    await db().query("update autopilot_schedules set created_by_user_id = $2 where id = $1", [schedule.id, member.id]); // the member manages it now
    await updateSchedule(member, workspaceId, schedule.id, schedulePatchSchema.parse({ destinations: [{ type: "email", to: [email] }] }));
    expect(await recipients(schedule.id)).toEqual([email]);
    expect(await auditActions(email)).toEqual(["schedule.unsubscribe", "schedule.resubscribe"]);
  });
});
