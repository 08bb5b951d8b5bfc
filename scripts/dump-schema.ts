// `npm run db:schema`: migrates a throwaway database and writes db/schema.sql, the pg_dump of its
// public and private schemas, so that a migration's or a function file's effect is read in review
// next to it. `-- --check` compares
// instead of writing (exit 1 when db/schema.sql is stale); `-- --out FILE` writes elsewhere.
//
// The dump is made by a pg_dump of the same major version as the server (the file records which);
// pg_dump cannot read a newer server, so when DATABASE_URL's server (or, without it, the embedded
// one) is newer than every pg_dump here, a scratch server is started from the binaries next to pg_dump.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { pathToFileURL } from "node:url";
import pino from "pino";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrateUp } from "../db/migrate";
import {
  databaseUrl,
  describePrograms,
  hasServerBinaries,
  libpqConnection,
  listPgPrograms,
  quoteIdent,
  serverMajor,
  startScratchServer,
  type PgProgram,
} from "./pg-tools";

const run = promisify(execFile);

export const SCHEMA_FILE = path.resolve(import.meta.dirname, "..", "db", "schema.sql");

const HEADER = [
  "-- The schema db/migrations and db/functions build (public and private; graphile_worker's is its own).",
  "-- Written by `npm run db:schema`; do not edit: change a migration or a function file and run it again.",
];

/** The line naming the versions a dump was made with, e.g. `-- pg_dump 15, PostgreSQL 15`. */
function versionLine(pgDumpMajor: number, serverMajor: number) {
  return `-- pg_dump ${pgDumpMajor}, PostgreSQL ${serverMajor}`;
}

/** The pg_dump major version a committed dump was made with, if it says. */
export function dumpedWith(text: string): { pgDump: number; server: number } | null {
  const match = /^-- pg_dump (\d+), PostgreSQL (\d+)$/m.exec(text);
  return match ? { pgDump: Number(match[1]), server: Number(match[2]) } : null;
}

/**
 * pg_dump's text without what changes from run to run or machine to machine: the version lines,
 * the random-key \restrict / \unrestrict lines of newer pg_dump releases, and runs of blank lines.
 */
export function normaliseDump(text: string): string {
  return (
    text
      .split("\n")
      .filter((line) => !/^-- Dumped (from database|by pg_dump) version/.test(line) && !/^\\(un)?restrict\b/.test(line))
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim() + "\n"
  );
}

/** pg_dump --schema-only of one database's public and private schemas, normalised, with the header. */
export async function dumpSchema(url: string, pgDump: PgProgram): Promise<string> {
  const { dbname, env } = libpqConnection(url);
  const { stdout } = await run(
    pgDump.path,
    ["--schema-only", "--no-owner", "--no-privileges", "--schema=public", "--schema=private", `--dbname=${dbname}`],
    { env, maxBuffer: 64 * 1024 * 1024 },
  );
  const major = await serverMajor(url);
  return [...HEADER, versionLine(pgDump.major, major), "", normaliseDump(stdout)].join("\n");
}

export interface DumpServer {
  /** URL of a database on the server, by name. */
  url(database: string): string;
  pgDump: PgProgram;
  serverMajor: number;
  /** Where the server came from, for the log. */
  kind: "given" | "scratch" | "embedded";
  stop(): Promise<void>;
}

/**
 * A server and a pg_dump of the same major version. `given` is DATABASE_URL's server (or the test
 * run's); `preferMajor` is the version the committed dump was made with, kept when possible so the
 * file does not churn between machines.
 */
