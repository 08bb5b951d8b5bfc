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

// The open cart of this session, made on first use; a checked-out cart is replaced by a new one.
export async function ensureOpenCart(session: AppSession): Promise<string> {
  const cartId = session.get("cartId");
  if (cartId) {
    const [open] = await sql`select 1 from carts where id = ${cartId} and checked_out_at is null`;
    if (open) return cartId;
  }
  const [cart] = await sql<{ id: string }[]>`insert into carts default values returning id`;
  session.set("cartId", cart.id);
  return cart.id;
}

export async function addToCart(cartId: string, variantId: number, quantity: number) {
  await sql`select cart_add_item(${cartId}, ${variantId}, ${quantity})`;
}

export async function setCartQuantity(cartId: string, variantId: number, quantity: number) {
  await sql`select cart_set_quantity(${cartId}, ${variantId}, ${quantity})`;
}

export async function removeFromCart(cartId: string, variantId: number) {
  await sql`select cart_remove_item(${cartId}, ${variantId})`;
}
