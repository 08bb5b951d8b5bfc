// The Square order that mirrors a Larder order, read from the database: its lines (catalog
// variations by id when the menu comes from Square, so Square's stock follows the sale; otherwise
// name and price) with their modifiers (synced ones by catalog id too), the promo code as one ORDER
// discount, the location's tax as one ORDER tax, the delivery fee or shipping as SUBTOTAL_PHASE
// service charges and the tip as a TOTAL_PHASE one. Square prices it exactly as price_order() did (see README "Pricing and
// rounding"), and both payment paths check that its total is the order's.
import type { Square } from "square";
import { sql } from "~/lib/db.server";

export type MirroredOrder = Omit<Square.Order, "locationId">;

/** 825 basis points → "8.25", 1250 → "12.5", 1000 → "10": Square's percentage strings, exact. */
export function basisPointsToPercentage(bps: number): string {
  const whole = Math.floor(bps / 100);
  const fraction = String(bps % 100).padStart(2, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

interface OrderRow {
  number: number;
  currency: string;
  discountCents: number;
  promoCode: string | null;
  promoKind: "percent" | "fixed" | null;
  promoPercentBps: number | null;
  taxName: string | null;
  taxRateBps: number;
  taxInclusive: boolean;
  deliveryFeeCents: number;
  shippingCents: number;
  tipCents: number;
}

interface LineRow {
  name: string;
  quantity: number;
  unitPriceCents: number;
  squareVariationId: string | null;
  modifiers: { name: string; priceCents: number; squareModifierId: string | null }[];
}

export async function mirroredOrder(orderId: number): Promise<MirroredOrder & { totalCents: number }> {
  const [order] = await sql<(OrderRow & { totalCents: number })[]>`
    select o.number, o.currency, o.discount_cents as "discountCents", o.promo_code as "promoCode",
           p.kind as "promoKind", p.percent_bps as "promoPercentBps", o.tax_name as "taxName",
           o.tax_rate_bps as "taxRateBps", o.tax_inclusive as "taxInclusive",
           o.delivery_fee_cents as "deliveryFeeCents", o.shipping_cents as "shippingCents",
           o.tip_cents as "tipCents", o.total_cents as "totalCents"
      from orders o left join promo_codes p on p.id = o.promo_code_id
     where o.id = ${orderId}`;
  if (!order) throw new Error(`order ${orderId} not found`);
  const lines = await sql<LineRow[]>`
    select i.product_name || ' (' || i.variant_name || ')' as name, i.quantity, i.unit_price_cents as "unitPriceCents",
           v.square_variation_id as "squareVariationId",
           coalesce((select json_agg(json_build_object('name', m.modifier_list_name || ': ' || m.name, 'priceCents', m.price_cents,
                                                       'squareModifierId', md.square_modifier_id)
                                     order by m.sort_order)
                       from order_item_modifiers m left join modifiers md on md.id = m.modifier_id
                      where m.order_item_id = i.id), '[]') as modifiers
      from order_items i left join variants v on v.id = i.variant_id
     where i.order_id = ${orderId} order by i.id`;
  const money = (cents: number) => ({ amount: BigInt(cents), currency: order.currency as Square.Currency });

  const discounts: Square.OrderLineItemDiscount[] = [];
  if (order.discountCents > 0) {
    const name = `Promo ${order.promoCode ?? ""}`.trim();
    discounts.push(
      order.promoKind === "percent" && order.promoPercentBps !== null
        ? { uid: "promo", name, type: "FIXED_PERCENTAGE", percentage: basisPointsToPercentage(order.promoPercentBps), scope: "ORDER" }
        : { uid: "promo", name, type: "FIXED_AMOUNT", amountMoney: money(order.discountCents), scope: "ORDER" },
    );
  }
  const taxes: Square.OrderLineItemTax[] = order.taxRateBps > 0
    ? [{ uid: "tax", name: order.taxName ?? "Tax", type: order.taxInclusive ? "INCLUSIVE" : "ADDITIVE", percentage: basisPointsToPercentage(order.taxRateBps), scope: "ORDER" }]
    : [];
  const serviceCharges: Square.OrderServiceCharge[] = [];
  const charge = (uid: string, name: string, cents: number, phase: Square.OrderServiceChargeCalculationPhase) => {
    if (cents > 0) serviceCharges.push({ uid, name, amountMoney: money(cents), calculationPhase: phase, taxable: false });
  };
  charge("delivery", "Delivery fee", order.deliveryFeeCents, "SUBTOTAL_PHASE");
  charge("shipping", "Shipping", order.shippingCents, "SUBTOTAL_PHASE");
  charge("tip", "Tip", order.tipCents, "TOTAL_PHASE");

  return {
    referenceId: `larder-${order.number}`,
    lineItems: lines.map((line) => ({
      quantity: String(line.quantity),
      // A variation synced from Square is sold by its id (Square's catalog has the same price, and
      // Square's stock count follows the sale); anything else as a named line at our price.
      ...(line.squareVariationId
        ? { catalogObjectId: line.squareVariationId }
        : { name: line.name, basePriceMoney: money(line.unitPriceCents) }),
      ...(line.modifiers.length
        ? {
            // A modifier synced from Square goes by its catalog id (Square's reports name it, and
            // its own name comes from the catalog), at the price the customer was charged, which
            // overrides the catalog's; one of Larder's own goes by name.
            modifiers: line.modifiers.map((modifier) => modifier.squareModifierId
              ? { catalogObjectId: modifier.squareModifierId, basePriceMoney: money(modifier.priceCents) }
              : { name: modifier.name, basePriceMoney: money(modifier.priceCents) }),
          }
        : {}),
    })),
    ...(discounts.length ? { discounts } : {}),
    ...(taxes.length ? { taxes } : {}),
    ...(serviceCharges.length ? { serviceCharges } : {}),
    totalCents: order.totalCents,
  };
}
