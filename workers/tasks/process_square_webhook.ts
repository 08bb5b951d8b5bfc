// Applies a stored Square webhook: drops what is not Larder's (another location, an in-store sale)
// from the body alone, else re-fetches the object from Square (never trusting the body alone), then
// records the effect and the inbox row's outcome. Safe to run any number of times.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { getCatalogSource } from "~/catalog/catalog-source.server";
import { requestCatalogSync } from "~/catalog/catalog-sync.server";
import { refreshInventory } from "~/catalog/catalog-sync-inventory.server";
import { sql } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { metrics } from "~/lib/metrics.server";
import { applySquarePayment } from "~/payments/payments.server";
import { attemptsForSquareOrder, settleAttempt } from "~/payments/reconciliation.server";
import { applySquareRefund } from "~/payments/refunds.server";
import { tagTransaction } from "~/lib/request-context.server";
import { getPayment, getRefund } from "~/payments/square-payments.server";

const payloadSchema = z.object({ webhook_event_id: z.number().int().positive(), request_id: z.string().optional() });

interface SquareObjectSummary {
  id?: unknown;
  order_id?: unknown;
  payment_id?: unknown;
  location_id?: unknown;
  reference_id?: unknown;
}

interface StoredEvent {
  id: number;
  type: string;
  state: string;
  payload: {
    data?: {
      id?: string;
      object?: {
        inventory_counts?: { catalog_object_id?: unknown }[];
        payment?: SquareObjectSummary;
        refund?: SquareObjectSummary;
        order_updated?: SquareObjectSummary;
      };
    };
  };
}

interface Handled {
  state: "processed" | "ignored";
  outcome: string;
}

const ignored = (outcome: string): Handled => ({ state: "ignored", outcome });

async function handlePayment(paymentId: string, requestId?: string): Promise<Handled> {
  const payment = await getPayment(paymentId);
  if (!payment) return ignored(`payment ${paymentId} not found at Square`);
  const outcome = await sql.begin(async (tx) => {
    await tagTransaction(tx, requestId);
    return applySquarePayment(tx, payment);
  });
  return outcome === "unknown_payment" ? ignored("payment belongs to no Larder order") : { state: "processed", outcome };
}

async function handleRefund(refundId: string, requestId?: string): Promise<Handled> {
  const refund = await getRefund(refundId);
  if (!refund) return ignored(`refund ${refundId} not found at Square`);
  const outcome = await applySquareRefund(null, refund, requestId);
  return outcome === "unknown_refund" ? ignored("refund was not made by Larder") : { state: "processed", outcome };
}

async function handleOrderUpdated(squareOrderId: string): Promise<Handled> {
  const attempts = await attemptsForSquareOrder(squareOrderId);
  if (attempts.length === 0) return ignored("Square order belongs to no Larder order");
  const outcomes: string[] = [];
  for (const attempt of attempts) outcomes.push(...(await settleAttempt(attempt)));
  return { state: "processed", outcome: outcomes.join(",") || "no_payments" };
}

/** The catalog changed: fetch what changed since the last sync (the event itself names nothing). */
async function handleCatalogVersionUpdated(_event: StoredEvent, requestId?: string): Promise<Handled> {
  if ((await getCatalogSource()) !== "square") return ignored("the menu's source is not Square");
  await requestCatalogSync("incremental", "webhook", requestId);
  return { state: "processed", outcome: "catalog sync queued" };
}

/** Stock changed: re-read those variations' counts from Square (the event's quantities may be stale). */
async function handleInventoryCountUpdated(event: StoredEvent, requestId?: string): Promise<Handled> {
  if ((await getCatalogSource()) !== "square") return ignored("the menu's source is not Square");
  const ids = [
    ...new Set(
      (event.payload.data?.object?.inventory_counts ?? []).flatMap((count) =>
        typeof count.catalog_object_id === "string" && count.catalog_object_id ? [count.catalog_object_id] : [],
      ),
    ),
  ];
  if (ids.length === 0) return ignored("event names no inventory counts");
  const applied = await refreshInventory({ variationIds: ids, requestId });
  return applied === 0 ? ignored("no variation here is tracked at a linked location") : { state: "processed", outcome: `${applied} count(s) applied` };
}

const text = (value: unknown) => (typeof value === "string" && value ? value : null);

/**
 * Every in-store sale at the shop's Square location sends payment, refund and order webhooks too.
 * Read from the stored body alone (no Square call): an object at another location, or one that names
 * no Square order, payment or refund Larder made (and whose reference id is not Larder's), is not
 * Larder's and is ignored. Anything that might be Larder's is re-fetched from Square as before.
 */
async function notLarders(event: StoredEvent): Promise<Handled | null> {
  const object = event.payload.data?.object;
  const summary = object?.payment ?? object?.refund ?? object?.order_updated;
  if (!summary) return null;
  const location = text(summary.location_id);
  if (location && location !== env.square.locationId) return ignored(`location ${location} is not Larder's`);
  if (text(summary.reference_id)?.startsWith("larder-")) return null;
  const orderId = text(summary.order_id);
  const paymentId = object?.payment ? text(summary.id) : text(summary.payment_id);
  const refundId = object?.refund ? text(summary.id) : null;
  const [{ ours }] = await sql<{ ours: boolean }[]>`select square_object_is_larders(${paymentId}, ${orderId}, ${refundId}) as ours`;
  return ours ? null : ignored("not a Larder order's (an in-store sale?)");
}

/** Events about the whole catalog or several objects, rather than one object named by `data.id`. */
const eventHandlers: Record<string, (event: StoredEvent, requestId?: string) => Promise<Handled>> = {
  "catalog.version.updated": handleCatalogVersionUpdated,
  "inventory.count.updated": handleInventoryCountUpdated,
};

const handlers: Record<string, (objectId: string, requestId?: string) => Promise<Handled>> = {
  "payment.created": handlePayment,
  "payment.updated": handlePayment,
  "refund.created": handleRefund,
  "refund.updated": handleRefund,
  "order.updated": handleOrderUpdated,
};

export const process_square_webhook: Task = async (rawPayload, helpers) => {
  const payload = payloadSchema.parse(rawPayload);
  const log = logger.child({ task: "process_square_webhook", jobId: helpers.job.id, requestId: payload.request_id, webhookEventId: payload.webhook_event_id });
  const [event] = await sql<StoredEvent[]>`
    select id, type, state, payload from webhook_events where id = ${payload.webhook_event_id}`;
  if (!event || event.state === "processed" || event.state === "ignored") return;

  try {
    const eventHandler = eventHandlers[event.type];
    const handler = handlers[event.type];
    const objectId = event.payload.data?.id;
    const handled = (await notLarders(event)) ?? (eventHandler
      ? await eventHandler(event, payload.request_id)
      : !handler
        ? ignored(`event type ${event.type} is not handled`)
        : !objectId
          ? ignored("event names no object")
          : await handler(objectId, payload.request_id));
    // The effect was committed by the apply function; a crash before this line only means the
    // event is processed again, which changes nothing.
    await sql`
      update webhook_events
         set state = ${handled.state}, processed_at = now(), attempts = attempts + 1,
             last_error = ${handled.state === "ignored" ? handled.outcome : null}
       where id = ${event.id}`;
    metrics.webhooks.inc({ stage: "processed", type: event.type, outcome: handled.state });
    log.info({ type: event.type, outcome: handled.outcome }, "square webhook applied");
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
