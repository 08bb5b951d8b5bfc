// Readiness: 200 only when the database answers.
import { sql } from "~/db.server";
import { logger } from "~/logger.server";

export async function loader() {
  try {
    await sql`select 1`;
    return Response.json({ ready: true, database: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    logger.warn({ err: error }, "readiness check failed");
    return Response.json({ ready: false, database: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
