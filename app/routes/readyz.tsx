// Readiness: 200 only when the database answers.
import { sql } from "~/db.server";
import { logger } from "~/logger.server";

const TIMEOUT_MS = 2_000;

export async function loader() {
  try {
    await Promise.race([
      sql`select 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref()),
    ]);
    return Response.json({ ready: true, database: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    logger.warn({ err: error }, "readiness check failed");
    return Response.json({ ready: false, database: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
