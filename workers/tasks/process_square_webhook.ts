// Applies a stored Square webhook: re-fetches the object from Square, then records the outcome and
// its effect in one transaction. Safe to run any number of times for the same event.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { sql } from "~/db.server";
import { logger } from "~/logger.server";
import { applySquarePayment } from "~/payments.server";
import { getPayment } from "~/square.server";

const payloadSchema = z.object({ webhook_event_id: z.number().int().positive(), request_id: z.string().optional() });

const paymentEventTypes = new Set(["payment.created", "payment.updated"]);

interface StoredEvent {
  id: number;
  type: string;
  state: string;
  payload: { data?: { id?: string } };
}

async function finish(eventId: number, state: "processed" | "ignored", note: string | null) {
  await sql`
    update webhook_events
       set state = ${state}, processed_at = now(), attempts = attempts + 1, last_error = ${note}
     where id = ${eventId}`;
}

export const process_square_webhook: Task = async (rawPayload, helpers) => {
  const payload = payloadSchema.parse(rawPayload);
  const log = logger.child({ task: "process_square_webhook", jobId: helpers.job.id, requestId: payload.request_id, webhookEventId: payload.webhook_event_id });
  const [event] = await sql<StoredEvent[]>`
    select id, type, state, payload from webhook_events where id = ${payload.webhook_event_id}`;
  if (!event || event.state === "processed" || event.state === "ignored") return;

  try {
    if (!paymentEventTypes.has(event.type)) {
      await finish(event.id, "ignored", `event type ${event.type} is not handled`);
      return;
    }
    const paymentId = event.payload.data?.id;
    const payment = paymentId ? await getPayment(paymentId) : null;
    if (!payment) {
      await finish(event.id, "ignored", `payment ${paymentId ?? "(none)"} not found at Square`);
      return;
    }
    const outcome = await sql.begin(async (tx) => {
      const outcome = await applySquarePayment(tx, payment);
      const state = outcome === "unknown_payment" ? "ignored" : "processed";
      await tx`
        update webhook_events
           set state = ${state}, processed_at = now(), attempts = attempts + 1,
               last_error = ${state === "ignored" ? "payment belongs to no Larder order" : null}
         where id = ${event.id}`;
      return outcome;
    });
    log.info({ outcome, squarePaymentId: payment.id, squareStatus: payment.status }, "square webhook applied");
  } catch (error) {
    // graphile-worker has no dead-letter queue: the inbox row records that this event gave up.
    const exhausted = helpers.job.attempts >= helpers.job.max_attempts;
    await sql`
      update webhook_events
         set state = ${exhausted ? "dead" : "failed"}, attempts = attempts + 1,
             last_error = ${error instanceof Error ? error.message : String(error)}
       where id = ${event.id}`;
    log.error({ err: error, exhausted }, "square webhook processing failed");
    throw error;
  }
};
