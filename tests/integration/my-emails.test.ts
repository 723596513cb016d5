import { expect, it } from "vitest";
import { listMyEmails, stopMyEmails } from "@/lib/autopilot/my-emails";
import { getScheduleView } from "@/lib/autopilot/schedules";
import { runTick } from "@/lib/engine/run-tick";
import { createDailySchedule, scheduleRow } from "./helpers/schedules";
import { joinWorkspace } from "./helpers/members";
import { createStarterTeam } from "./helpers/starter-team";
import { useDeliveryPeers } from "./helpers/delivery-peers";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

const MINUTE = 60_000;

describeEachDatabase("members stop their own emails in the app", (db) => {
  const peers = useDeliveryPeers();
  /** The reports an address received (its invitation email aside). */
  const reportsTo = (address: string) => peers.smtp.to(address).filter((mail) => mail.subject?.startsWith("Team digest"));

  it("a member on a schedule's recipients is told how to stop, stops from the Members page, and the next day's report skips only them", async () => {
    const { owner, workspaceId, specId } = await createStarterTeam(db());
    const member = await createUser(db(), { name: "member" });
    const bystander = await createUser(db(), { name: "bystander" });
    await joinWorkspace(owner, workspaceId, member);
    await joinWorkspace(owner, workspaceId, bystander);
    const schedule = await createDailySchedule(owner, workspaceId, specId, {
      schedule_name: "Team digest",
      destinations: [{ type: "email", to: [member.email, "partner@outside.example"] }],
    });
    const tickAtNextSlot = async () => {
      const at = (await scheduleRow(db(), schedule.id)).next_run_at.getTime() + MINUTE;
      return runTick(db(), { now: () => new Date(at) });
    };

    // Day 1: both are emailed; the member's email says where to stop, the outsider's has the one-click link.
    await tickAtNextSlot();
    const [toMember] = reportsTo(member.email);
    expect(toMember.html).toContain(`/w/${workspaceId}/members#my-emails`);
    expect(toMember.html).toContain("stop these emails");
    expect(reportsTo("partner@outside.example")[0].html).not.toContain("members#my-emails");

    // The member sees the schedule among their emails; a bystander sees none and cannot stop someone else's.
    expect(await listMyEmails(member, workspaceId)).toEqual({ items: [{ schedule_id: schedule.id, schedule_name: "Team digest" }] });
    expect(await listMyEmails(bystander, workspaceId)).toEqual({ items: [] });
    await expect(stopMyEmails(bystander, workspaceId, schedule.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(stopMyEmails(member, workspaceId, "not-a-uuid")).rejects.toMatchObject({ code: "not_found" });

    // A plain member (not the schedule's creator) stops their own emails: audited, the others stay.
    expect(await stopMyEmails(member, workspaceId, schedule.id)).toEqual({ schedule_name: "Team digest" });
    expect(await listMyEmails(member, workspaceId)).toEqual({ items: [] });
    expect((await getScheduleView(owner, workspaceId, schedule.id)).destinations).toEqual([{ type: "email", to: ["partner@outside.example"] }]);
    const trail = await db().query<{ actor_email: string; details: { email: string } }>(
      "select actor_email, details from audit_log where entity_id = $1 and action = 'schedule.unsubscribe'",
      [schedule.id],
    );
    expect(trail.rows).toEqual([expect.objectContaining({ actor_email: member.email, details: expect.objectContaining({ email: member.email.toLowerCase() }) })]);
    await expect(stopMyEmails(member, workspaceId, schedule.id)).rejects.toMatchObject({ code: "not_found" });

    // Day 2: the outsider gets the report, the member does not.
    await tickAtNextSlot();
    expect(reportsTo("partner@outside.example")).toHaveLength(2);
    expect(reportsTo(member.email)).toHaveLength(1);
  });
});
