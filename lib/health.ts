import "server-only";
import { databaseUrl, supabaseSettings } from "@/lib/config";
import { getDatabase } from "@/lib/db/connection";

export interface Health {
  ok: boolean;
  database: "pglite" | "postgres";
  auth: "local" | "supabase";
  error?: string;
}

export async function checkHealth(): Promise<Health> {
  const auth = supabaseSettings() ? "supabase" : "local";
  const database = databaseUrl() ? "postgres" : "pglite";
  try {
    const db = await getDatabase();
    await db.query("select 1");
    return { ok: true, database: db.kind, auth };
  } catch {
    return { ok: false, database, auth, error: "database unreachable" };
  }
}
