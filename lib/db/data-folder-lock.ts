import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";

/** Who holds an embedded data folder: written into the lock file beside it. */
interface LockHolder {
  pid: number;
  command: string;
  since: string;
  /** When the process started, in clock ticks since boot (Linux): tells a reused process id from the holder. */
  started?: string | null;
}

/** A process's start time from /proc (Linux), or null where there is none. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

export class DataFolderInUseError extends Error {
  constructor(folder: string, holder: LockHolder) {
    super(
      `The embedded database in ${folder} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}). ` +
        "Only one process may open it: stop that process first (the running app ticks by itself and serves the admin routes), " +
        "or give this one another PGLITE_DATA_DIR.",
    );
    this.name = "DataFolderInUseError";
  }
}

function isAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user — alive all the same.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // The id may have been given to another process since the holder died (a container restarts with low ids).
  const started = holder.started ? processStart(holder.pid) : null;
  return !(holder.started && started && started !== holder.started);
}

function readHolder(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(file, "utf8")) as Partial<LockHolder>;
    return typeof holder.pid === "number"
      ? { pid: holder.pid, command: String(holder.command ?? "?"), since: String(holder.since ?? "?"), started: holder.started ?? null }
      : null;
  } catch {
    return null; // unreadable or half-written: its writer died while writing it
  }
}

/**
 * Makes this process the only opener of an embedded data folder (two PGlite processes on one folder corrupt
 * it): a lock file beside the folder, created exclusively, holding this process's id. A lock whose process
 * is gone (killed with -9, the machine restarted) is taken over; one held by a live process is refused with
 * its id. The same process may open the folder again (a development reload). Returns the release.
 */
export function lockDataFolder(folder: string): () => void {
  const file = `${folder}.lock`;
  const mine: LockHolder = {
    pid: process.pid,
    command: process.argv.slice(1).join(" ").slice(0, 200) || "node",
    since: new Date().toISOString(),
    started: processStart(process.pid),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o644);
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      const release = () => {
        if (readHolder(file)?.pid === process.pid) unlinkSync(file);
        process.off("exit", release);
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readHolder(file);
    if (holder?.pid === process.pid) return () => undefined; // this process opened it already
    if (holder && isAlive(holder)) throw new DataFolderInUseError(folder, holder);
    // Stale: its process is gone. Remove it and try again (another process may win the race; then we refuse).
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  const holder = readHolder(file);
  throw new DataFolderInUseError(folder, holder ?? { pid: -1, command: "unknown", since: "unknown" });
}
