import { NextResponse } from "next/server";
import { getAdminStats } from "@/lib/admin/admin-stats";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";

export const GET = handleRoute(async () => NextResponse.json(await getAdminStats(await requireActor())));
