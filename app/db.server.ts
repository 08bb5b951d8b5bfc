// The app's Postgres pool (postgres.js) and the mapping of the database's customer-facing errors.
import postgres from "postgres";
import { bigintAsNumber } from "../db/postgres-types";
import { env } from "./env.server";

function connect() {
  return postgres(env.DATABASE_URL, {
    max: env.DATABASE_POOL_SIZE,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: "larder" },
    types: bigintAsNumber,
  });
}

export type Sql = ReturnType<typeof connect>;

declare global {
  // One pool per process, even when development reloads the server build.
  var __larderSql: Sql | undefined;
}

export const sql: Sql = (globalThis.__larderSql ??= connect());
export { isShopError, type ShopError } from "./shop-error";
