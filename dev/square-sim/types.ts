// Square v2 wire shapes (snake_case JSON) for the objects the simulator stores and returns.

/** Integer minor units (cents); the SDK reads these numbers as bigint. */
export interface Money {
  amount: number;
  currency: string;
}

export interface SquareErrorDetail {
  category:
    | "AUTHENTICATION_ERROR"
    | "INVALID_REQUEST_ERROR"
    | "PAYMENT_METHOD_ERROR"
    | "REFUND_ERROR"
    | "RATE_LIMIT_ERROR"
    | "API_ERROR";
  code: string;
  detail: string;
  field?: string;
}

export interface Address {
  address_line_1: string;
  locality: string;
  administrative_district_level_1: string;
  postal_code: string;
  country: string;
}

export interface Location {
  id: string;
  name: string;
  business_name: string;
  status: "ACTIVE";
  type: "PHYSICAL";
  currency: string;
  country: string;
  language_code: string;
  timezone: string;
  address: Address;
  merchant_id: string;
  capabilities: string[];
  created_at: string;
}

export interface OrderLineItem {
  uid: string;
  name: string;
  quantity: string;
  note?: string;
  catalog_object_id?: string;
  variation_name?: string;
  item_type: "ITEM";
  base_price_money: Money;
  modifiers?: { uid: string; catalog_object_id?: string; name: string; quantity: string; base_price_money: Money; total_price_money: Money }[];
  applied_discounts?: { uid: string; discount_uid: string; applied_money: Money }[];
  applied_taxes?: { uid: string; tax_uid: string; applied_money: Money }[];
  variation_total_price_money: Money;
  gross_sales_money: Money;
  total_tax_money: Money;
  total_discount_money: Money;
  total_money: Money;
}

/**
 * How the card reached Square: KEYED for a card typed into a form; CONTACTLESS for a digital wallet's card (Apple Pay,
 * Google Pay), which Square reports as a CARD payment (not `wallet_details`, which is for Cash App and the like).
 */
export type EntryMethod = "KEYED" | "CONTACTLESS";

/** The wallet a card token came from (the simulator's own record: Square's payment only says CARD and its entry method). */
export type DigitalWallet = "APPLE_PAY" | "GOOGLE_PAY";

export interface Tender {
  id: string;
  location_id: string;
  transaction_id: string;
  created_at: string;
  amount_money: Money;
  type: "CARD";
  card_details: { status: "CAPTURED"; card: { card_brand: string; last_4: string }; entry_method: EntryMethod };
  payment_id: string;
}

export interface Order {
  id: string;
  location_id: string;
  reference_id?: string;
  source: { name: string };
  line_items: OrderLineItem[];
  discounts?: { uid: string; name: string; type: string; percentage?: string; amount_money?: Money; applied_money: Money; scope: "ORDER" }[];
  taxes?: { uid: string; name: string; type: string; percentage: string; applied_money: Money; scope: "ORDER" }[];
  service_charges?: {
    uid: string; name: string; amount_money: Money; applied_money: Money; calculation_phase: string;
    taxable: boolean; total_money: Money; total_tax_money: Money;
  }[];
  fulfillments?: unknown[];
  metadata?: Record<string, string>;
  tenders?: Tender[];
  net_amounts: {
    total_money: Money;
    tax_money: Money;
    discount_money: Money;
    tip_money: Money;
    service_charge_money: Money;
  };
  total_money: Money;
  total_tax_money: Money;
  total_discount_money: Money;
  total_tip_money: Money;
  total_service_charge_money: Money;
  net_amount_due_money: Money;
  state: "OPEN" | "COMPLETED" | "CANCELED";
  version: number;
  created_at: string;
  updated_at: string;
  closed_at?: string;
}

export interface CheckoutOptions {
  redirect_url?: string;
  merchant_support_email?: string;
  [option: string]: unknown;
}

export interface PrePopulatedData {
  buyer_email?: string;
  buyer_phone_number?: string;
  [field: string]: unknown;
}

export interface PaymentLink {
  id: string;
  version: number;
  description?: string;
  order_id: string;
  checkout_options?: CheckoutOptions;
  pre_populated_data?: PrePopulatedData;
  payment_note?: string;
  url: string;
  long_url: string;
  created_at: string;
}

