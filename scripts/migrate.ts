// `npm run db:migrate` (up to the latest, then the function layer) and `npm run db:rollback [-- N]`
// (down N, default 1; `all` for every migration). DATABASE_URL's database, or the development one.
import { openDevDatabase } from "../db/dev-database";
import { migrateDown, migrateUp } from "../db/migrate";

const [direction, countArgument] = process.argv.slice(2);
const count = countArgument === undefined ? 1 : countArgument === "all" ? Infinity : Number(countArgument);
if (direction !== "up" && direction !== "down") {
  console.error("usage: migrate.ts up | down [N|all]");
  process.exit(1);
}
if (direction === "down" && !(Number.isInteger(count) && count > 0) && count !== Infinity) {
  console.error(`Not a number of migrations: ${countArgument}`);
  process.exit(1);
}

const database = await openDevDatabase().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const log = (message: string) => console.log(message);
if (database.source !== "DATABASE_URL") log(`Using the development database (${database.source}).`);
try {
  if (direction === "up") {
    const applied = await migrateUp(database.url, log);
    console.log(applied.length ? `Applied ${applied.length} migration(s).` : "Schema is up to date.");
  } else {
    const reverted = await migrateDown(database.url, count, log);
    console.log(`Rolled back ${reverted.length} migration(s).`);
  }
} finally {
  await database.stop();
}
