import { randomBytes, scryptSync } from "node:crypto";
import { expect, it, vi } from "vitest";
import { hashSessionToken, sessionCookie } from "@/lib/auth/session-cookie";
import {
  createLocalSession,
  revokeAllLocalSessions,
  revokeLocalSession,
  signInLocal,
  signUpLocal,
  userForSessionToken,
} from "@/lib/auth/local-auth";
import { appErrorOf as failure } from "./helpers/errors";
import { describeEachDatabase } from "./helpers/test-database";

describeEachDatabase("local accounts", (db, backend) => {
  const email = `dana-${backend}@example.com`;

  it("signs up once per email (case-insensitively) and stores only a scrypt hash", async () => {
    const user = await signUpLocal(db(), email, "correct horse");
    expect(user.email).toBe(email);
    expect((await failure(signUpLocal(db(), email.toUpperCase(), "another one"))).code).toBe("email_taken");
    const { rows } = await db().query<{ encrypted_password: string }>("select encrypted_password from auth.users where id = $1", [user.id]);
    expect(rows[0].encrypted_password).toMatch(/^scrypt\$/);
    expect(rows[0].encrypted_password).not.toContain("correct horse");
  });

  it("hashes with OWASP's scrypt minimum (N=2^17, r=8, p=1) and upgrades an older, cheaper hash at the next sign-in", async () => {
    const { rows } = await db().query<{ encrypted_password: string }>("select encrypted_password from auth.users where email = $1", [email]);
    expect(rows[0].encrypted_password).toMatch(/^scrypt\$131072\$8\$1\$/);
    // An account from before: N = 2^14.
    const salt = randomBytes(16);
    const old = ["scrypt", 16384, 8, 1, salt.toString("base64"), scryptSync("old horse", salt, 64, { N: 16384, r: 8, p: 1 }).toString("base64")].join("$");
    const oldEmail = `old-${backend}@example.com`;
    await db().query("insert into auth.users (email, encrypted_password) values ($1, $2)", [oldEmail, old]);
    expect((await failure(signInLocal(db(), oldEmail, "wrong horse"))).status).toBe(401);
    expect((await db().query<{ encrypted_password: string }>("select encrypted_password from auth.users where email = $1", [oldEmail])).rows[0].encrypted_password).toBe(old);
    expect((await signInLocal(db(), oldEmail, "old horse")).email).toBe(oldEmail);
    const upgraded = (await db().query<{ encrypted_password: string }>("select encrypted_password from auth.users where email = $1", [oldEmail])).rows[0].encrypted_password;
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await signInLocal(db(), oldEmail, "old horse")).email).toBe(oldEmail);
    // A stored hash with absurd parameters is refused, not computed.
    await db().query("update auth.users set encrypted_password = $2 where email = $1", [oldEmail, ["scrypt", 2 ** 30, 8, 1, salt.toString("base64"), "AAAA"].join("$")]);
    expect((await failure(signInLocal(db(), oldEmail, "old horse"))).status).toBe(401);
  });

  it("signs in with the right password only, the same answer for unknown emails", async () => {
    expect((await signInLocal(db(), email, "correct horse")).email).toBe(email);
    const wrong = await failure(signInLocal(db(), email, "wrong password"));
    const unknown = await failure(signInLocal(db(), `nobody-${backend}@example.com`, "whatever1"));
    expect([wrong.status, wrong.message]).toEqual([401, "Email or password is wrong"]);
    expect([unknown.status, unknown.message]).toEqual([401, "Email or password is wrong"]);
  });

  it("a session token finds its user until it is revoked; only its hash is stored", async () => {
    const user = await signInLocal(db(), email, "correct horse");
    const { token } = await createLocalSession(db(), user.id);
    expect(await userForSessionToken(db(), token)).toEqual({ id: user.id, email, emailVerified: false });
    const stored = await db().query("select 1 from auth.sessions where token_hash = $1", [token]);
    expect(stored.rows).toEqual([]);
    await revokeLocalSession(db(), token);
    expect(await userForSessionToken(db(), token)).toBeNull();
    expect(await userForSessionToken(db(), "made-up-token")).toBeNull();
  });

  it("slows down and then refuses repeated failed sign-ins for an email", async () => {
    const victim = `erin-${backend}@example.com`;
    await signUpLocal(db(), victim, "the real password");
    const started = Date.now();
    for (let i = 0; i < 5; i++) expect((await failure(signInLocal(db(), victim, `guess ${i}!!`))).status).toBe(401);
    expect(Date.now() - started).toBeGreaterThan(3000); // 250 + 500 + 1000 + 2000 + 2000 ms of deliberate delay
    const locked = await failure(signInLocal(db(), victim, "the real password"));
    expect(locked.status).toBe(429);
    expect(locked.headers?.["Retry-After"]).toMatch(/^\d+$/);
  }, 30_000);

  it("ends a session unused for a week, records use at most hourly, signs out everywhere, and purges ended sessions", async () => {
    const user = await signInLocal(db(), email, "correct horse");
    const { token } = await createLocalSession(db(), user.id);
    const { token: other } = await createLocalSession(db(), user.id);
    const lastSeen = async () => (await db().query<{ last_seen_at: Date }>("select last_seen_at from auth.sessions where token_hash = $1", [hashSessionToken(token)])).rows[0]?.last_seen_at;
    // Used two hours ago: this use is recorded.
    await db().query("update auth.sessions set last_seen_at = now() - interval '2 hours' where token_hash = $1", [hashSessionToken(token)]);
    expect(await userForSessionToken(db(), token)).toEqual({ id: user.id, email, emailVerified: false });
    expect(Date.now() - (await lastSeen()).getTime()).toBeLessThan(60_000);
    // Unused for eight days: over, though its 30 days are not.
    await db().query("update auth.sessions set last_seen_at = now() - interval '8 days' where token_hash = $1", [hashSessionToken(token)]);
    expect(await userForSessionToken(db(), token)).toBeNull();
    // A new session purges it (and any expired one).
    await createLocalSession(db(), user.id);
    expect(await lastSeen()).toBeUndefined();
    // Sign out everywhere: every session of the person ends.
    expect(await userForSessionToken(db(), other)).not.toBeNull();
    expect(await revokeAllLocalSessions(db(), user.id)).toBeGreaterThanOrEqual(2);
    expect(await userForSessionToken(db(), other)).toBeNull();
  });

  it("names the cookie __Host- and marks it Secure over https, on Vercel whatever the proxy headers say", () => {
    const expires = new Date(Date.now() + 60_000);
    expect(sessionCookie(new Request("http://127.0.0.1:3000/api/auth/sign-in"), expires)).toMatchObject({ name: "autopilot_session", options: { secure: false, httpOnly: true } });
    expect(sessionCookie(new Request("https://autopilot.example.com/api/auth/sign-in"), expires)).toMatchObject({ name: "__Host-autopilot_session", options: { secure: true, path: "/" } });
    vi.stubEnv("VERCEL", "1");
    try {
      const spoofed = new Request("https://autopilot.example.com/api/auth/sign-in", { headers: { "x-forwarded-proto": "http" } });
      expect(sessionCookie(spoofed, expires)).toMatchObject({ name: "__Host-autopilot_session", options: { secure: true } });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
