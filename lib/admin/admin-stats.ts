import "server-only";
import { readAdminStats, type AdminStats } from "@/lib/db/admin-stats";
import { runAsUser } from "@/lib/db/run-as";
import type { Actor } from "@/lib/db/transactions";
import { AppError } from "@/lib/errors/app-error";

/** Platform admins only (ADMIN_EMAILS); the queries run under their RLS claims, which read every workspace. */
export async function getAdminStats(actor: Actor): Promise<AdminStats> {
  if (!actor.isPlatformAdmin) throw new AppError("forbidden", "Only platform admins can see platform statistics");
  return runAsUser(actor, (tx) => readAdminStats(tx, { now: new Date() }));
}
