// Recomputes one location's local day of sales rollups, queued (job key per location and day) in
// the transaction of an order or refund change that moves a figure; idempotent.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { rollupSalesDay } from "~/insights/rollups.server";

const payloadSchema = z.object({
  location_id: z.number().int().positive(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  request_id: z.string().optional(),
});

export const rollup_sales: Task = async (rawPayload, helpers) => {
  const payload = payloadSchema.parse(rawPayload);
  const written = await rollupSalesDay(payload.location_id, payload.day);
  helpers.logger.info(`sales of location ${payload.location_id} on ${payload.day} rolled up: ${written} row(s)`);
};
