import "server-only";
import { databaseUrl, supabaseSettings } from "@/lib/config";
import { getDatabase } from "@/lib/db/connection";
import { countOverdueSchedules } from "@/lib/db/overdue-schedules";
import { withSystem } from "@/lib/db/transactions";

export interface Health {
  ok: boolean;
  database: "pglite" | "postgres";
  auth: "local" | "supabase";
  /** Active schedules overdue by more than 24 hours: above zero, the engine is down or stuck. */
  overdue_schedules?: number;
  error?: string;
}

export async function checkHealth(): Promise<Health> {
  const auth = supabaseSettings() ? "supabase" : "local";
  const database = databaseUrl() ? "postgres" : "pglite";
  try {
    const db = await getDatabase();
    const overdue = await withSystem(db, (tx) => countOverdueSchedules(tx, { now: new Date() }));
    return { ok: true, database: db.kind, auth, overdue_schedules: overdue };
  } catch {
    return { ok: false, database, auth, error: "database unreachable" };
  }
}
