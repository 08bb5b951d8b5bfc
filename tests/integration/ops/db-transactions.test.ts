// The app's pool under pressure: a transaction that starts while every connection is busy still
// gets a connection of its own. postgres.js 3.4.9 sent such a BEGIN pipelined behind another
// statement without reserving the connection (porsager/postgres#1189, #823): the caller got
// UNSAFE_TRANSACTION and the connection went back to the pool inside the open transaction, so
// other requests' writes ran in it and were lost when it ended. patches/postgres+3.4.9.patch
// fixes the driver; this test races real connections through the app's own pool to prove it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

let database: TestDatabase;
let sql: typeof import("~/lib/db.server").sql;

beforeAll(async () => {
  database = await createTestDatabase();
  // Two connections, so a handful of statements keeps every one of them busy.
  Object.assign(process.env, { DATABASE_URL: database.url, DATABASE_POOL_SIZE: "2", LOG_LEVEL: "silent" });
  ({ sql } = await import("~/lib/db.server"));
  await database.sql`create table pool_race (id serial primary key, kind text not null, round int not null)`;
});

afterAll(async () => {
  await sql?.end();
  await database?.drop();
});

describe("transactions on a busy pool", () => {
  it("each gets a reserved connection: none fails, every write is committed, no connection is left inside a transaction", async () => {
    const rounds = 15;
    for (let round = 0; round < rounds; round++) {
      // Both connections busy (a query runs when first awaited: `then` sends it now), then
      // statements and transactions arriving behind them in a mixed order.
      const work: Promise<unknown>[] = [0, 1].map(() => sql`select pg_sleep(0.05)`.then((rows) => rows));
      for (let i = 0; i < 4; i++) {
        work.push(sql`insert into pool_race (kind, round) values ('statement', ${round})`.then((rows) => rows));
        work.push(sql.begin(async (tx) => {
          await tx`insert into pool_race (kind, round) values ('transaction', ${round})`;
          const [{ xact }] = await tx<{ xact: string }[]>`select pg_current_xact_id()::text as xact`;
          await tx`select pg_sleep(0.01)`;
          const [{ same }] = await tx<{ same: boolean }[]>`select pg_current_xact_id()::text = ${xact} as same`;
          return same;
        }));
      }
      const outcomes = await Promise.allSettled(work);
      const failures = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [String(outcome.reason)] : []));
      expect(failures, `round ${round}`).toEqual([]);
      // Each transaction's statements ran in one transaction.
      expect(outcomes.filter((_, index) => index >= 2 && index % 2 === 1).map((outcome) => outcome.status === "fulfilled" && outcome.value)).toEqual([true, true, true, true]);
    }
    // Every write landed, and nothing the pool holds is inside a transaction now.
    const [{ statements, transactions }] = await database.sql<{ statements: number; transactions: number }[]>`
      select count(*) filter (where kind = 'statement')::int as statements, count(*) filter (where kind = 'transaction')::int as transactions
        from pool_race`;
    expect({ statements, transactions }).toEqual({ statements: 4 * rounds, transactions: 4 * rounds });
    const open = await database.sql`
      select pid from pg_stat_activity where datname = ${database.name} and application_name = 'larder' and state like 'idle in transaction%'`;
    expect(open).toEqual([]);
  });
});