export interface CardOnPayment {
  card_brand: "VISA";
  last_4: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  card_type: "CREDIT";
  prepaid_type: "NOT_PREPAID";
  bin: string;
}

export type PaymentStatus = "APPROVED" | "COMPLETED" | "CANCELED" | "FAILED";

export interface Payment {
  id: string;
  created_at: string;
  updated_at: string;
  amount_money: Money;
  total_money: Money;
  approved_money: Money;
  /** Set once a refund of this payment has completed. */
  refunded_money?: Money;
  status: PaymentStatus;
  /** Delayed capture (`autocomplete: false`): what Square does if the payment is neither completed nor canceled. */
  delay_duration?: string;
  delay_action?: "CANCEL";
  delayed_until?: string;
  source_type: "CARD";
  card_details: {
    status: "AUTHORIZED" | "CAPTURED" | "VOIDED" | "FAILED";
    card: CardOnPayment;
    entry_method: EntryMethod;
    cvv_status: "CVV_ACCEPTED" | "CVV_REJECTED" | "CVV_NOT_CHECKED";
    avs_status: "AVS_ACCEPTED" | "AVS_REJECTED" | "AVS_NOT_CHECKED";
    statement_description: string;
    card_payment_timeline: { authorized_at?: string; captured_at?: string; voided_at?: string };
    errors?: SquareErrorDetail[];
  };
  location_id: string;
  order_id: string;
  reference_id?: string;
  customer_id?: string;
  refund_ids?: string[];
  buyer_email_address?: string;
  note?: string;
  receipt_number?: string;
  receipt_url?: string;
  /** Square puts `version` on payments in webhook payloads so receivers can order updates. */
  version: number;
  version_token: string;
}

export type RefundStatus = "PENDING" | "COMPLETED" | "REJECTED" | "FAILED";

export interface PaymentRefund {
  id: string;
  status: RefundStatus;
  location_id: string;
  unlinked: false;
  destination_type: "CARD";
  destination_details: { card_details: { card: CardOnPayment; entry_method: EntryMethod } };
  amount_money: Money;
  payment_id: string;
  order_id: string;
  reason?: string;
  created_at: string;
  updated_at: string;
}

export interface LedgerEntry {
  id: string;
  order_id: string;
  reference_id: string | null;
  amount: number;
  currency: string;
  status: PaymentStatus;
  /** Sum of this payment's COMPLETED refunds (a PENDING refund is not counted yet). */
  refunded_amount: number;
  /** The digital wallet the card came from, or null for a card typed in (or a sandbox nonce). */
  wallet: DigitalWallet | null;
  created_at: string;
}

export interface RefundLedgerEntry {
  id: string;
  payment_id: string;
  order_id: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  reason: string | null;
  created_at: string;
}

/** Square's order.updated payload: a summary, not the order (fetch it with RetrieveOrder). */
export interface OrderUpdated {
  order_id: string;
  version: number;
  location_id: string;
  state: Order["state"];
  created_at: string;
  updated_at: string;
}

/** Square's InventoryCount; the simulator only keeps IN_STOCK. `quantity` is a decimal string. */
export interface InventoryCount {
  catalog_object_id: string;
  catalog_object_type: "ITEM_VARIATION";
  state: "IN_STOCK";
  location_id: string;
  quantity: string;
  calculated_at: string;
}

export type WebhookEventData =
  | { type: "payment"; id: string; object: { payment: Payment } }
  | { type: "order_updated"; id: string; object: { order_updated: OrderUpdated } }
  | { type: "refund"; id: string; object: { refund: PaymentRefund } }
  /** Square names no object: `id` is empty, and only the time of the catalog's new version is given. */
  | { type: "catalog"; id: ""; object: { catalog_version: { updated_at: string } } }
  | { type: "inventory_counts"; id: string; object: { inventory_counts: InventoryCount[] } };

export interface WebhookEvent {
  merchant_id: string;
  type:
    | "payment.created"
    | "payment.updated"
    | "order.updated"
    | "refund.created"
    | "refund.updated"
    | "catalog.version.updated"
    | "inventory.count.updated";
  event_id: string;
  created_at: string;
  data: WebhookEventData;
}
