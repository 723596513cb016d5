import { createServer } from "node:net";
import { expect, it } from "vitest";
import { getScheduleView, listScheduleRuns, listScheduleViews, updateSchedule } from "@/lib/autopilot/schedules";
import { explainStatus } from "@/lib/autopilot/status-explanation";
import { runTick } from "@/lib/engine/run-tick";
import { scheduleListQuerySchema } from "@/lib/validation/schedule";
import { runListQuerySchema } from "@/lib/validation/run";
import { createDailySchedule, scheduleRow } from "./helpers/schedules";
import { createStarterTeam } from "./helpers/starter-team";
import { useDeliveryPeers } from "./helpers/delivery-peers";
import { describeEachDatabase } from "./helpers/test-database";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A loopback port nothing listens on: connections to it are refused at once. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describeEachDatabase("a delivery that fails is part of the outcome people are told", (db) => {
  const peers = useDeliveryPeers();

  it("a webhook to a dead port: within one tick the run and the schedule say delivery failing, the filter finds it, and the owner gets one alert over two days", async () => {
    const { owner, workspaceId, specId } = await createStarterTeam(db());
    const url = `http://127.0.0.1:${await deadPort()}/hook`;
    const schedule = await createDailySchedule(owner, workspaceId, specId, {
      schedule_name: "Partner feed",
      destinations: [{ type: "webhook", url, secret: "0123456789abcdef" }],
    });
    const firstSlot = (await scheduleRow(db(), schedule.id)).next_run_at.getTime();
    const tickAt = (at: number) => runTick(db(), { now: () => new Date(at) });
    const stateOf = async () => (await getScheduleView(owner, workspaceId, schedule.id)).state;
    const failingList = async () => (await listScheduleViews(owner, workspaceId, scheduleListQuerySchema.parse({ state: "delivery_failing" }))).items.map((s) => s.schedule_name);
    const alerts = () => peers.smtp.to(owner.email).filter((mail) => mail.subject?.includes("Partner feed"));

    // Before any run it is simply active, and the filter does not find it.
    expect(await stateOf()).toBe("active");
    expect(await failingList()).toEqual([]);

    // Day 1: the report is made, its webhook is refused. One tick later, everyone is told.
    const day1 = await tickAt(firstSlot + MINUTE);
    expect(day1.succeeded).toBe(1);
    expect(await stateOf()).toBe("delivery_failing");
    expect(await failingList()).toEqual(["Partner feed"]);
    expect((await listScheduleViews(owner, workspaceId, scheduleListQuerySchema.parse({ state: "active" }))).items.map((s) => s.schedule_name)).not.toContain("Partner feed");
    const [run] = (await listScheduleRuns(owner, workspaceId, schedule.id, runListQuerySchema.parse({}))).items;
    expect(run.status).toBe("success");
    expect(run.delivery_summary).toMatchObject({ total: 1, delivered: 0, retrying: 1, text: "delivered 0 of 1 · 1 retrying" });
    const view = await getScheduleView(owner, workspaceId, schedule.id);
    expect(view.failing_deliveries).toEqual([expect.objectContaining({ destination: expect.stringMatching(/^Webhook 127\.0\.0\.1:\d+$/), status: "pending", attempts: 1 })]);
    const told = explainStatus(view);
    expect(told).toMatchObject({ tone: "error", title: "Active, but delivery failing" });
    expect(told.detail).toContain("Webhook 127.0.0.1");
    expect(alerts()).toHaveLength(0); // one refused attempt is not yet news

    // Sorted by state, in the states' own order: an active one, then the failing one, then one switched off.
    const quiet = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "Quiet", enabled: false, cadence_override: "daily" });
    const calm = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "Calm", cadence_override: "daily" });
    const byState = async (order: "asc" | "desc") =>
      (await listScheduleViews(owner, workspaceId, scheduleListQuerySchema.parse({ sort: "state", order }))).items.map((s) => [s.schedule_name, s.state]);
    expect(await byState("asc")).toEqual([["Calm", "active"], ["Partner feed", "delivery_failing"], ["Quiet", "off"]]);
    expect(await byState("desc")).toEqual([["Quiet", "off"], ["Partner feed", "delivery_failing"], ["Calm", "active"]]);
    await updateSchedule(owner, workspaceId, calm.id, { enabled: false });
    expect(quiet.enabled).toBe(false);

    // Retries keep failing: after the fourth attempt the owner gets one email saying so.
    for (const minutes of [3, 7, 13, 30, 90]) await tickAt(firstSlot + minutes * MINUTE);
    expect(alerts().map((mail) => mail.subject)).toEqual(["Autopilot: Reports of “Partner feed” are not being delivered"]);
    expect(alerts()[0].text).toMatch(/Webhook 127\.0\.0\.1:\d+: .+/);
    expect(alerts()[0].text).not.toContain("/hook"); // an endpoint is named by its host only

    // Day 2: the next report fails the same way, and day 1's delivery gives up. Still the same streak: no second alert.
    const secondSlot = (await scheduleRow(db(), schedule.id)).next_run_at.getTime();
    expect(secondSlot).toBe(firstSlot + 24 * HOUR);
    expect((await tickAt(secondSlot + MINUTE)).succeeded).toBe(1);
    for (const minutes of [3, 7, 13, 30, 90, 180]) await tickAt(secondSlot + minutes * MINUTE);
    const ledger = (await db().query<{ status: string }>("select status from deliveries where schedule_id = $1 and kind = 'report' order by created_at", [schedule.id])).rows;
    expect(ledger.map((d) => d.status)).toEqual(["gave_up", "pending"]);
    expect(await stateOf()).toBe("delivery_failing");
    expect(alerts()).toHaveLength(1);
    const history = (await listScheduleRuns(owner, workspaceId, schedule.id, runListQuerySchema.parse({}))).items;
    expect(history.map((r) => [r.status, r.delivery_summary.text])).toEqual([
      ["success", "delivered 0 of 1 · 1 retrying"],
      ["success", "delivered 0 of 1 · 1 failed"],
    ]);

    // The owner fixes the endpoint: the schedule is active again, and its next report is delivered.
    await updateSchedule(owner, workspaceId, schedule.id, { destinations: [{ type: "webhook", url: peers.http.url("/fixed"), secret: "0123456789abcdef" }] });
    expect(await stateOf()).toBe("active");
    expect(await failingList()).toEqual([]);
    const thirdSlot = (await scheduleRow(db(), schedule.id)).next_run_at.getTime();
    await tickAt(thirdSlot + MINUTE);
    expect(peers.http.at("/fixed")).toHaveLength(1);
    expect(await stateOf()).toBe("active");
    expect((await listScheduleRuns(owner, workspaceId, schedule.id, runListQuerySchema.parse({}))).items[0].delivery_summary.text).toBe("delivered 1 of 1");
  });
});
