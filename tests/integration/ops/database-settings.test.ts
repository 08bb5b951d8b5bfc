// The app's connections carry statement_timeout and idle_in_transaction_session_timeout from the
// settings; statements slower than DATABASE_SLOW_QUERY_MS are logged with their query name; a
// statement or transaction that cannot get a connection in DATABASE_POOL_WAIT_MS fails at once with
// DatabaseBusyError, and a transaction that gave up never runs later.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness({
    env: {
      DATABASE_POOL_SIZE: "1",
      DATABASE_POOL_WAIT_MS: "300",
      DATABASE_STATEMENT_TIMEOUT_MS: "1500",
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: "2345",
      DATABASE_SLOW_QUERY_MS: "200",
    },
  });
});

afterAll(async () => {
  await harness?.stop();
});

describe("the app's database connections", () => {
  it("carry the statement and idle-in-transaction timeouts", async () => {
    const { sql } = harness.modules.db;
    const [settings] = await sql<{ statement: string; idle: string }[]>`
      select current_setting('statement_timeout') as statement, current_setting('idle_in_transaction_session_timeout') as idle`;
    expect(settings).toEqual({ statement: "1500ms", idle: "2345ms" });
    const error = await sql`select pg_sleep(2)`.catch((caught: unknown) => caught);
    expect((error as { code?: string }).code).toBe("57014");
    expect(harness.modules.db.isDatabaseBusy(error)).toBe(true);
  });

  it("log a slow statement with its query name, and not a fast one", async () => {
    const { logger } = await import("~/lib/logger.server");
    const warn = vi.spyOn(logger, "warn");
    const { sql } = harness.modules.db;
    await sql`select 1`;
    expect(warn.mock.calls.filter((call) => call[1] === "slow database statement")).toEqual([]);
    await sql`select pg_sleep(0.3)`;
    const slow = warn.mock.calls.filter((call) => call[1] === "slow database statement");
    expect(slow).toHaveLength(1);
    expect(slow[0][0]).toMatchObject({ query: "pg_sleep", outcome: "ok" });
    expect((slow[0][0] as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(300);
    warn.mockRestore();
  });

  it("answer a statement and a transaction that wait for a connection too long with DatabaseBusyError, and run neither later", async () => {
    const { sql, DatabaseBusyError } = harness.modules.db;
    // A query runs once awaited: this one takes the only connection for a second.
    const holding = sql`select pg_sleep(1)`.then(() => "done");
    // Sent behind it on the same connection (postgres.js pipelines one deep): it waits and runs.
    const pipelined = sql`select 'pipelined' as value`.then((rows) => rows[0].value);
    const started = Date.now();
    const statement = sql`insert into settings (key, value) values ('test.late_statement', '1')`.catch((error: unknown) => error);
    const transaction = sql
      .begin(async (tx) => tx`insert into settings (key, value) values ('test.late_transaction', '1')`)
      .catch((error: unknown) => error);
    expect(await statement).toBeInstanceOf(DatabaseBusyError);
    expect(await transaction).toBeInstanceOf(DatabaseBusyError);
    expect(Date.now() - started).toBeLessThan(900);
    expect(await holding).toBe("done");
    expect(await pipelined).toBe("pipelined");
    // The pool is free again and works; neither change was made.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const rows = await sql<{ key: string }[]>`select key from settings where key like 'test.late_%'`;
    expect(rows).toEqual([]);
  });
});
