// Customers' privacy requests and the retention of personal data: finding a customer, exporting
// what Larder holds about them, erasing them, and how long what is purged is kept. The rules are the
// SQL functions in db/functions/privacy/ (docs/decisions/009-privacy-export-erasure.md); each call
// here is one of them, in one transaction with its audit row.
import { sql } from "~/lib/db.server";
import type { AuditContext } from "~/ops/audit.server";

/** Whose data a request is about: an email, or (for orders taken without one) a phone number. */
export interface PrivacySubject {
  email: string | null;
  phone: string | null;
}

export interface PrivacySearchResult {
  email: string | null;
  phone: string | null;
  name: string;
  orders: number;
  lastOrderAt: Date | null;
  customerId: number | null;
}

export function searchCustomers(query: string) {
  return sql<PrivacySearchResult[]>`
    select email, phone, name, orders, last_order_at as "lastOrderAt", customer_id as "customerId"
      from customer_privacy_search(${query})`;
}

/** What the customer page shows before an export or erasure: the orders it covers. */
export interface SubjectOrder {
  number: number;
  placedAt: string;
  state: string;
  name: string;
  email: string | null;
  phone: string;
  totalCents: number;
  currency: string;
}

export interface SubjectSummary {
  customers: number;
  orders: SubjectOrder[];
  emails: number;
  texts: number;
  sessions: number;
  webhookEvents: number;
}

interface SummaryRow {
  customers: number;
  orders: { number: number; placed_at: string; state: string; name: string; email: string | null; phone: string; total_cents: number; currency: string }[];
  emails: number;
  texts: number;
  sessions: number;
  webhook_events: number;
}

/** Reads only (no audit row): the export itself is a POST (exportCustomer). */
export async function subjectSummary(subject: PrivacySubject): Promise<SubjectSummary> {
  const [{ summary }] = await sql<{ summary: SummaryRow }[]>`
    select customer_privacy_summary(${subject.email}, ${subject.phone}) as summary`;
  return {
    customers: summary.customers,
    orders: summary.orders.map((order) => ({
      number: order.number, placedAt: order.placed_at, state: order.state, name: order.name, email: order.email,
      phone: order.phone, totalCents: order.total_cents, currency: order.currency,
    })),
    emails: summary.emails,
    texts: summary.texts,
    sessions: summary.sessions,
    webhookEvents: summary.webhook_events,
  };
}

/** Everything Larder holds about the subject, as JSON; the download is audit-logged. */
export async function exportCustomer(subject: PrivacySubject, audit: AuditContext): Promise<unknown> {
  const [{ data }] = await sql<{ data: unknown }[]>`
    select customer_privacy_export(${subject.email}, ${subject.phone}, ${audit.admin.id}, ${audit.requestId}, ${audit.ip}) as data`;
  return data;
}

export interface Erasure {
  order_numbers: number[];
  customers: number;
  emails: number;
  texts: number;
  sessions: number;
  carts: number;
  webhook_events: number;
}

/** Erases the subject (anonymises their orders, deletes the rest); `confirm` repeats their email or phone. */
export async function eraseCustomer(subject: PrivacySubject, confirm: string, audit: AuditContext): Promise<Erasure> {
  const [{ erasure }] = await sql<{ erasure: Erasure }[]>`
    select erase_customer(${subject.email}, ${subject.phone}, ${confirm}, ${audit.admin.id}, ${audit.requestId}, ${audit.ip}) as erasure`;
  return erasure;
}

export type RetentionKey = "retention.webhook_payload_days" | "retention.outbox_body_days" | "retention.abandoned_cart_days";

export interface RetentionSetting {
  key: RetentionKey;
  days: number;
  defaultDays: number;
  isDefault: boolean;
}

export function retentionSettings() {
  return sql<RetentionSetting[]>`
    select key, days, default_days as "defaultDays", is_default as "isDefault" from retention_settings()`;
}

export interface RetentionInput {
  webhookPayloadDays: number;
  outboxBodyDays: number;
  abandonedCartDays: number;
}

export async function setRetention(input: RetentionInput, audit: AuditContext): Promise<void> {
  await sql`
    select set_retention_days(${input.webhookPayloadDays}, ${input.outboxBodyDays}, ${input.abandonedCartDays},
                              ${audit.admin.id}, ${audit.requestId}, ${audit.ip})`;
}

export interface Purge {
  webhook_payloads: number;
  email_bodies: number;
  text_bodies: number;
  sessions: number;
  carts: number;
}

/** The daily purge (workers/tasks/purge_retained_data.ts). */
export async function purgeRetainedData(): Promise<Purge> {
  const [{ purged }] = await sql<{ purged: Purge }[]>`select purge_retained_data() as purged`;
  return purged;
}
