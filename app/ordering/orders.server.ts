// Reading orders: the customer's status page (by public token) and the admin's lists and details.
import { sql } from "~/lib/db.server";
import type { OrderMoney } from "./order-money";

export type OrderState =
  | "pending_payment" | "paid" | "preparing" | "ready" | "out_for_delivery"
  | "completed" | "cancelled" | "refunded" | "partially_refunded";

export interface OrderItem {
  id: number;
  productName: string;
  variantName: string;
  /** The variant's price plus its modifiers', for one. */
  unitPriceCents: number;
  quantity: number;
  lineTotalCents: number;
  modifiers: { list: string; name: string; priceCents: number }[];
  /** The customer's note for the kitchen on this item ("no onions"); "" for none. */
  note: string;
}

export interface OrderSummary extends OrderMoney {
  id: number;
  number: number;
  publicToken: string;
  state: OrderState;
  customerName: string;
  /** Null for a walk-in customer who gave none. */
  customerEmail: string | null;
  customerPhone: string;
  /** How the order came in: online, or taken by staff by phone or in person. */
  source: "online" | "phone" | "walk_in";
  /** Taken by staff and paid at the counter when collected (owing while paidAt is null). */
  payAtPickup: boolean;
  fulfillment: "pickup" | "delivery" | "shipping";
  pickupAt: string | null;
  deliveryAt: string | null;
  shipOn: string | null;
  address: { line1: string; line2: string | null; city: string | null; region: string | null; postalCode: string } | null;
  deliveryZoneName: string | null;
  createdAt: string;
  paidAt: string | null;
  /** When the kitchen accepted it (by hand or automatically); null while it is new. */
  acceptedAt: string | null;
  /** Minutes the kitchen pushed the promised time back. */
  delayMinutes: number;
  /** The slot or window start plus the delay (promised_at in SQL); null for shipping. */
  promisedAt: string | null;
  deliveryWindowMinutes: number;
  /** Shipping: the carrier and tracking number staff gave when it shipped, or later; null if none. */
  shipmentCarrier: string | null;
  trackingNumber: string | null;
  locationName: string;
  locationAddress: string;
  timezone: string;
  /** The customer's note for the kitchen; null when they wrote none. */
  customerNote: string | null;
  /** When the customer agreed to texts about this order, and the number (E.164) they go to. */
  smsConsentAt: string | null;
  smsPhone: string | null;
}

const summaryColumns = sql`
  o.id, o.number, o.public_token as "publicToken", o.state, o.customer_name as "customerName",
  o.customer_email as "customerEmail", o.customer_phone as "customerPhone", o.fulfillment,
  o.source, o.pay_at_pickup as "payAtPickup",
  o.pickup_at as "pickupAt", o.delivery_at as "deliveryAt", o.ship_on::text as "shipOn",
  case when o.address_line1 is not null then json_build_object(
    'line1', o.address_line1, 'line2', o.address_line2, 'city', o.address_city, 'region', o.address_region,
    'postalCode', o.address_postal_code) end as address,
  (select z.name from delivery_zones z where z.id = o.delivery_zone_id) as "deliveryZoneName",
  o.currency, o.subtotal_cents as "subtotalCents", o.discount_cents as "discountCents", o.promo_code as "promoCode",
  o.tax_name as "taxName", o.tax_rate_bps as "taxRateBps", o.tax_inclusive as "taxInclusive", o.tax_cents as "taxCents",
  o.delivery_fee_cents as "deliveryFeeCents", o.shipping_cents as "shippingCents", o.tip_cents as "tipCents",
  o.total_cents as "totalCents",
  o.created_at as "createdAt", o.paid_at as "paidAt",
  o.accepted_at as "acceptedAt", o.delay_minutes as "delayMinutes", promised_at(o) as "promisedAt",
  l.delivery_window_minutes as "deliveryWindowMinutes",
  o.shipment_carrier as "shipmentCarrier", o.tracking_number as "trackingNumber",
  l.name as "locationName", l.address as "locationAddress", l.timezone,
  o.customer_note as "customerNote", o.sms_consent_at as "smsConsentAt", o.sms_phone as "smsPhone"`;

function getItems(orderId: number) {
  return sql<OrderItem[]>`
    select i.id, i.product_name as "productName", i.variant_name as "variantName",
           i.unit_price_cents + i.modifiers_cents as "unitPriceCents", i.quantity, i.line_total_cents as "lineTotalCents", i.note,
           coalesce((select json_agg(json_build_object('list', m.modifier_list_name, 'name', m.name, 'priceCents', m.price_cents)
                                     order by m.sort_order)
                       from order_item_modifiers m where m.order_item_id = i.id), '[]') as modifiers
      from order_items i where i.order_id = ${orderId} order by i.id`;
}

export interface CustomerOrderView extends OrderSummary {
  items: OrderItem[];
  lastPaymentFailure: string | null;
  /** A card payment was sent and its outcome is not known yet. */
  paymentInFlight: boolean;
  /**
   * The latest attempt is a payment link that can still be paid: "pending" (Square has not reported a
   * payment on it) or "failed" (a card was declined on it; it stays payable); null otherwise.
   */
  paymentLink: "pending" | "failed" | null;
  /** Square priced this order differently from Larder: it is paid through hosted checkout only (payments.server). */
  hostedCheckoutOnly: boolean;
}

