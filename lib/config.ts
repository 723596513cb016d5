import path from "node:path";

/**
 * Everything the app reads from the environment, in one place, so README's table and the code agree.
 * Values are read on each call (not cached at import) because tests and scripts set them at run time.
 */
export function databaseUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

export function pgliteDataDir(): string {
  // turbopackIgnore: the data folder is chosen at run time and is not part of the build.
  return path.resolve(/*turbopackIgnore: true*/ process.env.PGLITE_DATA_DIR || ".data/pglite");
}

export function supabaseSettings(): { url: string; anonKey: string } | null {
  const url = process.env.NEXT_PUBLIC_SUPABASE_URL;
  const anonKey = process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  return url && anonKey ? { url, anonKey } : null;
}

export function adminEmails(): Set<string> {
  return new Set(
    (process.env.ADMIN_EMAILS ?? "")
      .split(",")
      .map((email) => email.trim().toLowerCase())
      .filter(Boolean),
  );
}
