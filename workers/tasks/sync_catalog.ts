// Syncs the menu from Square's catalog and stock (app/catalog/catalog-sync.server.ts): a full sync, or the
// changes since the latest_time Square gave last time. Queued by the hourly cron, by
// catalog.version.updated webhooks and by an owner's "Sync now"; does nothing unless the menu's
// source is Square. A failure is recorded on its run and retried by graphile-worker.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { runCatalogSync } from "~/catalog/catalog-sync.server";

const payloadSchema = z.object({
  mode: z.enum(["full", "incremental"]),
  trigger: z.enum(["cron", "webhook", "admin"]),
  request_id: z.string().optional(),
});

export const sync_catalog: Task = async (rawPayload) => {
  const payload = payloadSchema.parse(rawPayload);
  await runCatalogSync({ mode: payload.mode, trigger: payload.trigger, requestId: payload.request_id });
};
