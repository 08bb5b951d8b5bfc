// "Order again": a signed-in customer's past order back into their cart (reorder_into_cart), with
// the one notice that says what went in and what could not, and why.
import { sql } from "~/lib/db.server";
import type { AppSession } from "~/lib/session.server";

export interface Reordered {
  orderNumber: number;
  added: string[];
  notAdded: string[];
}

/** Puts order `orderNumber`'s items into the session's cart; the order must be the customer's (else LR404). */
export async function orderAgain(session: AppSession, customerId: number, orderNumber: number): Promise<Reordered> {
  const [{ result }] = await sql<{ result: { cart_id: string | null; order_number: number; added: string[]; not_added: string[] } }[]>`
    select reorder_into_cart(${customerId}, ${orderNumber}, ${session.get("cartId") ?? null}::uuid) as result`;
  if (result.cart_id) session.set("cartId", result.cart_id);
  return { orderNumber: result.order_number, added: result.added, notAdded: result.not_added };
}

/** The cart's notice after "Order again". */
export function reorderNotice({ orderNumber, added, notAdded }: Reordered): string {
  const put = added.length
    ? `Added from order #${orderNumber}: ${added.join(", ")}.`
    : `Nothing from order #${orderNumber} could be added to your cart.`;
  return notAdded.length ? `${put} Not added: ${notAdded.join(" ")}` : put;
}
