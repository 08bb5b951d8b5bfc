// db/schema.sql is what the migrations build today, and the migrations build exactly it again after
// going all the way down: both compared as pg_dump output, the strictest view of a schema.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrateDown, migrateUp } from "../../../db/migrate";
import { dumpedWith, dumpSchema, openDumpServer, SCHEMA_FILE, throwawayDatabase, type DumpServer } from "../../../scripts/dump-schema";
import { databaseUrl } from "../../../scripts/pg-tools";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");
const committed = readFileSync(SCHEMA_FILE, "utf8");
const committedWith = dumpedWith(committed);
const serverUrl = inject("databaseServerUrl");

let server: DumpServer;
const tmp = mkdtempSync(path.join(os.tmpdir(), "larder-schema-test-"));

beforeAll(async () => {
  server = await openDumpServer({ given: (database) => databaseUrl(serverUrl, database), preferMajor: committedWith?.pgDump });
});

afterAll(async () => {
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("schema dump", () => {
  it("db/schema.sql is current: `npm run db:schema` writes the same file today", async (context) => {
    expect(committedWith, "db/schema.sql has no `-- pg_dump N, PostgreSQL N` line: run `npm run db:schema`").not.toBeNull();
    if (server.pgDump.major !== committedWith!.pgDump) {
      // Dumps of different pg_dump versions differ in form, not in schema: nothing to compare against.
      context.skip(`db/schema.sql was made by pg_dump ${committedWith!.pgDump}; this machine has only ${server.pgDump.major}`);
    }
    const out = path.join(tmp, "schema.sql");
    await run(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/dump-schema.ts", "--out", out], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: serverUrl, LOG_LEVEL: "warn" },
    });
    const fresh = readFileSync(out, "utf8");
    expect(fresh, "db/schema.sql is not what the migrations build: run `npm run db:schema` and commit it with the migration").toBe(committed);
  });

  it("migrations go up, all the way down, and up again to the same dump", async () => {
    const database = await throwawayDatabase(server, "larder_test_updown");
    try {
      const applied = await migrateUp(database.url);
      const first = await dumpSchema(database.url, server.pgDump);
      expect(first).toContain("CREATE FUNCTION public.place_order(");

      expect(await migrateDown(database.url, Infinity)).toEqual([...applied].reverse());
      const empty = await dumpSchema(database.url, server.pgDump);
      // Only node-pg-migrate's own bookkeeping table is left.
      expect(empty.match(/^CREATE (TABLE|FUNCTION|VIEW|TYPE|SEQUENCE) \S+/gm)).toEqual([
        "CREATE TABLE public.pgmigrations",
        "CREATE SEQUENCE public.pgmigrations_id_seq",
      ]);

      expect(await migrateUp(database.url)).toEqual(applied);
      const again = await dumpSchema(database.url, server.pgDump);
      expect(again, "the schema after up → down → up differs from the first up: a down migration leaves something behind").toBe(first);
    } finally {
      await database.drop();
    }
  });
});
