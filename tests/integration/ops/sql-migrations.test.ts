// The migrations on a brand-new database: up, all the way down, and up again to the same schema.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { migrateDown, migrateUp } from "../../../db/migrate";
import { createDatabase, dropDatabase, uniqueDatabaseName, type TestServer } from "../../support/database";

const server: TestServer = {
  url(database) {
    const url = new URL(inject("databaseServerUrl"));
    url.pathname = `/${database}`;
    return url.toString();
  },
  stop: async () => {},
};

const name = uniqueDatabaseName("larder_test_migrations");
const url = server.url(name);
let created = false;

beforeAll(async () => {
  await createDatabase(server, name);
  created = true;
});

afterAll(async () => {
  if (created) await dropDatabase(server, name);
});

/** What the public schema holds, as sorted text lines: tables, views, columns, routines, indexes, triggers, constraints, sequences. */
async function publicSchema(): Promise<Record<string, string[]>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const lines = async (query: Promise<{ line: string }[]>) => (await query).map((row) => row.line).sort();
  try {
    return {
      tables: await lines(sql`
        select table_name || ' ' || table_type as line
          from information_schema.tables where table_schema = 'public'`),
      columns: await lines(sql`
        select concat_ws(' ', table_name, column_name, data_type, is_nullable, column_default,
                         is_identity, is_generated, generation_expression) as line
          from information_schema.columns where table_schema = 'public'`),
      views: await lines(sql`
        select table_name || ': ' || view_definition as line
          from information_schema.views where table_schema = 'public'`),
      functions: await lines(sql`
        select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') '
               || pg_get_function_result(p.oid) || ' ' || md5(p.prosrc) as line
          from pg_proc p where p.pronamespace = 'public'::regnamespace`),
      indexes: await lines(sql`select indexdef as line from pg_indexes where schemaname = 'public'`),
      triggers: await lines(sql`
        select tgrelid::regclass || ' ' || pg_get_triggerdef(oid) as line
          from pg_trigger where not tgisinternal and tgrelid::regclass::text not like '%.%'`),
      constraints: await lines(sql`
        select conrelid::regclass || ' ' || pg_get_constraintdef(oid) as line
          from pg_constraint where connamespace = 'public'::regnamespace`),
      sequences: await lines(sql`
        select sequence_name || ' ' || start_value as line
          from information_schema.sequences where sequence_schema = 'public'`),
    };
  } finally {
    await sql.end();
  }
}

describe("migrations", () => {
  it("go up, all the way down, and up again to the same schema on a new database", async () => {
    const migrations = await migrateUp(url);
    expect(migrations.length).toBeGreaterThan(0);
    const first = await publicSchema();
    expect(first.tables).toEqual(expect.arrayContaining(["orders BASE TABLE", "cart_lines VIEW"]));
    expect(first.functions.some((line) => line.startsWith("place_order("))).toBe(true);

    const reverted = await migrateDown(url, Infinity);
    expect(reverted).toEqual([...migrations].reverse());
    const down = await publicSchema();
    // Only node-pg-migrate's bookkeeping table (and its id sequence) is left.
    expect(down.tables).toEqual(["pgmigrations BASE TABLE"]);
    expect(down.functions).toEqual([]);
    expect(down.views).toEqual([]);
    expect(down.sequences).toEqual(["pgmigrations_id_seq 1"]);

    expect(await migrateUp(url)).toEqual(migrations);
    expect(await publicSchema()).toEqual(first);
  });
});
