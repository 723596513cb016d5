import { expect, it, vi } from "vitest";
import { assertSignInAllowed, assertSignUpAllowed, clientAddress, recordSignInFailure } from "@/lib/auth/sign-in-throttle";
import { signInLocal, signUpLocal } from "@/lib/auth/local-auth";
import { countEvent } from "@/lib/db/rate-limits";
import { withSystem } from "@/lib/db/transactions";
import { appErrorOf as failure } from "./helpers/errors";
import { describeEachDatabase } from "./helpers/test-database";

describeEachDatabase("abuse limits kept in Postgres", (db, backend) => {
  it("refuses password spraying from one address across many emails, while other addresses sign in", async () => {
    const real = `sprayed-${backend}@example.com`;
    await signUpLocal(db(), real, "the real password");
    const now = new Date();
    // 30 failures from one address, each for another email (no email reaches its own limit).
    for (let i = 0; i < 30; i++) await recordSignInFailureQuickly(`guess-${i}-${backend}@example.com`, "203.0.113.7", now);
    const refused = await failure(assertSignInAllowed(db(), { email: real, address: "203.0.113.7", now }));
    expect(refused).toMatchObject({ status: 429, message: expect.stringMatching(/from this address/) });
    expect(refused.headers?.["Retry-After"]).toMatch(/^\d+$/);
    await expect(assertSignInAllowed(db(), { email: real, address: "198.51.100.1", now })).resolves.toBeUndefined();
    expect((await signInLocal(db(), real, "the real password", "198.51.100.1")).email).toBe(real);
  });

  it("counts sign-ups per address per hour, with Retry-After, and starts over in the next hour", async () => {
    vi.stubEnv("AUTOPILOT_SIGN_UPS_PER_HOUR", "3");
    try {
      const now = new Date("2027-01-01T10:00:00Z");
      for (let i = 0; i < 3; i++) await assertSignUpAllowed(db(), { address: "192.0.2.1", now });
      const refused = await failure(assertSignUpAllowed(db(), { address: "192.0.2.1", now }));
      expect(refused).toMatchObject({ status: 429 });
      expect(Number(refused.headers?.["Retry-After"])).toBe(3600);
      await expect(assertSignUpAllowed(db(), { address: "192.0.2.2", now })).resolves.toBeUndefined();
      await expect(assertSignUpAllowed(db(), { address: "192.0.2.1", now: new Date("2027-01-01T11:00:01Z") })).resolves.toBeUndefined();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("counts concurrent events exactly (one upsert each), keeps only hashes of keys, and trusts forwarded addresses only on Vercel", async () => {
    const now = new Date();
    const counts = await Promise.all(Array.from({ length: 20 }, () => withSystem(db(), (tx) => countEvent(tx, { key: `burst-${backend}`, windowSeconds: 60, now }))));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const { rows } = await db().query<{ key: string }>("select key from rate_limits where key like 'signin-%'");
    expect(rows.every((row) => /^signin-(email|address):[0-9a-f]{32}$/.test(row.key))).toBe(true);
    const forged = new Request("http://localhost/api/auth/sign-in", { headers: { "x-forwarded-for": "1.2.3.4" } });
    expect(clientAddress(forged)).toBe("direct");
    vi.stubEnv("VERCEL", "1");
    try {
      expect(clientAddress(new Request("http://localhost/", { headers: { "x-forwarded-for": "1.2.3.4, 10.0.0.1" } }))).toBe("1.2.3.4");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  /** recordSignInFailure without its deliberate delay (what it counts is what matters here). */
  function recordSignInFailureQuickly(email: string, address: string, now: Date) {
    return recordSignInFailure(db(), { email, address, now, wait: async () => undefined });
  }
});
