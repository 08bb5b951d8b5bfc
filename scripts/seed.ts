// `npm run db:seed`: the demo shop, into an empty database only.
import postgres from "postgres";
import { seedDemoShop } from "../db/seed/demo";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set: say which database to seed.");
  process.exit(1);
}
const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
const seeded = await seedDemoShop(sql);
console.log(seeded ? "Seeded the demo shop." : "The database already has a shop; nothing seeded.");
await sql.end();
