// /readyz: ready only when the database answers and has run every migration the code ships with.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness();
});

afterAll(async () => {
  await harness?.stop();
});

describe("readiness", () => {
  it("is not ready while a shipped migration has not run, and ready once it has", async () => {
    const { sql } = harness.database;
    const { loader } = await import("~/routes/readyz");
    const [latest] = await sql<{ name: string; run_on: Date }[]>`select name, run_on from pgmigrations order by id desc limit 1`;
    await sql`delete from pgmigrations where name = ${latest.name}`;

    const behind = await loader();
    expect(behind.status).toBe(503);
    expect(await behind.json()).toEqual({ ready: false, database: "ok", pendingMigrations: [latest.name] });

    await sql`insert into pgmigrations (name, run_on) values (${latest.name}, ${latest.run_on})`;
    const current = await loader();
    expect(current.status).toBe(200);
    expect(await current.json()).toEqual({ ready: true, database: "ok", migrations: "current" });
  });
});
