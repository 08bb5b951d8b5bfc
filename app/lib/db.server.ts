// The app's Postgres pool (postgres.js) and the mapping of the database's customer-facing errors.
// Every statement run on the pool is timed by name (larder_db_query_duration_seconds); statements
// inside sql.begin are timed as part of their caller.
import postgres from "postgres";
import { bigintAsNumber } from "../../db/postgres-types";
import { env } from "./env.server";
import { metrics } from "./metrics.server";
import { queryName } from "./query-name";

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

// A postgres.js query runs when first awaited (its `then` is called); fragments nested in other
// queries never are, so only executed statements are measured.
function timed(pool: Sql): Sql {
  return new Proxy(pool, {
    apply(target, thisArg, args: unknown[]) {
      const query = Reflect.apply(target, thisArg, args);
      const strings = args[0];
      if (!Array.isArray(strings) || !("raw" in strings) || typeof query?.then !== "function") return query;
      const originalThen = query.then.bind(query);
      let observed = false;
      query.then = (onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) => {
        if (observed) return originalThen(onFulfilled, onRejected);
        observed = true;
        const stop = metrics.dbQueryDuration.startTimer({ query: queryName(strings) });
        return originalThen(
          (value: unknown) => {
            stop({ outcome: "ok" });
            return onFulfilled ? onFulfilled(value) : value;
          },
          (reason: unknown) => {
            stop({ outcome: "error" });
            if (onRejected) return onRejected(reason);
            throw reason;
          },
        );
      };
      return query;
    },
  });
}

declare global {
  // One pool per process, even when development reloads the server build.
  var __larderSql: Sql | undefined;
}

export const sql: Sql = (globalThis.__larderSql ??= timed(connect()));
export { isShopError, type ShopError } from "./shop-error";
