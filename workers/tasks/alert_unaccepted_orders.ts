// Cron: emails owners about paid orders left unaccepted too long (alert_unaccepted_orders in SQL,
// once per order and owner); idempotent.
import type { Task } from "graphile-worker";
import { sql } from "~/lib/db.server";

export const alert_unaccepted_orders: Task = async (_payload, helpers) => {
  const [{ queued }] = await sql<{ queued: number }[]>`select alert_unaccepted_orders() as queued`;
  if (queued > 0) helpers.logger.info(`${queued} alert(s) about unaccepted orders queued`);
};
