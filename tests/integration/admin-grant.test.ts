import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { confirmAdminEmail, pendingConfirmation, sendAdminConfirmation } from "@/lib/admin/admin-confirmation";
import { grantAdmin } from "@/lib/admin/admin-grant";
import { actorFor } from "@/lib/auth/current-actor";
import { createLocalSession, signInLocal, signUpLocal, userForSessionToken } from "@/lib/auth/local-auth";
import { sendEmailThrough } from "./helpers/email-settings";
import { appErrorOf as failure } from "./helpers/errors";
import { startSmtpSink } from "./helpers/smtp-sink";
import { describeEachDatabase } from "./helpers/test-database";

describeEachDatabase("admin rights need a confirmed address", (db, backend) => {
  afterEach(() => vi.unstubAllEnvs());

  it("an ADMIN_EMAILS address registered by anyone grants nothing until the operator approves that very account", async () => {
    const boss = `boss-${backend}@example.com`;
    vi.stubEnv("ADMIN_EMAILS", `${boss}, other-${backend}@example.com`);
    const squatter = await signUpLocal(db(), boss, "registered first");
    expect(actorFor(squatter).isPlatformAdmin).toBe(false);
    const { token } = await createLocalSession(db(), squatter.id);
    expect(actorFor((await userForSessionToken(db(), token))!).isPlatformAdmin).toBe(false);

    // Not listed, or no account: refused, naming the email.
    expect(await failure(grantAdmin(db(), `nobody-${backend}@example.com`))).toMatchObject({ status: 400, fields: { email: expect.stringMatching(/not listed in ADMIN_EMAILS/) } });
    expect(await failure(grantAdmin(db(), `other-${backend}@example.com`))).toMatchObject({ status: 404, fields: { email: expect.stringMatching(/sign up first/) } });

    // Without email, the address alone grants nothing: the answer names the account, for the operator to check.
    const unapproved = await failure(grantAdmin(db(), boss.toUpperCase()));
    expect(unapproved).toMatchObject({ status: 409, fields: { account_id: expect.stringContaining(`has the id ${squatter.id} (created `) } });
    expect(actorFor((await userForSessionToken(db(), token))!).isPlatformAdmin).toBe(false);
    expect(await failure(grantAdmin(db(), boss, { accountId: "00000000-0000-4000-8000-000000000000" }))).toMatchObject({ status: 409 });
    expect(await grantAdmin(db(), boss.toUpperCase(), { accountId: squatter.id })).toEqual({ email: boss, admin: true });
    expect(actorFor((await userForSessionToken(db(), token))!).isPlatformAdmin).toBe(true);
    expect(actorFor(await signInLocal(db(), boss, "registered first")).isPlatformAdmin).toBe(true);
    // Confirmed but no longer listed: no rights.
    vi.stubEnv("ADMIN_EMAILS", "");
    expect(actorFor((await userForSessionToken(db(), token))!).isPlatformAdmin).toBe(false);
  });

  it("with email configured, the address confirms itself by the link sent to it, signed in to that account (once, latest link only)", async () => {
    const sink = await startSmtpSink();
    try {
      sendEmailThrough(sink);
      const chief = `chief-${backend}@example.com`;
      vi.stubEnv("ADMIN_EMAILS", chief);
      // Not listed: no email. Listed: one, with a link to the confirmation page.
      expect(await sendAdminConfirmation(db(), await signUpLocal(db(), `plain-${backend}@example.com`, "a password 1"))).toBe(false);
      const user = await signUpLocal(db(), chief, "a password 1");
      expect(await sendAdminConfirmation(db(), user)).toBe(true);
      expect(await sendAdminConfirmation(db(), user)).toBe(true);
      expect(sink.received.map((mail) => mail.to)).toMatchObject([{ text: chief }, { text: chief }]);
      const tokens = sink.received.map((mail) => mail.text!.match(/\/confirm-email\/([\w-]{43})/)![1]);
      expect(actorFor(await signInLocal(db(), chief, "a password 1")).isPlatformAdmin).toBe(false);

      expect(await pendingConfirmation(db(), tokens[0])).toBeNull(); // replaced by the second email
      expect(await pendingConfirmation(db(), tokens[1])).toBe(chief);
      expect(await confirmAdminEmail(db(), tokens[0], user)).toBeNull();
      expect(actorFor(await signInLocal(db(), chief, "a password 1")).isPlatformAdmin).toBe(false);
      // The mailbox's owner signed in to another account cannot confirm this one with the link.
      const other = await signUpLocal(db(), `elsewhere-${backend}@example.com`, "a password 2");
      expect(await confirmAdminEmail(db(), tokens[1], other)).toBeNull();
      expect(await confirmAdminEmail(db(), tokens[1], user)).toBe(chief);
      expect(actorFor(await signInLocal(db(), chief, "a password 1")).isPlatformAdmin).toBe(true);
      expect(await confirmAdminEmail(db(), tokens[1], user)).toBeNull(); // used up
      const { rows } = await db().query("select 1 from audit_log where action = 'admin.confirm' and entity_id = $1", [chief]);
      expect(rows).toHaveLength(1);
      // The operator's grant, with email configured, sends the link rather than trusting the address.
      const deputy = `deputy-${backend}@example.com`;
      vi.stubEnv("ADMIN_EMAILS", `${chief},${deputy}`);
      const squatter = await signUpLocal(db(), deputy, "registered first");
      expect(await grantAdmin(db(), deputy)).toEqual({ email: deputy, admin: false, confirmation_sent: true, account_id: squatter.id, account_created_at: expect.any(Date) });
      expect(actorFor(await signInLocal(db(), deputy, "registered first")).isPlatformAdmin).toBe(false);
      expect(sink.received.at(-1)!.to).toMatchObject({ text: deputy });
    } finally {
      await sink.close();
    }
  });
});

it("npm run admin -- grant explains its usage and a missing account", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "admin-cli-"));
  try {
    const env = { ...process.env, DATABASE_URL: "", PGLITE_DATA_DIR: path.join(dir, "pglite"), ADMIN_EMAILS: "chief@example.com" };
    const usage = spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/admin.ts"], { env, encoding: "utf8" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("Usage: npm run admin -- grant <email> [<account id>]");
    const missing = spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/admin.ts", "grant", "chief@example.com"], { env, encoding: "utf8" });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("No account with the email chief@example.com; sign up first");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
