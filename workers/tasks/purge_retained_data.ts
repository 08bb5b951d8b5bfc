// Cron (daily): purges what is kept only for a while — webhook payloads, email and text bodies,
// expired sessions, abandoned carts (purge_retained_data); idempotent.
import type { Task } from "graphile-worker";
import { purgeRetainedData } from "~/privacy/privacy.server";

export const purge_retained_data: Task = async (_payload, helpers) => {
  const purged = await purgeRetainedData();
  helpers.logger.info(`retained data purged: ${JSON.stringify(purged)}`);
};
