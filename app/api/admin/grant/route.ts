import { NextResponse } from "next/server";
import { z } from "zod";
import { grantAdminInApp } from "@/lib/admin/admin-grant";
import { assertCronAuthorized } from "@/lib/engine/cron-auth";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { parseInput } from "@/lib/validation/zod-error";

const grantSchema = z.object({ email: z.string({ error: "email is required" }).trim().min(3, "email is required").max(254, "email is too long") });

/** The operator (with the cron secret) confirms an ADMIN_EMAILS address, as `npm run admin -- grant` does. */
export const POST = handleRoute(async (request) => {
  assertCronAuthorized(request);
  const { email } = parseInput(grantSchema, await readJson(request));
  return NextResponse.json(await grantAdminInApp(email));
});
