import { expect, it, vi } from "vitest";
import { assertSignUpAllowed, clientAddress, reserveSignInAttempt, SIGN_IN_LIMITS } from "@/lib/auth/sign-in-throttle";
import { signInLocal, signUpLocal } from "@/lib/auth/local-auth";
import { countEvent } from "@/lib/db/rate-limits";
import { withSystem } from "@/lib/db/transactions";
import { appErrorOf as failure } from "./helpers/errors";
import { describeEachDatabase } from "./helpers/test-database";

/** What each attempt of a burst was answered, by HTTP status: 200 (signed in), 401, 429 or 503. */
async function answers(attempts: Promise<unknown>[]): Promise<Record<number, number>> {
  const settled = await Promise.allSettled(attempts);
  const tally: Record<number, number> = {};
  for (const outcome of settled) {
    const status = outcome.status === "fulfilled" ? 200 : ((await failure(Promise.reject(outcome.reason))).status ?? 500);
    tally[status] = (tally[status] ?? 0) + 1;
  }
  return tally;
}

describeEachDatabase("abuse limits kept in Postgres", (db, backend) => {
  it("refuses password spraying from one address across many emails, while other addresses sign in", async () => {
    const real = `sprayed-${backend}@example.com`;
    await signUpLocal(db(), real, "the real password");
    const now = new Date();
    // 30 attempts from one address, each for another email (no email reaches its own limit).
    for (let i = 0; i < 30; i++) await reserveSignInAttempt(db(), { email: `guess-${i}-${backend}@example.com`, address: "203.0.113.7", now });
    const refused = await failure(reserveSignInAttempt(db(), { email: real, address: "203.0.113.7", now }));
    expect(refused).toMatchObject({ status: 429, message: expect.stringMatching(/from this address/) });
    expect(refused.headers?.["Retry-After"]).toMatch(/^\d+$/);
    expect((await signInLocal(db(), real, "the real password", "198.51.100.1")).email).toBe(real);
  });

  it("a burst of 100 parallel wrong sign-ins for one email gets exactly 5 password checks; the rest are refused before any", async () => {
    const victim = `burst-${backend}@example.com`;
    await signUpLocal(db(), victim, "the real password");
    const tally = await answers(Array.from({ length: 100 }, (_, i) => signInLocal(db(), victim, `guess ${i}!!`, "203.0.113.50")));
    expect(tally).toEqual({ 401: SIGN_IN_LIMITS.emailAtAddress, 429: 100 - SIGN_IN_LIMITS.emailAtAddress });
  }, 30_000);

  it("someone else's failures never lock a person out: other addresses sign in, and a known address even past the email's own limit", async () => {
    const person = `locked-out-${backend}@example.com`;
    await signUpLocal(db(), person, "the real password");
    expect((await signInLocal(db(), person, "the real password", "198.51.100.20")).email).toBe(person); // their usual address
    const now = new Date();
    // An attacker uses up this email's limit from its own address, then from 100 made-up ones.
    for (let i = 0; i < SIGN_IN_LIMITS.emailAtAddress; i++) await reserveSignInAttempt(db(), { email: person, address: "203.0.113.66", now });
    expect((await failure(reserveSignInAttempt(db(), { email: person, address: "203.0.113.66", now }))).status).toBe(429);
    for (let i = SIGN_IN_LIMITS.emailAtAddress; i < SIGN_IN_LIMITS.email; i++) await reserveSignInAttempt(db(), { email: person, address: `10.66.${Math.floor(i / 250)}.${i % 250}`, now });
    // A new address is now refused for this email (the guesser with many addresses is stopped) …
    expect((await failure(signInLocal(db(), person, "the real password", "192.0.2.99"))).status).toBe(429);
    // … but the person, from the address they signed in from before, still gets in.
    expect((await signInLocal(db(), person, "the real password", "198.51.100.20")).email).toBe(person);
  }, 30_000);

  it("answers 503 at once when more passwords wait to be checked than the server allows", async () => {
    let checked = 0; // password checks finished (401s): counted, not timed, so a loaded machine cannot fail it
    const attempts = Array.from({ length: 40 }, (_, i) => signInLocal(db(), `nobody-${i}-${backend}@example.com`, "whatever password", `203.0.113.${100 + i}`));
    for (const attempt of attempts) attempt.catch((error) => error.code !== "service_unavailable" && checked++);
    const busy = await failure(Promise.race(attempts.map((attempt) => attempt.catch((error) => (error.code === "service_unavailable" ? Promise.reject(error) : new Promise(() => undefined))))));
    expect([busy.status, busy.headers?.["Retry-After"]]).toEqual([503, "2"]);
    // Refused at once, not after the queue: when the first 503 answers, the two running and sixteen
    // waiting checks have not all finished.
    expect(checked).toBeLessThan(18);
    const tally = await answers(attempts);
    expect(tally[401] + tally[503]).toBe(40);
    expect(tally[401]).toBeGreaterThanOrEqual(18); // two at once and sixteen waiting are always let through
  }, 30_000);

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

  it("counts concurrent events exactly (one upsert each), keeps only hashes of keys, and takes the address from the trusted source", async () => {
    const now = new Date();
    const counts = await Promise.all(Array.from({ length: 20 }, () => withSystem(db(), (tx) => countEvent(tx, { key: `burst-${backend}`, windowSeconds: 60, now }))));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const { rows } = await db().query<{ key: string }>("select key from rate_limits where key like 'signin-%'");
    expect(rows.every((row) => /^signin-(pair|email|address|known):[0-9a-f]{32}$/.test(row.key))).toBe(true);
    const request = (headers: Record<string, string>) => new Request("http://localhost/api/auth/sign-in", { headers });
    // next start: x-forwarded-for as Next.js's server fills it from the socket (no header: one shared "direct").
    expect(clientAddress(request({ "x-forwarded-for": "192.0.2.10" }))).toBe("192.0.2.10");
    expect(clientAddress(request({}))).toBe("direct");
    vi.stubEnv("AUTOPILOT_CLIENT_ADDRESS_HEADER", "x-real-ip");
    try {
      // Behind a trusted proxy: only its header counts, its last entry (the one the proxy added).
      expect(clientAddress(request({ "x-real-ip": "forged, 198.51.100.7", "x-forwarded-for": "1.2.3.4" }))).toBe("198.51.100.7");
      vi.stubEnv("AUTOPILOT_CLIENT_ADDRESS_HEADER", "");
      vi.stubEnv("VERCEL", "1");
      expect(clientAddress(request({ "x-forwarded-for": "1.2.3.4, 10.0.0.1" }))).toBe("1.2.3.4");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
