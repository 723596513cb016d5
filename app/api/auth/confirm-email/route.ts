import { NextResponse } from "next/server";
import { confirmAdminEmailInApp } from "@/lib/admin/admin-confirmation";
import { AppError } from "@/lib/errors/app-error";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { linkTokenSchema } from "@/lib/validation/link-token";
import { parseInput } from "@/lib/validation/zod-error";

/** Uses an emailed confirmation link's token (the page posts it, so a mail scanner opening the link confirms nothing). */
export const POST = handleRoute(async (request) => {
  const { token } = parseInput(linkTokenSchema, await readJson(request));
  const email = await confirmAdminEmailInApp(token);
  if (!email) throw new AppError("not_found", "This confirmation link is not valid any more (used, replaced or expired); sign up again or ask the operator");
  return NextResponse.json({ email, confirmed: true });
});
