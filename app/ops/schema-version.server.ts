// Whether the database's schema is the one this code was written for: every migration shipped
// with the code has been applied. (Read from db/migrations relative to the working directory, which
// is the project root in development, tests and the image.)
import { readdirSync } from "node:fs";
import path from "node:path";
import { sql } from "~/lib/db.server";

const shipped = readdirSync(path.resolve("db/migrations"))
  .filter((file) => /^\d+_.+\.(sql|ts|js)$/.test(file))
  .map((file) => file.replace(/\.(sql|ts|js)$/, ""))
  .sort();

let current = false;

/**
 * Migrations this code expects that the database has not run; empty when it is up to date. Always
 * asks the database, so it fails while the database is away (readiness means "it answers" too).
 */
export async function pendingMigrations(): Promise<string[]> {
  if (current) {
    await sql`select 1 as answers`;
    return [];
  }
  const rows = await sql<{ name: string }[]>`select name from pgmigrations`;
  const applied = new Set(rows.map((row) => row.name));
  const pending = shipped.filter((name) => !applied.has(name));
  // Migrations only move forward while a process runs, so once current it stays current.
  current = pending.length === 0;
  return pending;
}
