// `npm run db:migrate` (up to the latest) and `npm run db:rollback [-- N]` (down N, default 1;
// `all` for every migration).
import { migrateDown, migrateUp } from "../db/migrate";

const [direction, countArgument] = process.argv.slice(2);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set: say which database to migrate.");
  process.exit(1);
}
const log = (message: string) => console.log(message);
if (direction === "up") {
  const applied = await migrateUp(databaseUrl, log);
  console.log(applied.length ? `Applied ${applied.length} migration(s).` : "Schema is up to date.");
} else if (direction === "down") {
  const count = countArgument === "all" ? Infinity : Number(countArgument ?? 1);
  if (!Number.isInteger(count) && count !== Infinity) {
    console.error(`Not a number of migrations: ${countArgument}`);
    process.exit(1);
  }
  const reverted = await migrateDown(databaseUrl, count, log);
  console.log(`Rolled back ${reverted.length} migration(s).`);
} else {
  console.error("usage: migrate.ts up | down [N|all]");
  process.exit(1);
}
