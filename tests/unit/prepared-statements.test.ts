import { afterEach, describe, expect, it } from "vitest";
import { preparedStatementsFor } from "@/lib/db/postgres-database";

describe("prepared statements", () => {
  afterEach(() => {
    delete process.env.DATABASE_PREPARED_STATEMENTS;
  });

  it("are used on direct connections and not through transaction poolers", () => {
    expect(preparedStatementsFor("postgres://postgres@127.0.0.1:5432/app")).toBe(true);
    expect(preparedStatementsFor("postgres://postgres.ref:pw@db.ref.supabase.co:5432/postgres")).toBe(true);
    expect(preparedStatementsFor("postgres://postgres.ref:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres")).toBe(false);
    expect(preparedStatementsFor("postgres://u:p@pgbouncer.internal:6432/app?pgbouncer=true")).toBe(false);
  });

  it("follow DATABASE_PREPARED_STATEMENTS when it is set", () => {
    process.env.DATABASE_PREPARED_STATEMENTS = "0";
    expect(preparedStatementsFor("postgres://postgres@127.0.0.1:5432/app")).toBe(false);
    process.env.DATABASE_PREPARED_STATEMENTS = "1";
    expect(preparedStatementsFor("postgres://x@pooler.supabase.com:6543/postgres")).toBe(true);
  });
});
