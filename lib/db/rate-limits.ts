import "server-only";
import type { Queryable } from "./database";

/**
 * Counts one event for `key` in a fixed window of `windowSeconds`, atomically (one upsert, so concurrent
 * instances count together), and returns the count and when the window ends. A key's first event in a new
 * window also clears a batch of rows whose windows ended a day ago (each row knows its own window), so the
 * table holds only live keys.
 */
export async function countEvent(tx: Queryable, { key, windowSeconds, now }: { key: string; windowSeconds: number; now: Date }): Promise<{ count: number; resetAt: Date }> {
  const { rows } = await tx.query<{ count: number; window_started_at: Date }>(
    `insert into public.rate_limits as r (key, count, window_started_at, window_ends_at) values ($1, 1, $3, $3::timestamptz + make_interval(secs => $2))
     on conflict (key) do update set
       count = case when r.window_started_at <= $3::timestamptz - make_interval(secs => $2) then 1 else r.count + 1 end,
       window_started_at = case when r.window_started_at <= $3::timestamptz - make_interval(secs => $2) then $3 else r.window_started_at end,
       window_ends_at = case when r.window_started_at <= $3::timestamptz - make_interval(secs => $2) then $3::timestamptz + make_interval(secs => $2)
                             else r.window_started_at + make_interval(secs => $2) end
     returning count, window_started_at`,
    [key, windowSeconds, now],
  );
  const { count, window_started_at: startedAt } = rows[0];
  if (count === 1) {
    await tx.query(
      "delete from public.rate_limits where key in (select key from public.rate_limits where window_ends_at < $1::timestamptz - interval '1 day' limit 100)",
      [now],
    );
  }
  return { count, resetAt: new Date(startedAt.getTime() + windowSeconds * 1000) };
}

/** The count so far in the current window (0 when none or over). */
export async function currentCount(tx: Queryable, { key, windowSeconds, now }: { key: string; windowSeconds: number; now: Date }): Promise<{ count: number; resetAt: Date | null }> {
  const { rows } = await tx.query<{ count: number; window_started_at: Date }>(
    "select count, window_started_at from public.rate_limits where key = $1 and window_started_at > $2::timestamptz - make_interval(secs => $3)",
    [key, now, windowSeconds],
  );
  if (!rows[0]) return { count: 0, resetAt: null };
  return { count: rows[0].count, resetAt: new Date(rows[0].window_started_at.getTime() + windowSeconds * 1000) };
}

export async function clearCount(tx: Queryable, key: string): Promise<void> {
  await tx.query("delete from public.rate_limits where key = $1", [key]);
}

/** Takes back one event counted in the key's current window (an attempt that turned out right). */
export async function uncountEvent(tx: Queryable, key: string): Promise<void> {
  await tx.query("update public.rate_limits set count = greatest(count - 1, 0) where key = $1", [key]);
}

/**
 * Takes up to `wanted` units of a quota of `limit` per fixed window of `windowSeconds`, under a row lock held to
 * the end of the transaction (parallel takers queue, so together they never pass the limit). Returns how many
 * were granted and when the window ends.
 */
export async function takeQuota(
  tx: Queryable,
  { key, windowSeconds, now, wanted, limit }: { key: string; windowSeconds: number; now: Date; wanted: number; limit: number },
): Promise<{ granted: number; resetAt: Date }> {
  await tx.query(
    "insert into public.rate_limits (key, count, window_started_at, window_ends_at) values ($1, 0, $2, $2::timestamptz + make_interval(secs => $3)) on conflict (key) do nothing",
    [key, now, windowSeconds],
  );
  const { rows } = await tx.query<{ count: number; window_started_at: Date }>("select count, window_started_at from public.rate_limits where key = $1 for update", [key]);
  const expired = rows[0].window_started_at.getTime() <= now.getTime() - windowSeconds * 1000;
  const used = expired ? 0 : rows[0].count;
  const startedAt = expired ? now : rows[0].window_started_at;
  const granted = Math.max(0, Math.min(wanted, limit - used));
  await tx.query("update public.rate_limits set count = $2, window_started_at = $3, window_ends_at = $3::timestamptz + make_interval(secs => $4) where key = $1", [
    key,
    used + granted,
    startedAt,
    windowSeconds,
  ]);
  return { granted, resetAt: new Date(startedAt.getTime() + windowSeconds * 1000) };
}

/** Corrects a count by `by` (what an estimate reserved against what was used), never below zero. */
export async function adjustCount(tx: Queryable, { key, by }: { key: string; by: number }): Promise<void> {
  if (by === 0) return;
  await tx.query("update public.rate_limits set count = greatest(count + $2, 0) where key = $1", [key, by]);
}

/** A key's count as stored (0 when it has none), whatever its window. */
export async function storedCount(tx: Queryable, key: string): Promise<number> {
  const { rows } = await tx.query<{ count: number }>("select count from public.rate_limits where key = $1", [key]);
  return rows[0]?.count ?? 0;
}
