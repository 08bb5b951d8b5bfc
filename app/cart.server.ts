// The customer's cart: which one belongs to this browser, what is in it, and changes to it.
import { sql } from "./db.server";
import type { AppSession } from "./session.server";

export interface CartLine {
  variantId: number;
  productName: string;
  productSlug: string;
  variantName: string;
  quantity: number;
  priceCents: number;
  lineTotalCents: number;
  currency: string;
  unavailable: boolean;
}

export interface Cart {
  id: string | null;
  lines: CartLine[];
  itemCount: number;
  subtotalCents: number;
  currency: string;
}

export async function getCart(session: AppSession): Promise<Cart> {
  const cartId = session.get("cartId") ?? null;
  const lines = cartId
    ? await sql<CartLine[]>`
        select cl.variant_id as "variantId", cl.product_name as "productName", cl.product_slug as "productSlug",
               cl.variant_name as "variantName", cl.quantity, cl.price_cents as "priceCents",
               cl.line_total_cents as "lineTotalCents", cl.currency, cl.unavailable
          from cart_lines cl join carts c on c.id = cl.cart_id
         where cl.cart_id = ${cartId} and c.checked_out_at is null
         order by cl.added_at, cl.variant_id`
    : [];
  return {
    id: cartId,
    lines,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
    currency: lines[0]?.currency ?? "USD",
  };
}

// Adds to this session's open cart, making the cart in the same transaction when there is none
// (or the last one was checked out), so a refused add leaves nothing behind.
export async function addToCart(session: AppSession, variantId: number, quantity: number) {
  const current = session.get("cartId") ?? null;
  const cartId = await sql.begin(async (tx) => {
    const [open] = current ? await tx`select id from carts where id = ${current} and checked_out_at is null` : [];
    const [cart] = open ? [open] : await tx<{ id: string }[]>`insert into carts default values returning id`;
    await tx`select cart_add_item(${cart.id}, ${variantId}, ${quantity})`;
    return cart.id as string;
  });
  session.set("cartId", cartId);
}

export async function setCartQuantity(cartId: string, variantId: number, quantity: number) {
  await sql`select cart_set_quantity(${cartId}, ${variantId}, ${quantity})`;
}

export async function removeFromCart(cartId: string, variantId: number) {
  await sql`select cart_remove_item(${cartId}, ${variantId})`;
}
