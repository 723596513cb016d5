import { describe, expect, it } from "vitest";
import { inBatchOrder } from "@/lib/runs/batch-order";

const slot = (schedule: string | null, at: number | null, position: number | null, name: string, lead: string | null = null) => ({
  id: name,
  autopilot_schedule_id: schedule,
  batch_lead_run_id: lead,
  scheduled_for: at === null ? null : new Date(at),
  batch_position: position,
  name,
});

describe("a history page in batch order", () => {
  it("puts each slot's (and each batch Test run's) own report first and its further reports by position, and moves nothing else", () => {
    const page = [
      slot("a", 2, 2, "a2 roundup"),
      slot("a", 2, null, "a2 own"),
      slot("a", 2, 1, "a2 markets"),
      slot(null, null, null, "generate"),
      slot("b", 2, null, "b2 own"),
      slot("a", 1, 1, "a1 markets"),
      slot("a", 1, null, "a1 own"),
      slot("a", null, 2, "test roundup", "test run"),
      slot("a", null, 1, "test markets", "test run"),
      slot("a", null, null, "test run"),
      slot("a", null, null, "another test run"),
    ];
    expect(inBatchOrder(page).map((run) => run.name)).toEqual([
      "a2 own",
      "a2 markets",
      "a2 roundup",
      "generate",
      "b2 own",
      "a1 own",
      "a1 markets",
      "test run",
      "test markets",
      "test roundup",
      "another test run",
    ]);
  });
});
