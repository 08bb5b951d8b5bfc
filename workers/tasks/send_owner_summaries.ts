// Cron (hourly): queues the owners' daily and weekly summary emails that are due
// (queue_owner_summaries: once per owner and period, so a repeated run sends nothing twice).
import type { Task } from "graphile-worker";
import { queueOwnerSummaries } from "~/insights/summary-emails.server";

export const send_owner_summaries: Task = async (_payload, helpers) => {
  const queued = await queueOwnerSummaries();
  if (queued > 0) helpers.logger.info(`${queued} owner summary email(s) queued`);
};
