import "server-only";
/** The smallest surface both drivers share: parameterised SQL returning rows. */
export interface Queryable {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number }>;
  /** Runs SQL that may hold several statements and no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface TransactionOptions {
  asyncCommit?: boolean;
}

export interface Database extends Queryable {
  readonly kind: "pglite" | "postgres";
  /**
   * Runs `work` in one transaction: commits when it resolves, rolls back when it throws. `asyncCommit`: the
   * commit does not wait for its WAL to reach disk (set with the BEGIN, in the same round trip).
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}
