import { afterEach, describe, expect, it } from "vitest";
import { assertCronAuthorized } from "@/lib/engine/cron-auth";
import type { AppError } from "@/lib/errors/app-error";
import { httpStatusOf } from "@/lib/http/error-status";

const call = (authorization?: string) =>
  new Request("http://localhost/api/cron/tick", { headers: authorization ? { authorization } : {} });

function status(request: Request): number {
  try {
    assertCronAuthorized(request);
    return 200;
  } catch (error) {
    return httpStatusOf(error as AppError);
  }
}

describe("the cron secret", () => {
  afterEach(() => {
    delete process.env.CRON_SECRET;
  });

  it("fails closed when CRON_SECRET is unset, whatever is sent", () => {
    expect(status(call())).toBe(401);
    expect(status(call("Bearer "))).toBe(401);
    expect(status(call("Bearer undefined"))).toBe(401);
  });

  it("accepts exactly `Bearer <secret>` and nothing else", () => {
    process.env.CRON_SECRET = "s3cret-value";
    expect(status(call("Bearer s3cret-value"))).toBe(200);
    expect(status(call())).toBe(401);
    expect(status(call("Bearer s3cret-valuX"))).toBe(401);
    expect(status(call("Bearer s3cret-value-and-more"))).toBe(401);
    expect(status(call("s3cret-value"))).toBe(401);
    expect(status(call("bearer s3cret-value"))).toBe(401);
  });
});
