// The customer's cart: which one belongs to this browser, what is in it, what it costs, and changes
// to it. A line is one variant with one set of modifier choices.
import { sql } from "~/lib/db.server";
import type { ShownImage } from "~/catalog/images";
import { PRODUCT_IMAGE_COLUMNS, PRODUCT_IMAGE_JOINS, productImage, type ProductImageColumns } from "~/catalog/images.server";
import type { AdminSession, AppSession } from "~/lib/session.server";

export interface CartLineModifier {
  id: number;
  list: string;
  name: string;
  priceCents: number;
}

export interface CartLine {
  lineId: number;
  variantId: number;
  productName: string;
  productSlug: string;
  variantName: string;
  modifiers: CartLineModifier[];
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
  currency: string;
  shippable: boolean;
  unavailable: boolean;
  /** The customer's note for the kitchen on this line; "" for none. */
  note: string;
  /** The product's photo, for the cart's and checkout's thumbnails. */
  image: ShownImage | null;
}

/** What the cart costs before the checkout's choices (fulfillment, promo code, tip): from quote_cart(). */
export interface CartTotals {
  subtotalCents: number;
  taxCents: number;
  taxName: string;
  taxRateBps: number;
  taxInclusive: boolean;
  totalCents: number;
}

export interface Cart {
  id: string | null;
  lines: CartLine[];
  itemCount: number;
  subtotalCents: number;
  currency: string;
  totals: CartTotals | null;
}

/** Which cart of the session: the customer's own, or the one staff fill for a phone order. */
export type CartKey = "cartId" | "staffCartId";

/** The customer's cart lives in their session, a phone order's in the admin's. */
type CartSession = { get(key: CartKey): string | undefined; set(key: CartKey, value: string): void };

/** `totals: false` leaves out quote_cart (totals null, subtotalCents 0): for a page that prices the cart itself. */
export function getCart(session: AppSession, key?: "cartId", options?: { totals: boolean }): Promise<Cart>;
export function getCart(session: AdminSession, key: "staffCartId"): Promise<Cart>;
export async function getCart(session: AppSession | AdminSession, key: CartKey = "cartId", options = { totals: true }): Promise<Cart> {
  const cartId = (session as unknown as CartSession).get(key) ?? null;
  const rows = cartId
    ? await sql<(Omit<CartLine, "image"> & ProductImageColumns)[]>`
        select ${sql.unsafe(PRODUCT_IMAGE_COLUMNS)}, cl.line_id as "lineId", cl.variant_id as "variantId", cl.product_name as "productName",
               cl.product_slug as "productSlug", cl.variant_name as "variantName", cl.modifiers,
               cl.quantity, cl.unit_price_cents as "unitPriceCents", cl.line_total_cents as "lineTotalCents",
               cl.currency, cl.shippable, cl.unavailable, cl.note
          from cart_lines cl join carts c on c.id = cl.cart_id join products p on p.id = cl.product_id
          ${sql.unsafe(PRODUCT_IMAGE_JOINS)}
         where cl.cart_id = ${cartId} and c.checked_out_at is null
         order by cl.line_id`
    : [];
  const lines: CartLine[] = rows.map(({ storedImage, imageUrl, squareImageUrl, ...line }) => ({ ...line, image: productImage({ storedImage, imageUrl, squareImageUrl }) }));
  const [totals] = lines.length && options.totals
    ? await sql<CartTotals[]>`
        select subtotal_cents as "subtotalCents", tax_cents as "taxCents", tax_name as "taxName",
               tax_rate_bps as "taxRateBps", tax_inclusive as "taxInclusive", total_cents as "totalCents"
          from quote_cart(${cartId}, shop_location_id())`
    : [];
  return {
    id: cartId,
    lines,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotalCents: totals?.subtotalCents ?? 0,
    currency: lines[0]?.currency ?? "USD",
    totals: totals ?? null,
  };
}

/**
 * How many items the session's open cart holds (the header's "Cart (n)"): getCart's itemCount in
 * one small statement, without the lines' images or the totals (quote_cart), on every page.
 */
export async function cartItemCount(session: AppSession): Promise<number> {
  const cartId = (session as unknown as CartSession).get("cartId") ?? null;
  if (!cartId) return 0;
  const [row] = await sql<{ items: number }[]>`
    select coalesce(sum(cl.quantity), 0)::int as items
      from cart_lines cl join carts c on c.id = cl.cart_id
     where cl.cart_id = ${cartId} and c.checked_out_at is null`;
  return row?.items ?? 0;
}

// Adds to this session's open cart, making the cart in the same transaction when there is none
// (or the last one was checked out), so a refused add leaves nothing behind.
/**
 * `note` is the customer's note for the kitchen on this line ("no onions"; at most 140 characters).
 * `countsInFunnel`: false for a bot's request (insights/funnel-visitor.server), whose new cart is not counted.
 */
export function addToCart(session: AppSession, variantId: number, quantity: number, modifierIds?: number[], key?: "cartId", note?: string, countsInFunnel?: boolean): Promise<void>;
export function addToCart(session: AdminSession, variantId: number, quantity: number, modifierIds: number[], key: "staffCartId", note?: string): Promise<void>;
export async function addToCart(session: AppSession | AdminSession, variantId: number, quantity: number, modifierIds: number[] = [], key: CartKey = "cartId", note = "", countsInFunnel = true) {
  const holder = session as unknown as CartSession;
  const current = holder.get(key) ?? null;
  const cartId = await sql.begin(async (tx) => {
    const [open] = current ? await tx`select id from carts where id = ${current} and checked_out_at is null` : [];
    // A customer's new cart is the funnel's first step (start_cart counts it); staff carts are not.
    const [cart] = open ? [open]
      : key === "cartId" ? await tx<{ id: string }[]>`select start_cart(${countsInFunnel}) as id`
      : await tx<{ id: string }[]>`insert into carts default values returning id`;
    await tx`select cart_add_item(${cart.id}, ${variantId}, ${quantity}, ${modifierIds}::bigint[], ${note})`;
    return cart.id as string;
  });
  holder.set(key, cartId);
}

export async function setCartQuantity(cartId: string, lineId: number, quantity: number) {
  await sql`select cart_set_quantity(${cartId}, ${lineId}, ${quantity})`;
}

export async function removeFromCart(cartId: string, lineId: number) {
  await sql`select cart_remove_item(${cartId}, ${lineId})`;
}

/** The checkout page opened for this cart: the funnel's second step, counted once per cart. */
export async function startCheckout(cartId: string): Promise<void> {
  await sql`select start_checkout(${cartId})`;
}
