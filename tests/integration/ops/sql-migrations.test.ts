// The migrations and the function layer on a brand-new database: up, all the way down, and up again
// to the same schema (public, and private for the helpers).
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { migrateDown, migrateUp } from "../../../db/migrate";
import { createDatabase, dropDatabase, uniqueDatabaseName, type TestServer } from "../../support/database";
import { schemaSnapshot } from "../../support/schema-snapshot";

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

describe("migrations", () => {
  it("go up, all the way down, and up again to the same schema on a new database", async () => {
    const migrations = await migrateUp(url);
    expect(migrations.length).toBeGreaterThan(0);
    const first = await schemaSnapshot(url);
    expect(first.tables).toEqual(expect.arrayContaining(["orders BASE TABLE", "cart_lines VIEW"]));
    expect(first.functions.some((line) => line.startsWith("public.place_order(")) && first.functions.some((line) => line.startsWith("private.reserve_slot("))).toBe(true);

    const reverted = await migrateDown(url, Infinity);
    expect(reverted).toEqual([...migrations].reverse());
    const down = await schemaSnapshot(url);
    // Only node-pg-migrate's bookkeeping table (and its id sequence) is left.
    expect(down.tables).toEqual(["pgmigrations BASE TABLE"]);
    expect(down.functions).toEqual([]);
    expect(down.views).toEqual([]);
    expect(down.sequences).toEqual(["pgmigrations_id_seq 1"]);

    expect(await migrateUp(url)).toEqual(migrations);
    expect(await schemaSnapshot(url)).toEqual(first);
  });
});
