// Readiness: 200 only when the database answers and has every migration this code expects, so a
// process started against an older schema takes no traffic.
import { isStopping } from "~/lib/lifecycle.server";
import { logger } from "~/lib/logger.server";
import { pendingMigrations } from "~/ops/schema-version.server";

const TIMEOUT_MS = 2_000;
const headers = { "Cache-Control": "no-store" };

export async function loader() {
  if (isStopping()) return Response.json({ ready: false, stopping: true }, { status: 503, headers });
  let pending: string[];
  try {
    pending = await Promise.race([
      pendingMigrations(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref()),
    ]);
  } catch (error) {
    logger.warn({ err: error }, "readiness check failed");
    return Response.json({ ready: false, database: "unreachable" }, { status: 503, headers });
  }
  if (pending.length > 0) {
    return Response.json({ ready: false, database: "ok", pendingMigrations: pending }, { status: 503, headers });
  }
  return Response.json({ ready: true, database: "ok", migrations: "current" }, { headers });
}
