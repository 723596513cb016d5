import { NextResponse } from "next/server";
import { confirmAdminEmailInApp } from "@/lib/admin/admin-confirmation";
import { requireActor } from "@/lib/auth/current-actor";
import { AppError } from "@/lib/errors/app-error";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { linkTokenSchema } from "@/lib/validation/link-token";
import { parseInput } from "@/lib/validation/zod-error";

/**
 * Uses an emailed confirmation link's token (the page posts it, so a mail scanner opening the link confirms
 * nothing), signed in as the account it was sent for.
 */
export const POST = handleRoute(async (request) => {
  const actor = await requireActor();
  const { token } = parseInput(linkTokenSchema, await readJson(request));
  const email = await confirmAdminEmailInApp(token, actor);
  if (!email) throw new AppError("not_found", "This confirmation link is not valid for this account (used, replaced, expired, or sent for another account); sign in to the account you created with the address, or ask the operator");
  return NextResponse.json({ email, confirmed: true });
});
