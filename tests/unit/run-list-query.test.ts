import { describe, expect, it } from "vitest";
import { decodeRunCursor, encodeRunCursor } from "@/lib/runs/run-cursor";
import { runListQuerySchema } from "@/lib/validation/run";

const issueAt = (input: Record<string, unknown>) => {
  const result = runListQuerySchema.safeParse(input);
  if (result.success) throw new Error("expected a refusal");
  return result.error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message }));
};

describe("run list cursors", () => {
  it("round-trip the database's time to the microsecond, and the oldest page", () => {
    const position = { toward: "older" as const, createdAt: "2026-12-04 09:00:00.123457+00", id: "0b9e5f1c-3f6e-4a47-9d3c-2f5b1a7c8e90" };
    expect(decodeRunCursor(encodeRunCursor(position))).toEqual(position);
    expect(decodeRunCursor("oldest")).toEqual({ toward: "oldest" });
    const leapDay = { toward: "newer" as const, createdAt: "2028-02-29 23:59:59.5+05:30", id: position.id };
    expect(decodeRunCursor(encodeRunCursor(leapDay))).toEqual(leapDay);
    expect(runListQuerySchema.parse({ cursor: encodeRunCursor(position) }).cursor).toEqual(position);
  });

  it("refuse what a list did not give out, naming the field", () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const cursor of [
      "garbage",
      forged(["older", "yesterday", "0b9e5f1c-3f6e-4a47-9d3c-2f5b1a7c8e90"]),
      forged(["older", "2026-12-04 09:00:00+00", "1; drop table runs"]),
      forged(["sideways", "2026-12-04 09:00:00+00", "0b9e5f1c-3f6e-4a47-9d3c-2f5b1a7c8e90"]),
      forged({ toward: "older" }),
      // The right shape, but no such time: Postgres would fail to read it.
      forged(["older", "2026-02-30 09:00:00+00", "0b9e5f1c-3f6e-4a47-9d3c-2f5b1a7c8e90"]),
      forged(["older", "9999-99-99 99:99:99+00", "0b9e5f1c-3f6e-4a47-9d3c-2f5b1a7c8e90"]),
      forged(["older", "2026-12-04 24:00:00+00", "0b9e5f1c-3f6e-4a47-9d3c-2f5b1a7c8e90"]),
      forged(["older", "2026-12-04 09:00:00+99", "0b9e5f1c-3f6e-4a47-9d3c-2f5b1a7c8e90"]),
      "x".repeat(600),
    ]) {
      expect(issueAt({ cursor })).toEqual([{ field: "cursor", message: expect.stringMatching(/^cursor is not one this list gave out/) }]);
    }
  });

  it("keep offsets short and apart from cursors", () => {
    expect(runListQuerySchema.parse({ offset: "10000" }).offset).toBe(10_000);
    expect(issueAt({ offset: "10001" })).toEqual([{ field: "offset", message: "offset must be 10000 or less: to read further, follow next_cursor" }]);
    expect(issueAt({ offset: "25", cursor: "oldest" })).toEqual([{ field: "offset", message: expect.stringMatching(/offset cannot be combined with cursor/) }]);
  });
});
