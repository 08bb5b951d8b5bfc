// `npm run rollups:rebuild`: recomputes every sales rollup from all orders (rebuild_sales_rollups,
// one transaction) in DATABASE_URL's database or the development one — after a restore, a bug fix
// in a rollup function, or to check the incremental rollups against a fresh count.
import postgres from "postgres";
import { openDevDatabase } from "../db/dev-database";

const database = await openDevDatabase().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const sql = postgres(database.url, { max: 1, onnotice: () => {} });
try {
  const started = Date.now();
  const [{ written }] = await sql<{ written: number }[]>`select rebuild_sales_rollups() as written`;
  console.log(`Sales rollups rebuilt: ${written} day row(s) in ${Date.now() - started} ms.`);
} finally {
  await sql.end();
  await database.stop();
}