export async function openDumpServer(options: { given?: (database: string) => string; preferMajor?: number }): Promise<DumpServer> {
  const programs = listPgPrograms("pg_dump");
  if (programs.length === 0) {
    throw new Error("no pg_dump found: install PostgreSQL's client programs (Debian: postgresql-client) or set PG_BIN_DIR");
  }
  const preferred = programs.find((p) => p.major === options.preferMajor);

  let given: { url: (database: string) => string; major: number; stop(): Promise<void> } | undefined;
  if (options.given) given = { url: options.given, major: await serverMajor(options.given("postgres")), stop: async () => {} };

  const same = (major: number) => programs.find((p) => p.major === major);
  if (given && same(given.major) && (!preferred || preferred.major === given.major)) {
    return { url: given.url, pgDump: same(given.major)!, serverMajor: given.major, kind: "given", stop: given.stop };
  }
  const withServer = [preferred, ...programs].find((p): p is PgProgram => Boolean(p && hasServerBinaries(p.binDir)));
  if (withServer) {
    const scratch = await startScratchServer(withServer.binDir);
    return { url: scratch.url, pgDump: withServer, serverMajor: scratch.major, kind: "scratch", stop: scratch.stop };
  }
  if (!given) {
    // No server binaries beside any pg_dump: the embedded server, if some pg_dump matches its version.
    const dir = mkdtempSync(path.join(os.tmpdir(), "larder-schema-pg-"));
    const port = 45000 + Math.floor(Math.random() * 5000);
    const embedded = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port, persistent: false });
    const major = await serverMajor(embedded.url("postgres"));
    const stop = async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    };
    if (same(major)) return { url: embedded.url, pgDump: same(major)!, serverMajor: major, kind: "embedded", stop };
    await stop();
    given = { url: embedded.url, major, stop: async () => {} };
  }
  if (same(given.major)) {
    return { url: given.url, pgDump: same(given.major)!, serverMajor: given.major, kind: "given", stop: given.stop };
  }
  throw new Error(
    `no pg_dump of PostgreSQL ${given.major} (the server's version) and no server binaries beside the ones found: ` +
      `${describePrograms("pg_dump")}. Install postgresql-client-${given.major}, or PostgreSQL's server package of a pg_dump you have.`,
  );
}

async function admin<T>(server: DumpServer, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(server.url("postgres"), { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

/** A new, empty database on the server; `drop()` removes it. */
export async function throwawayDatabase(server: DumpServer, prefix = "larder_schema") {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await admin(server, (sql) => sql.unsafe(`create database ${quoteIdent(name)}`));
  return {
    name,
    url: server.url(name),
    drop: () => admin(server, (sql) => sql.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`)),
  };
}

/** Migrates a throwaway database to the latest migration and returns its schema dump. */
export async function generateSchemaDump(server: DumpServer): Promise<string> {
  const database = await throwawayDatabase(server);
  try {
    await migrateUp(database.url);
    return await dumpSchema(database.url, server.pgDump);
  } finally {
    await database.drop();
  }
}

async function main() {
  const log = pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "larder", script: "db:schema" } });
  const { values } = parseArgs({ options: { out: { type: "string" }, check: { type: "boolean", default: false } } });
  const out = path.resolve(values.out ?? SCHEMA_FILE);
  const committed = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, "utf8") : "";
  const base = process.env.DATABASE_URL;
  const server = await openDumpServer({
    given: base ? (database) => databaseUrl(base, database) : undefined,
    preferMajor: dumpedWith(committed)?.pgDump,
  });
  try {
    log.info({ server: server.kind, postgres: server.serverMajor, pgDump: server.pgDump.path }, "migrating a throwaway database");
    const dump = await generateSchemaDump(server);
    if (values.check) {
      if (dump === committed) {
        log.info({ file: path.relative(process.cwd(), SCHEMA_FILE) }, "schema dump is current");
      } else {
        log.error({ file: path.relative(process.cwd(), SCHEMA_FILE) }, "schema dump is stale: run `npm run db:schema` and commit db/schema.sql");
        process.exitCode = 1;
      }
      return;
    }
    writeFileSync(out, dump);
    log.info({ file: path.relative(process.cwd(), out), changed: out === SCHEMA_FILE ? dump !== committed : undefined }, "wrote schema dump");
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main().catch((error: unknown) => {
    pino({ base: { service: "larder", script: "db:schema" } }).error({ err: error }, "schema dump failed");
    process.exitCode = 1;
  });
}
