// Sends one refund to Square; the refund row's id is the idempotency key, so retries are safe.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { logger } from "~/lib/logger.server";
import { sendRefund } from "~/payments/refunds.server";

const payloadSchema = z.object({ refund_id: z.string().uuid(), request_id: z.string().optional() });

export const refund_payment: Task = async (rawPayload, helpers) => {
  const payload = payloadSchema.parse(rawPayload);
  const outcome = await sendRefund(payload.refund_id, payload.request_id);
  logger.info({ task: "refund_payment", jobId: helpers.job.id, refundId: payload.refund_id, requestId: payload.request_id, outcome }, "refund sent");
};
