import { NextResponse } from "next/server";
import { hasCronSecret } from "@/lib/engine/cron-auth";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

/**
 * Anyone (an uptime monitor) learns whether the app and its database answer; only a caller with the cron
 * secret learns the database and auth kinds and how many schedules are overdue.
 */
export async function GET(request: Request) {
  const health = await checkHealth();
  const body = hasCronSecret(request) ? health : { ok: health.ok };
  return NextResponse.json(body, { status: health.ok ? 200 : 503 });
}
