// `npm run db:restore -- --database NAME [--force] FILE`: restores a `npm run db:backup` file into
// database NAME on DATABASE_URL's server, creating it when missing. An existing database that holds
// anything is refused unless --force, which drops it (disconnecting its sessions) and makes it anew,
// so the result is exactly the backup. The restore is one transaction: it lands whole or not at all.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import pino from "pino";
import postgres from "postgres";
import { databaseName, databaseUrl as urlOf, describePrograms, findPgProgram, libpqConnection, quoteIdent, serverMajor } from "./pg-tools";

const run = promisify(execFile);
const log = pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "larder", script: "db:restore" } });

class UsageError extends Error {}

const stderrOf = (error: unknown) => ((error as { stderr?: string }).stderr || (error as Error).message).trim();

/** Objects a restore would collide with: relations, routines and schemas outside the system's. */
async function objectCount(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ count: number }[]>`
      with user_schemas as (
        select oid, nspname from pg_namespace
         where nspname not in ('pg_catalog', 'information_schema') and nspname !~ '^pg_(toast|temp)')
      select ((select count(*) from pg_class where relnamespace in (select oid from user_schemas))
            + (select count(*) from pg_proc where pronamespace in (select oid from user_schemas))
            + (select count(*) from user_schemas where nspname <> 'public'))::int as count`;
    return row.count;
  } finally {
    await sql.end();
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { database: { type: "string" }, file: { type: "string" }, force: { type: "boolean", default: false } },
  });
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new UsageError("DATABASE_URL is not set: say which server to restore onto");
  const target = values.database;
  if (!target) throw new UsageError("no target database: pass --database NAME");
  if (Buffer.byteLength(target) > 63) throw new UsageError(`database name too long for PostgreSQL (63 bytes): ${target}`);
  const file = values.file ?? positionals[0];
  if (!file) throw new UsageError("no backup file given");
  if (!existsSync(file)) throw new UsageError(`no such backup file: ${path.resolve(file)}`);

  const major = await serverMajor(serverUrl);
  const pgRestore = findPgProgram("pg_restore", major) ?? findPgProgram("pg_restore");
  if (!pgRestore) throw new Error(`no pg_restore found (${describePrograms("pg_restore")}): install postgresql-client or set PG_BIN_DIR`);
  try {
    await run(pgRestore.path, ["--list", file], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`${path.resolve(file)} is not a backup pg_restore ${pgRestore.major} can read: ${stderrOf(error)}`);
  }

  // Administrative statements run from another database of the server than the one being replaced.
  const adminUrl = databaseName(serverUrl) !== target ? serverUrl : urlOf(serverUrl, target === "postgres" ? "template1" : "postgres");
  const targetUrl = urlOf(serverUrl, target);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [existing] = await admin`select 1 from pg_database where datname = ${target}`;
    if (existing) {
      const objects = await objectCount(targetUrl);
      if (objects > 0 && !values.force) {
        throw new UsageError(`database ${target} already exists and is not empty (${objects} objects); pass --force to replace it`);
      }
      if (objects > 0) {
        log.warn({ database: target, objects }, "dropping the existing database (--force)");
        await admin.unsafe(`drop database ${quoteIdent(target)} with (force)`);
        await admin.unsafe(`create database ${quoteIdent(target)}`);
      } else {
        log.info({ database: target }, "restoring into the existing empty database");
      }
    } else {
      log.info({ database: target }, "creating database");
      await admin.unsafe(`create database ${quoteIdent(target)}`);
    }
  } finally {
    await admin.end();
  }

  const started = Date.now();
  log.info({ database: target, file: path.resolve(file), pgRestore: pgRestore.path }, "restoring");
  const { dbname, env } = libpqConnection(targetUrl);
  try {
    await run(
      pgRestore.path,
      ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction", "--no-password", `--dbname=${dbname}`, file],
      { env, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    throw new Error(`pg_restore into ${target} failed (nothing was restored): ${stderrOf(error)}`);
  }
  log.info({ database: target, objects: await objectCount(targetUrl), seconds: (Date.now() - started) / 1000 }, "restore complete");
}

await main().catch((error: unknown) => {
  if (error instanceof UsageError) log.error(`${error.message} (usage: npm run db:restore -- --database NAME [--force] FILE)`);
  else log.error({ err: error }, (error as Error).message);
  process.exitCode = 1;
});
