// Orders staff take for a customer, by phone or at the counter: the same place_order as the
// storefront (slots, capacity, stock, prices), named as taken by that member of staff, then paid at
// pickup (record_counter_payment when the customer pays) or through a Square payment link emailed
// to the customer and settled by the webhook path like any online payment. Each change is one
// transaction with its audit row.
import { sql } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { metrics } from "~/lib/metrics.server";
import { tagTransaction } from "~/lib/request-context.server";
import { isShopError, type ShopError } from "~/lib/shop-error";
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { checkoutUrlForOrder } from "~/payments/payments.server";
import type { Address } from "./checkout.server";

export type StaffPayment = "pay_at_pickup" | "payment_link";
export type CounterPaymentMethod = "cash" | "card_present";

export interface StaffOrderInput {
  cartId: string;
  checkoutKey: string;
  locationId: number;
  name: string;
  email: string | null;
  phone: string;
  source: "phone" | "walk_in";
  fulfillment: "pickup" | "delivery";
  slotAt: string;
  address: Address | null;
  payment: StaffPayment;
  customerNote: string | null;
  /** The customer agreed, on the phone or at the counter, to be texted about this order. */
  smsConsent: boolean;
}

export async function takeStaffOrder(input: StaffOrderInput, audit: AuditContext): Promise<{ orderId: number; number: number; alreadyPlaced: boolean }> {
  const placed = await sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const [placedRow] = await tx<{ orderId: number; alreadyPlaced: boolean }[]>`
      select order_id as "orderId", already_placed as "alreadyPlaced"
        from place_order(${input.cartId}, ${input.checkoutKey}, ${input.locationId}, ${input.name}, ${input.email ?? ""},
                         ${input.phone}, ${input.slotAt}, ${input.fulfillment}, null,
                         ${input.address ? tx.json({ ...input.address }) : null}, null, null, null,
                         ${input.customerNote}, ${input.smsConsent}, p_source => ${input.source}, p_placed_by => ${audit.admin.id}::bigint,
                         p_pay_at_pickup => ${input.payment === "pay_at_pickup"})`;
    // A separate statement: the order place_order made is not in the snapshot of the one that called it.
    const [{ number }] = await tx<{ number: number }[]>`select number from orders where id = ${placedRow.orderId}`;
    const row = { ...placedRow, number };
    if (!row.alreadyPlaced) {
      await recordAudit(tx, audit, {
        action: "order.take",
        subjectType: "order",
        subjectId: row.orderId,
        after: { source: input.source, fulfillment: input.fulfillment, payment: input.payment },
      });
    }
    return row;
  });
  if (!placed.alreadyPlaced) metrics.ordersPlaced.inc();
  return placed;
}

const NO_LINK = "Square could not make the payment link just now. The order is saved: send the link again from its page in a minute.";

/** Makes (or reuses) the order's Square payment link and emails it; a refusal says why nothing was sent. */
export async function sendPaymentLink(orderId: number, shopOrigin: string, audit: AuditContext): Promise<ShopError | null> {
  try {
    await checkoutUrlForOrder(orderId, shopOrigin);
  } catch (error) {
    const refusal = isShopError(error);
    if (refusal) return refusal;
    logger.error({ err: error, requestId: audit.requestId, orderId }, "could not make a payment link");
    return { status: 503, message: NO_LINK };
  }
  await sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    await tx`select send_payment_link(${orderId}, ${audit.admin.id})`;
    await recordAudit(tx, audit, { action: "order.payment_link", subjectType: "order", subjectId: orderId });
  });
  return null;
}

/** A cart holding the unpaid order's items as they are, for staff to correct (nothing is held yet). */
export async function startRevision(orderId: number): Promise<string> {
  const [{ cartId }] = await sql<{ cartId: string }[]>`select order_revision_cart(${orderId}) as "cartId"`;
  return cartId;
}

/** The order being changed, and whether the customer was already sent a payment link for it. */
export async function revisionTarget(number: number): Promise<{ id: number; linkSent: boolean } | null> {
  const [order] = await sql<{ id: number; linkSent: boolean }[]>`
    select id, exists (select 1 from order_events e where e.order_id = o.id and e.type = 'payment_link_sent') as "linkSent"
      from orders o where number = ${number}`;
  return order ?? null;
}

/** Saves the corrected items: stock, prices and payment links follow (revise_unpaid_order). */
export async function reviseOrder(orderId: number, cartId: string, audit: AuditContext): Promise<{ totalCents: number; currency: string }> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const [before] = await tx<{ totalCents: number }[]>`select total_cents as "totalCents" from orders where id = ${orderId}`;
    await tx`select revise_unpaid_order(${orderId}, ${cartId}, ${audit.admin.id})`;
    const [after] = await tx<{ totalCents: number; currency: string }[]>`select total_cents as "totalCents", currency from orders where id = ${orderId}`;
    await recordAudit(tx, audit, { action: "order.revise", subjectType: "order", subjectId: orderId, before, after: { totalCents: after.totalCents } });
    return after;
  });
}

/** The customer paid in the shop: cash, or a card on the shop's own reader. */
export async function recordCounterPayment(orderId: number, method: CounterPaymentMethod, audit: AuditContext): Promise<void> {
  await sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    await tx`select record_counter_payment(${orderId}, ${method}, ${audit.admin.id})`;
    await recordAudit(tx, audit, { action: "order.counter_payment", subjectType: "order", subjectId: orderId, after: { method } });
  });
}
