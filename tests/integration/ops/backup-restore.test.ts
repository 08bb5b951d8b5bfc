// The restore drill: a shop with a menu and orders is backed up with `npm run db:backup`, restored
// with `npm run db:restore` into a new database, and every table comes back row for row.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrateUp } from "../../../db/migrate";
import { bigintAsNumber } from "../../../db/postgres-types";
import { seedDemoShop } from "../../../db/seed/demo";
import { databaseUrl, findPgProgram, hasServerBinaries, listPgPrograms, serverMajor, startScratchServer, type ScratchServer } from "../../../scripts/pg-tools";
import { createDatabase, dropDatabase, uniqueDatabaseName, type TestServer } from "../../support/database";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { cartWith, locationId, placeOrder, seededVariants, type Sql } from "../../support/sql-helpers";

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

interface Source {
  server: TestServer;
  database: Pick<TestDatabase, "name" | "url" | "sql" | "drop">;
  binDir: string;
  scratch?: ScratchServer;
}

let source: Source;
const made: string[] = [];
const backupDir = mkdtempSync(path.join(os.tmpdir(), "larder-backups-"));

/**
 * The run's database server when some pg_dump here can read it; otherwise (pg_dump is older than
 * the embedded server) a scratch server from the binaries beside the newest pg_dump.
 */
async function openSource(): Promise<Source> {
  const base = inject("databaseServerUrl");
  const given: TestServer = { url: (database) => databaseUrl(base, database), stop: async () => {} };
  const pgDump = findPgProgram("pg_dump", await serverMajor(base));
  if (pgDump) return { server: given, database: await createTestDatabase(), binDir: pgDump.binDir };

  const withServer = listPgPrograms("pg_dump").find((program) => hasServerBinaries(program.binDir));
  if (!withServer) throw new Error("no pg_dump here can read the test server, and none has server binaries beside it for a scratch server");
  const scratch = await startScratchServer(withServer.binDir);
  const server: TestServer = { url: scratch.url, stop: scratch.stop };
  const name = uniqueDatabaseName("larder_test_drill");
  await createDatabase(server, name);
  await migrateUp(server.url(name));
  const sql = postgres(server.url(name), { max: 5, onnotice: () => {}, types: bigintAsNumber });
  return {
    server,
    binDir: withServer.binDir,
    scratch,
    database: {
      name,
      url: server.url(name),
      sql,
      drop: async () => {
        await sql.end();
        await dropDatabase(server, name);
      },
    },
  };
}

/** Runs one of the scripts as `npm run` would, with `url` as DATABASE_URL (null: unset); resolves with its exit code and output. */
async function script(file: string, args: string[], url: string | null = source.database.url) {
  const env: NodeJS.ProcessEnv = { ...process.env, PG_BIN_DIR: source.binDir, LOG_LEVEL: "info" };
  delete env.BACKUP_DIR;
  if (url) env.DATABASE_URL = url;
  else delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [TSX, file, ...args], { cwd: ROOT, env });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: (failed.stdout ?? "") + (failed.stderr ?? "") };
  }
}

const logMessages = (output: string) =>
  output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { level: number; msg: string; [key: string]: unknown });

/** Rows and an md5 of every row's text, per table of the app and of the job queue; and every sequence's position. */
async function snapshot(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ schemaname: string; tablename: string }[]>`
      select schemaname, tablename from pg_tables
       where schemaname in ('public', 'graphile_worker') order by 1, 2`;
    const result: Record<string, { rows: number; md5: string }> = {};
    for (const { schemaname, tablename } of tables) {
      const [row] = await sql<{ rows: number; md5: string }[]>`
        select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as md5
          from ${sql(schemaname)}.${sql(tablename)} t`;
      result[`${schemaname}.${tablename}`] = row;
    }
    const sequences = await sql<{ name: string; last_value: string | null }[]>`
      select schemaname || '.' || sequencename as name, last_value::text from pg_sequences
       where schemaname in ('public', 'graphile_worker') order by 1`;
    return { tables: result, sequences: Object.fromEntries(sequences.map((s) => [s.name, s.last_value])) };
  } finally {
    await sql.end();
  }
}

async function placeSomeOrders(sql: Sql) {
  const location = await locationId(sql);
  const variants = await seededVariants(sql);
  for (const lines of [
    [[variants.beefHalfDozen, 2], [variants.horchata, 1]],
    [[variants.chipa, 3]],
    [[variants.beefSingle, 5], [variants.horchata, 2]],
  ] as [number, number][][]) {
    await placeOrder(sql, { cartId: await cartWith(sql, lines), location });
  }
  await cartWith(sql, [[variants.beefSingle, 1]]); // a cart still open
}

beforeAll(async () => {
  source = await openSource();
  await seedDemoShop(source.database.sql);
  await placeSomeOrders(source.database.sql);
});

afterAll(async () => {
  for (const name of made) await dropDatabase(source.server, name).catch(() => {});
  await source?.database.drop();
  await source?.scratch?.stop();
  rmSync(backupDir, { recursive: true, force: true });
});