export async function getOrderForCustomer(publicToken: string): Promise<CustomerOrderView | null> {
  // Tokens are base64url (43 characters); anything else names no order, and must not reach the query.
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(publicToken)) return null;
  const [order] = await sql<OrderSummary[]>`
    select ${summaryColumns} from orders o join locations l on l.id = o.location_id
     where o.public_token = ${publicToken}`;
  if (!order) return null;
  const [latest] = await sql<{ status: string; method: string; errorMessage: string | null; hostedCheckoutOnly: boolean; linkUsable: boolean }[]>`
    select status, method, error_message as "errorMessage",
           (checkout_url is not null and payment_link_deleted_at is null) as "linkUsable",
           exists (select 1 from payment_attempts p where p.order_id = a.order_id and p.error_code = 'PRICE_MISMATCH') as "hostedCheckoutOnly"
      from payment_attempts a
     where order_id = ${order.id} order by updated_at desc limit 1`;
  return {
    ...order,
    items: await getItems(order.id),
    lastPaymentFailure: latest?.status === "failed" ? latest.errorMessage : null,
    paymentInFlight: latest?.method === "card" && (latest.status === "unknown" || latest.status === "pending"),
    paymentLink: latest?.method === "payment_link" && latest.linkUsable && (latest.status === "pending" || latest.status === "failed") ? latest.status : null,
    hostedCheckoutOnly: latest?.hostedCheckoutOnly ?? false,
  };
}

/** An order with its lines, by id (emails and jobs). */
export async function getOrderWithItems(orderId: number): Promise<(OrderSummary & { items: OrderItem[] }) | null> {
  const [order] = await sql<OrderSummary[]>`
    select ${summaryColumns} from orders o join locations l on l.id = o.location_id where o.id = ${orderId}`;
  return order ? { ...order, items: await getItems(order.id) } : null;
}

export async function listOrders({ limit = 50, before }: { limit?: number; before?: number } = {}) {
  return sql<OrderSummary[]>`
    select ${summaryColumns} from orders o join locations l on l.id = o.location_id
     where ${before ? sql`o.number < ${before}` : sql`true`}
     order by o.created_at desc, o.id desc
     limit ${limit}`;
}

export interface AdminOrderView extends OrderSummary {
  items: OrderItem[];
  payments: { squarePaymentId: string; status: string; amountCents: number; currency: string; cardBrand: string | null; cardLast4: string | null; createdAt: string }[];
  /** Paid in the shop (cash or the shop's own card reader), and who took it. */
  counterPayment: { method: "cash" | "card_present"; amountCents: number; recordedBy: string; recordedAt: string } | null;
  attempts: { id: string; method: string; status: string; amountCents: number; errorMessage: string | null; squarePaymentLinkId: string | null; createdAt: string }[];
  events: { id: number; type: string; fromState: string | null; toState: string | null; message: string; createdAt: string; by: string | null }[];
  /** What the customer was sent about this order, and whether it went. */
  notifications: { id: number; channel: "email" | "text"; template: string; toAddress: string; status: string; lastError: string | null; createdAt: string; sentAt: string | null }[];
}

export async function getOrderForAdmin(number: number): Promise<AdminOrderView | null> {
  const [order] = await sql<OrderSummary[]>`
    select ${summaryColumns} from orders o join locations l on l.id = o.location_id where o.number = ${number}`;
  if (!order) return null;
  const [items, payments, [counterPayment], attempts, events, notifications] = await Promise.all([
    getItems(order.id),
    sql<AdminOrderView["payments"]>`
      select square_payment_id as "squarePaymentId", status, amount_cents as "amountCents", currency,
             card_brand as "cardBrand", card_last4 as "cardLast4", created_at as "createdAt"
        from payments where order_id = ${order.id} order by created_at`,
    sql<NonNullable<AdminOrderView["counterPayment"]>[]>`
      select c.method, c.amount_cents as "amountCents", coalesce(nullif(a.name, ''), a.email) as "recordedBy", c.recorded_at as "recordedAt"
        from counter_payments c join admin_users a on a.id = c.recorded_by where c.order_id = ${order.id}`,
    sql<AdminOrderView["attempts"]>`
      select id, method, status, amount_cents as "amountCents", error_message as "errorMessage",
             square_payment_link_id as "squarePaymentLinkId", created_at as "createdAt"
        from payment_attempts where order_id = ${order.id} order by created_at`,
    sql<AdminOrderView["events"]>`
      select e.id, e.type, e.from_state as "fromState", e.to_state as "toState", e.message, e.created_at as "createdAt",
             coalesce(nullif(a.name, ''), a.email) as by
        from order_events e left join admin_users a on a.id = e.admin_user_id
       where e.order_id = ${order.id} order by e.id`,
    sql<AdminOrderView["notifications"]>`
      select id, 'email' as channel, template, to_address as "toAddress", status, last_error as "lastError",
             created_at as "createdAt", sent_at as "sentAt"
        from email_outbox where order_id = ${order.id}
      union all
      select id, 'text' as channel, template, to_number as "toAddress", status, last_error as "lastError",
             created_at as "createdAt", sent_at as "sentAt"
        from sms_outbox where order_id = ${order.id}
      order by "createdAt", channel, id`,
  ]);
  return { ...order, items, payments, counterPayment: counterPayment ?? null, attempts, events, notifications };
}
