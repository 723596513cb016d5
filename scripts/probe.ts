import type { Database, Queryable } from "../lib/db/database";
const stats = new Map<string, { n: number; ms: number }>();
function rec(key: string, ms: number) { const s = stats.get(key) ?? { n: 0, ms: 0 }; s.n++; s.ms += ms; stats.set(key, s); }
function wrapQ(q: Queryable): Queryable {
  return { exec: q.exec, async query(text: string, params?: unknown[]) { const t = performance.now(); try { return await q.query(text, params); } finally { rec(text.replace(/\s+/g, " ").slice(0, 70), performance.now() - t); } } } as Queryable;
}
export function instrument(db: Database): Database {
  return { ...db, ...wrapQ(db), kind: db.kind, close: db.close, async transaction(work) { const t = performance.now(); try { return await db.transaction((tx) => work(wrapQ(tx))); } finally { rec("TRANSACTION total", performance.now() - t); } } } as Database;
}
export function report() { console.log([...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15).map(([k, s]) => `${s.ms.toFixed(0).padStart(6)}ms ${String(s.n).padStart(5)}x ${(s.ms / s.n).toFixed(2)}ms  ${k}`).join("\n")); }
