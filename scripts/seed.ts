// `npm run db:seed`: the demo shop, into an empty database only (DATABASE_URL's, or the development one).
import postgres from "postgres";
import { openDevDatabase } from "../db/dev-database";
import { seedDemoShop } from "../db/seed/demo";

const database = await openDevDatabase().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const sql = postgres(database.url, { max: 1, onnotice: () => {} });
try {
  const seeded = await seedDemoShop(sql);
  console.log(seeded ? "Seeded the demo shop." : "The database already has a shop; nothing seeded.");
} finally {
  await sql.end();
  await database.stop();
}
