// Brings a database's schema up to date (or rolls it back): graphile-worker's own schema, which our
// functions enqueue into; our versioned migrations through node-pg-migrate; then the function layer
// (db/functions/, see db/function-layer.ts), re-applied whole every time.
import { runner } from "node-pg-migrate";
import { runMigrations } from "graphile-worker";
import path from "node:path";
import postgres from "postgres";
import { applyLayer, FUNCTIONS_DIR, readLayer, removeLayer } from "./function-layer";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "migrations");
export const MIGRATIONS_TABLE = "pgmigrations";

type Log = (message: string) => void;

/** Where a release keeps its versioned migrations and its function files (tests point elsewhere). */
export interface Release {
  migrationsDir?: string;
  functionsDir?: string;
}

function versioned(databaseUrl: string, direction: "up" | "down", count: number, log: Log, release: Release) {
  return runner({
    databaseUrl,
    dir: release.migrationsDir ?? MIGRATIONS_DIR,
    migrationsTable: MIGRATIONS_TABLE,
    direction,
    count,
    checkOrder: true,
    log,
    logger: { debug: () => {}, info: log, warn: log, error: log },
  });
}

/** Applies pending versioned migrations, then the function layer; returns the migrations applied. */
export async function migrateUp(databaseUrl: string, log: Log = () => {}, release: Release = {}) {
  await runMigrations({ connectionString: databaseUrl });
  const applied = await versioned(databaseUrl, "up", Infinity, log, release);
  await applyFunctions(databaseUrl, log, release);
  return applied.map((migration) => migration.name);
}

/**
 * Rolls back the last `count` versioned migrations, then re-applies this release's function layer
 * over what is left (or removes the layer when no migration is left). Deploying the previous
 * release afterwards (its release command, `npm run db:migrate`) puts back that release's layer.
 */
export async function migrateDown(databaseUrl: string, count: number, log: Log = () => {}, release: Release = {}) {
  const reverted = await versioned(databaseUrl, "down", count, log, release);
  if ((await appliedMigrations(databaseUrl)).length === 0) {
    await removeLayer(databaseUrl);
    log("No versioned migration is left: the function layer is removed.");
  } else {
    await applyFunctions(databaseUrl, log, release);
  }
  return reverted.map((migration) => migration.name);
}

/** Re-applies the function layer alone (every file under db/functions/). */
export async function applyFunctions(databaseUrl: string, log: Log = () => {}, release: Release = {}) {
  const result = await applyLayer(databaseUrl, readLayer(release.functionsDir ?? FUNCTIONS_DIR));
  log(`Applied ${result.files} function file(s)${result.dropped.length ? `; dropped ${result.dropped.join(", ")}` : ""}.`);
  return result;
}

async function appliedMigrations(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ name: string }[]>`select name from ${sql(MIGRATIONS_TABLE)} order by run_on, id`;
    return rows.map((row) => row.name);
  } finally {
    await sql.end();
  }
}