describe("backup and restore", () => {
  let backupFile: string;

  it("restores a shop with orders into a new database, every table row for row", async () => {
    const backup = await script("scripts/backup.ts", ["--dir", backupDir]);
    expect(backup.code, backup.output).toBe(0);
    const written = logMessages(backup.output).find((line) => line.msg === "backup written");
    expect(written).toMatchObject({ database: source.database.name });
    backupFile = String(written!.file);
    expect(path.basename(backupFile)).toMatch(new RegExp(`^${source.database.name}-\\d{8}T\\d{6}\\.\\d{3}Z\\.dump$`));
    expect(readdirSync(backupDir)).toEqual([path.basename(backupFile)]); // no .partial left behind

    const target = uniqueDatabaseName("larder_test_restored");
    made.push(target);
    const restore = await script("scripts/restore.ts", ["--database", target, backupFile]);
    expect(restore.code, restore.output).toBe(0);
    expect(logMessages(restore.output).map((line) => line.msg)).toEqual(["creating database", "restoring", "restore complete"]);

    const before = await snapshot(source.database.url);
    const after = await snapshot(source.server.url(target));
    expect(before.tables["public.orders"].rows).toBe(3);
    expect(before.tables["public.order_items"].rows).toBe(5);
    expect(before.tables["public.variants"].rows).toBeGreaterThan(30);
    expect(before.tables["public.pgmigrations"].rows).toBeGreaterThan(0);
    expect(Object.keys(before.tables).length).toBeGreaterThan(15);
    expect(after).toEqual(before);

    // The restored shop takes orders: its sequences carry on from the backup's.
    const restored = postgres(source.server.url(target), { max: 2, onnotice: () => {}, types: bigintAsNumber });
    try {
      const variants = await seededVariants(restored);
      const placed = await placeOrder(restored, { cartId: await cartWith(restored, [[variants.horchata, 1]]), location: await locationId(restored) });
      const [{ count }] = await restored<{ count: number }[]>`select count(*)::int as count from orders where id <= ${placed.order_id}`;
      expect(count).toBe(4);
    } finally {
      await restored.end();
    }
  });

  it("refuses to restore over a database that holds anything unless --force, which replaces it exactly", async () => {
    const before = await snapshot(source.database.url);
    const refused = await script("scripts/restore.ts", ["--database", source.database.name, backupFile]);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(new RegExp(`database ${source.database.name} already exists and is not empty .*pass --force`));
    expect(await snapshot(source.database.url)).toEqual(before);

    // A database with something in it, replaced with --force by exactly the backup.
    const target = uniqueDatabaseName("larder_test_forced");
    made.push(target);
    await createDatabase(source.server, target);
    const other = postgres(source.server.url(target), { max: 1, onnotice: () => {} });
    await other`create table leftover (id int)`;
    await other.end();
    const forced = await script("scripts/restore.ts", ["--database", target, "--force", backupFile]);
    expect(forced.code, forced.output).toBe(0);
    expect(logMessages(forced.output).some((line) => line.msg === "dropping the existing database (--force)")).toBe(true);
    const after = await snapshot(source.server.url(target));
    expect(after.tables).not.toHaveProperty("public.leftover");
    expect(after.tables).toEqual((await snapshot(source.database.url)).tables);
  });

  it("keeps only the newest N backups of the database with --keep", async () => {
    const dir = path.join(backupDir, "kept");
    const otherShop = "another_shop-20200101T000000.000Z.dump";
    await script("scripts/backup.ts", ["--dir", dir]);
    writeFileSync(path.join(dir, otherShop), "not ours");
    const old = `${source.database.name}-20200101T000000.000Z.dump`;
    writeFileSync(path.join(dir, old), "an old backup");
    const second = await script("scripts/backup.ts", ["--dir", dir, "--keep", "2"]);
    expect(second.code, second.output).toBe(0);
    const deleted = logMessages(second.output).filter((line) => line.msg === "old backup deleted");
    expect(deleted.map((line) => path.basename(String(line.file)))).toEqual([old]);
    const left = readdirSync(dir).sort();
    expect(left).toHaveLength(3);
    expect(left).toContain(otherShop);
    expect(left.filter((name) => name.startsWith(source.database.name))).toHaveLength(2);
  });

  it("says what is wrong when it cannot run", async () => {
    const noDir = await script("scripts/backup.ts", []);
    expect(noDir.code).toBe(1);
    expect(noDir.output).toContain("no backup directory: pass --dir DIR or set BACKUP_DIR");

    const noUrl = await script("scripts/backup.ts", ["--dir", backupDir], null);
    expect(noUrl.code).toBe(1);
    expect(noUrl.output).toContain("DATABASE_URL is not set");

    const badKeep = await script("scripts/backup.ts", ["--dir", backupDir, "--keep", "0"]);
    expect(badKeep.output).toContain("--keep must be a whole number of backups");

    const missing = await script("scripts/restore.ts", ["--database", "larder_test_never", path.join(backupDir, "nope.dump")]);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain("no such backup file");

    const notABackup = path.join(backupDir, "garbage.dump");
    writeFileSync(notABackup, "this is not a pg_dump archive");
    const garbage = await script("scripts/restore.ts", ["--database", "larder_test_never", notABackup]);
    expect(garbage.code).toBe(1);
    expect(garbage.output).toContain("is not a backup pg_restore");
  });
});
