import { NextResponse } from "next/server";
import { z } from "zod";
import { grantAdminInApp } from "@/lib/admin/admin-grant";
import { assertCronAuthorized } from "@/lib/engine/cron-auth";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { parseInput } from "@/lib/validation/zod-error";

const grantSchema = z.object({
  email: z.string({ error: "email is required" }).trim().min(3, "email is required").max(254, "email is too long"),
  account_id: z.uuid({ error: "account_id must be the account's id (UUID), as the first answer names it" }).optional(),
});

/**
 * The operator (with the cron secret) makes an ADMIN_EMAILS account an admin, as `npm run admin -- grant` does:
 * by an emailed confirmation link, or, without email, by approving the account's id.
 */
export const POST = handleRoute(async (request) => {
  assertCronAuthorized(request);
  const { email, account_id } = parseInput(grantSchema, await readJson(request));
  return NextResponse.json(await grantAdminInApp(email, { accountId: account_id }));
});
