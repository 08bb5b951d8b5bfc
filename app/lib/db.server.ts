// The app's Postgres pool (postgres.js) and the mapping of the database's customer-facing errors.
// Every statement run on the pool is timed by name (larder_db_query_duration_seconds) and logged
// when slower than DATABASE_SLOW_QUERY_MS; statements inside sql.begin are timed as part of their
// caller. A statement or transaction that waits longer than DATABASE_POOL_WAIT_MS for a connection
// fails with DatabaseBusyError (a 503 page) instead of hanging; statement_timeout and
// idle_in_transaction_session_timeout bound what runs on a connection.
import postgres from "postgres";
import { bigintAsNumber } from "../../db/postgres-types";
import { env } from "./env.server";
import { logger } from "./logger.server";
import { metrics } from "./metrics.server";
import { queryName } from "./query-name";

/** Every connection was busy for DATABASE_POOL_WAIT_MS: nothing was run; try again shortly. */
export class DatabaseBusyError extends Error {
  override readonly name = "DatabaseBusyError";
  constructor(readonly query: string) {
    super(`no database connection free within ${env.DATABASE_POOL_WAIT_MS} ms (${query}); nothing was run`);
  }
}

// What the database answers (or the socket says) when it cannot take work right now and nothing
// of this request's statement was committed: cancelled by statement_timeout (57014), too many
// connections (53300), terminated by a shutdown (57P01, rolled back), starting up or shutting down
// (57P03), or not reachable at all (refused, connect timeout). A connection lost mid-statement
// (CONNECTION_CLOSED) is not here: its outcome is unknown, so it stays a 500.
const UNAVAILABLE_CODES = new Set(["57014", "53300", "57P01", "57P03", "CONNECT_TIMEOUT", "ECONNREFUSED"]);

/**
 * The database cannot take this request now (a 503 with Retry-After): no connection free in time,
 * or one of UNAVAILABLE_CODES. By name, not instanceof: server.ts and the Remix build each load
 * their own copy of this module.
 */
export function isDatabaseBusy(error: unknown): boolean {
  if (error instanceof Error && error.name === "DatabaseBusyError") return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && UNAVAILABLE_CODES.has(code);
}

/**
 * Seconds before a connection tries the server again after `retries` failed attempts. postgres.js
 * counts failures for the whole pool and by default waits up to 20 s (3^retries / 100): a
 * restart of a second or two, with requests arriving meanwhile, left the app refusing pages for
 * 10-20 s after Postgres was back. At most a second here; a refused connect costs the server nothing.
 */
export function reconnectDelaySeconds(retries: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** retries, 1);
}

function connect() {
  return postgres(env.DATABASE_URL, {
    max: env.DATABASE_POOL_SIZE,
    idle_timeout: 30,
    connect_timeout: 10,
    backoff: reconnectDelaySeconds,
    // At most one statement waits on a busy connection; the rest wait in the pool's queue, from
    // where one that waited too long is withdrawn before it is sent (never run after its 503).
    // (postgres.js reads max_pipeline; its type definitions leave it out.) A transaction's BEGIN
    // sent behind another statement must still reserve its connection: patches/postgres+3.4.9.patch
    // (porsager/postgres#1189; tests/integration/ops/db-transactions.test.ts races it).
    ...({ max_pipeline: 1 } as object),
    onnotice: () => {},
    connection: {
      application_name: "larder",
      statement_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS,
      idle_in_transaction_session_timeout: env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    types: bigintAsNumber,
  });
}

function observe(name: string, startedAt: number, outcome: "ok" | "error") {
  const seconds = (performance.now() - startedAt) / 1000;
  metrics.dbQueryDuration.observe({ query: name, outcome }, seconds);
  if (seconds * 1000 > env.DATABASE_SLOW_QUERY_MS) {
    logger.warn({ query: name, durationMs: Math.round(seconds * 1000), outcome }, "slow database statement");
  }
}

export type Sql = ReturnType<typeof connect>;

type Begin = (...args: unknown[]) => Promise<unknown>;

// A postgres.js query runs when first awaited (its `then` is called); fragments nested in other
// queries never are, so only executed statements are measured. A statement still in the pool's
// queue when the wait is over is withdrawn and its caller answered at once.
function timed(pool: Sql): Sql {
  return new Proxy(pool, {
    apply(target, thisArg, args: unknown[]) {
      const query = Reflect.apply(target, thisArg, args);
      const strings = args[0];
      if (!Array.isArray(strings) || !("raw" in strings) || typeof query?.then !== "function") return query;
      const originalThen = query.then.bind(query);
      let settled: Promise<unknown> | null = null;
      query.then = (onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) => {
        settled ??= new Promise((resolve, reject) => {
          const name = queryName(strings);
          const startedAt = performance.now();
          const timer = setTimeout(() => {
            // Already sent to a connection (running, or next in its one-deep pipeline): it will
            // run, so it is waited for; statement_timeout bounds the statement ahead of it.
            if (query.state) return;
            observe(name, startedAt, "error");
            reject(new DatabaseBusyError(name));
            query.cancel();
          }, env.DATABASE_POOL_WAIT_MS);
          originalThen(
            (value: unknown) => {
              clearTimeout(timer);
              observe(name, startedAt, "ok");
              resolve(value);
            },
            (reason: unknown) => {
              clearTimeout(timer);
              observe(name, startedAt, "error");
              reject(reason);
            },
          );
        });
        return settled.then(onFulfilled, onRejected);
      };
      return query;
    },
    get(target, property, receiver) {
      if (property !== "begin") return Reflect.get(target, property, receiver);
      const begin = Reflect.get(target, property, receiver) as Begin;
      // A transaction that waits too long for its connection gives up; if the connection comes
      // later, the work is refused there and rolled back, so nothing runs after the caller's 503.
      return (...args: unknown[]) => {
        const work = args.pop() as (tx: unknown) => unknown;
        let gaveUp = false;
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            gaveUp = true;
            reject(new DatabaseBusyError("begin"));
          }, env.DATABASE_POOL_WAIT_MS);
        });
        const transaction = begin.call(target, ...args, (tx: unknown) => {
          clearTimeout(timer);
          if (gaveUp) throw new DatabaseBusyError("begin");
          return work(tx);
        });
        transaction.catch(() => {});
        return Promise.race([transaction, timedOut]).finally(() => clearTimeout(timer));
      };
    },
  });
}

declare global {
  // One pool per process, even when development reloads the server build.
  var __larderSql: Sql | undefined;
}

export const sql: Sql = (globalThis.__larderSql ??= timed(connect()));
export { isShopError, type ShopError } from "./shop-error";
