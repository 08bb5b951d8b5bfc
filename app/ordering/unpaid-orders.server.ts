// A customer's orders placed in this browser and not paid yet (they left Square's hosted checkout
// with Back, or closed it): the cart and checkout offer to pay each one, or to change it, which
// cancels it (giving its stock, slot and promo code back) and puts its items back in the cart.
import { sql } from "~/lib/db.server";
import { deletePaymentLinks } from "~/payments/reconciliation.server";
import { sessionKeyOf } from "./checkout.server";

export interface UnpaidOrder {
  number: number;
  publicToken: string;
  totalCents: number;
  currency: string;
  /** When its hold on stock, slot and promo code ends (ISO time), in the shop's time zone. */
  heldUntil: string;
  timezone: string;
}

/** This session's orders waiting for payment online, newest first. */
export async function unpaidOrdersOfBrowser(sessionId: string | undefined): Promise<UnpaidOrder[]> {
  const sessionKey = sessionKeyOf(sessionId);
  if (!sessionKey) return [];
  const rows = await sql<(Omit<UnpaidOrder, "heldUntil"> & { heldUntil: Date })[]>`
    select number, public_token as "publicToken", total_cents as "totalCents", currency, held_until as "heldUntil", timezone
      from browser_unpaid_orders(${sessionKey})`;
  return rows.map((row) => ({ ...row, heldUntil: row.heldUntil.toISOString() }));
}

export class PaymentLinksNotDeleted extends Error {
  constructor() {
    super("We couldn't reach our payment provider to close this order's payment page, so it was not changed. Please try again in a minute.");
  }
}

/**
 * Cancels the unpaid order this browser placed and puts its items back in the browser's cart
 * (change_unpaid_order); returns the cart's id. Its payment links at Square are deleted first, so
 * the old total can no longer be paid; if Square cannot be reached nothing changes.
 */
export async function changeUnpaidOrder(sessionId: string | undefined, publicToken: string, cartId: string | undefined): Promise<string> {
  const sessionKey = sessionKeyOf(sessionId);
  const [order] = sessionKey
    ? await sql<{ id: number }[]>`
        select id from orders where public_token = ${publicToken} and session_key = ${sessionKey} and state = 'pending_payment'`
    : [];
  if (order && !(await deletePaymentLinks(order.id))) throw new PaymentLinksNotDeleted();
  // A token this browser did not place reaches the function too, which refuses it (LR404).
  const [{ cartId: restored }] = await sql<{ cartId: string }[]>`
    select change_unpaid_order(${publicToken}, ${sessionKey}, ${cartId ?? null}) as "cartId"`;
  return restored;
}
