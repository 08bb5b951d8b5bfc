// Brings a database's schema up to date (or rolls it back): our SQL migrations through
// node-pg-migrate, then graphile-worker's own schema, which our functions enqueue into.
import { runner } from "node-pg-migrate";
import { runMigrations } from "graphile-worker";
import path from "node:path";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "migrations");
export const MIGRATIONS_TABLE = "pgmigrations";

type Log = (message: string) => void;

export async function migrateUp(databaseUrl: string, log: Log = () => {}) {
  await runMigrations({ connectionString: databaseUrl });
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    migrationsTable: MIGRATIONS_TABLE,
    direction: "up",
    count: Infinity,
    checkOrder: true,
    log,
    logger: { debug: () => {}, info: log, warn: log, error: log },
  });
  return applied.map((migration) => migration.name);
}

export async function migrateDown(databaseUrl: string, count: number, log: Log = () => {}) {
  const reverted = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    migrationsTable: MIGRATIONS_TABLE,
    direction: "down",
    count,
    checkOrder: true,
    log,
    logger: { debug: () => {}, info: log, warn: log, error: log },
  });
  return reverted.map((migration) => migration.name);
}
