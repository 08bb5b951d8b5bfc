// `npm run db:backup -- --dir DIR [--keep N]`: pg_dump of DATABASE_URL's database in custom format
// (-Fc, compressed, restorable table by table) to DIR/<database>-<UTC timestamp>.dump. DIR may also
// come from BACKUP_DIR. With --keep N, only the newest N backups of that database stay in DIR.
//
// The file is written under a .partial name and renamed once pg_dump has finished and pg_restore
// can read its table of contents, so a file with the final name is always a whole backup.
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import pino from "pino";
import { databaseName, describePrograms, findPgProgram, libpqConnection, serverMajor } from "./pg-tools";

const run = promisify(execFile);
const log = pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "larder", script: "db:backup" } });

class UsageError extends Error {}

/** Backup files of one database: `<name>-YYYYMMDDTHHMMSS.mmmZ.dump`, oldest first (names sort by time). */
function backupFiles(dir: string, fileStem: string): string[] {
  const pattern = new RegExp(`^${fileStem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-\\d{8}T\\d{6}\\.\\d{3}Z\\.dump$`);
  return readdirSync(dir).filter((name) => pattern.test(name)).sort();
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, ""); // 20250102T030405.678Z
}

async function main() {
  const { values } = parseArgs({ options: { dir: { type: "string" }, keep: { type: "string" } } });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new UsageError("DATABASE_URL is not set: say which database to back up");
  const dir = values.dir ?? process.env.BACKUP_DIR;
  if (!dir) throw new UsageError("no backup directory: pass --dir DIR or set BACKUP_DIR");
  const keep = values.keep === undefined ? undefined : Number(values.keep);
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) throw new UsageError(`--keep must be a whole number of backups, 1 or more (got ${values.keep})`);

  const database = databaseName(databaseUrl);
  const major = await serverMajor(databaseUrl);
  const pgDump = findPgProgram("pg_dump", major);
  if (!pgDump) throw new Error(`no pg_dump can read PostgreSQL ${major}: found ${describePrograms("pg_dump")}; install postgresql-client-${major} or set PG_BIN_DIR`);
  const pgRestore = findPgProgram("pg_restore", pgDump.major);

  mkdirSync(dir, { recursive: true });
  const fileStem = database.replace(/[^\w.-]/g, "_");
  const file = path.resolve(dir, `${fileStem}-${timestamp(new Date())}.dump`);
  const partial = `${file}.partial`;
  const { dbname, env } = libpqConnection(databaseUrl);
  const started = Date.now();
  log.info({ database, file, pgDump: pgDump.path }, "backing up");
  try {
    await run(pgDump.path, ["--format=custom", "--no-password", `--file=${partial}`, `--dbname=${dbname}`], { env, maxBuffer: 16 * 1024 * 1024 });
    if (pgRestore) await run(pgRestore.path, ["--list", partial], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    rmSync(partial, { force: true });
    throw new Error(`pg_dump of ${database} failed: ${((error as { stderr?: string }).stderr || (error as Error).message).trim()}`);
  }
  renameSync(partial, file);
  log.info({ database, file, bytes: statSync(file).size, seconds: (Date.now() - started) / 1000 }, "backup written");

  if (keep !== undefined) {
    const files = backupFiles(dir, fileStem);
    for (const old of files.slice(0, Math.max(0, files.length - keep))) {
      rmSync(path.join(dir, old));
      log.info({ database, file: path.resolve(dir, old), keep }, "old backup deleted");
    }
  }
}

await main().catch((error: unknown) => {
  if (error instanceof UsageError) log.error(`${error.message} (usage: npm run db:backup -- --dir DIR [--keep N])`);
  else log.error({ err: error }, (error as Error).message);
  process.exitCode = 1;
});
