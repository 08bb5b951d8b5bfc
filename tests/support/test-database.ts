// Per-file test database: a clone of the run's migrated template, dropped after the file; and the
// run's database server, for tests that make databases of their own.
import postgres from "postgres";
import { inject } from "vitest";
import { bigintAsNumber } from "../../db/postgres-types";
import { createDatabase, dropDatabase, uniqueDatabaseName, type TestServer } from "./database";
import { setGenerousLimits } from "./generous-limits";

export function serverFromInjected(): TestServer {
  const base = new URL(inject("databaseServerUrl"));
  return {
    url(database) {
      const url = new URL(base);
      url.pathname = `/${database}`;
      return url.toString();
    },
    stop: async () => {},
  };
}

export interface TestDatabase {
  name: string;
  url: string;
  sql: postgres.Sql;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = serverFromInjected();
  const name = uniqueDatabaseName("larder_test");
  await createDatabase(server, name, inject("templateDatabase"));
  const url = server.url(name);
  const sql = postgres(url, {
    max: 5,
    onnotice: () => {},
    types: bigintAsNumber,
  });
  await setGenerousLimits(sql);
  return {
    name,
    url,
    sql,
    async drop() {
      await sql.end();
      await dropDatabase(server, name);
    },
  };
}
