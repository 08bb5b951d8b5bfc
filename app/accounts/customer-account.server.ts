// A signed-in customer's account: what they saved (name, phone, delivery address, consents), their
// orders, and what checkout fills in for them. The account is the shop's customer record for their
// email (customers) with customer_accounts beside it.
import { sql } from "~/lib/db.server";
import type { OrderState } from "~/ordering/orders.server";
import { signedInCustomerId } from "./customer-session.server";

export interface CustomerAccount {
  customerId: number;
  email: string;
  name: string;
  phone: string;
  addressLine1: string;
  addressLine2: string;
  addressCity: string;
  addressRegion: string;
  addressPostalCode: string;
  marketingConsentAt: Date | null;
  smsConsentAt: Date | null;
}

export interface AccountOrder {
  number: number;
  publicToken: string;
  placedAt: Date;
  state: OrderState;
  fulfillment: "pickup" | "delivery" | "shipping";
  payAtPickup: boolean;
  paidAt: Date | null;
  totalCents: number;
  currency: string;
  timeZone: string;
  items: string;
}

export async function getCustomerAccount(customerId: number): Promise<CustomerAccount | null> {
  const [account] = await sql<CustomerAccount[]>`
    select a.customer_id as "customerId", c.email, a.name, a.phone,
           coalesce(a.address_line1, '') as "addressLine1", coalesce(a.address_line2, '') as "addressLine2",
           coalesce(a.address_city, '') as "addressCity", coalesce(a.address_region, '') as "addressRegion",
           coalesce(a.address_postal_code, '') as "addressPostalCode",
           a.marketing_consent_at as "marketingConsentAt", a.sms_consent_at as "smsConsentAt"
      from customer_accounts a join customers c on c.id = a.customer_id
     where a.customer_id = ${customerId}`;
  return account ?? null;
}

/** The customer's orders, newest first, each with its items in a line. */
export function customerOrders(customerId: number): Promise<AccountOrder[]> {
  return sql<AccountOrder[]>`
    select o.number, o.public_token as "publicToken", o.created_at as "placedAt", o.state, o.fulfillment,
           o.pay_at_pickup as "payAtPickup", o.paid_at as "paidAt", o.total_cents as "totalCents", o.currency,
           l.timezone as "timeZone",
           coalesce((select string_agg(i.quantity || ' × ' || i.product_name || ' (' || i.variant_name || ')', ', ' order by i.id)
                       from order_items i where i.order_id = o.id), '') as items
      from orders o join locations l on l.id = o.location_id
     where o.customer_id = ${customerId}
     order by o.created_at desc, o.number desc
     limit 100`;
}

export interface AccountChanges {
  name: string;
  phone: string;
  address: { line1: string; line2: string; city: string; region: string; postalCode: string };
  marketingConsent: boolean;
  smsConsent: boolean;
}

export async function saveCustomerAccount(customerId: number, changes: AccountChanges): Promise<void> {
  await sql`
    select update_customer_account(${customerId}, ${changes.name}, ${changes.phone}, ${sql.json(changes.address)},
                                   ${changes.marketingConsent}, ${changes.smsConsent})`;
}

/** Checkout's starting values for a signed-in customer (the form's field names); {} for a guest. */
export async function checkoutPrefill(request: Request): Promise<Record<string, string>> {
  const customerId = await signedInCustomerId(request);
  const account = customerId === null ? null : await getCustomerAccount(customerId);
  if (!account) return {};
  const filled = {
    name: account.name, email: account.email, phone: account.phone,
    addressLine1: account.addressLine1, addressLine2: account.addressLine2, addressCity: account.addressCity,
    addressRegion: account.addressRegion, addressPostalCode: account.addressPostalCode,
    // The box stays the customer's choice at each checkout; the account only remembers it.
    smsConsent: account.smsConsentAt && account.phone ? "on" : "",
  };
  return Object.fromEntries(Object.entries(filled).filter(([, value]) => value !== ""));
}
