// Indexes on tables that grow without bound (orders, payments, order items, the webhook inbox),
// built CONCURRENTLY so a busy shop keeps taking orders while they build. CONCURRENTLY cannot run
// inside a transaction, hence a migration of its own, outside one (a .sql file cannot opt out).
import type { MigrationBuilder } from "node-pg-migrate";

const indexes = [
  ["orders_customer_idx", "orders (customer_id)"],
  ["payments_order_idx", "payments (order_id)"],
  ["order_items_variant_idx", "order_items (variant_id)"],
  ["webhook_events_type_idx", "webhook_events (type, received_at desc)"],
] as const;

export function up(pgm: MigrationBuilder) {
  pgm.noTransaction();
  for (const [name, target] of indexes) pgm.sql(`create index concurrently if not exists ${name} on ${target}`);
}

export function down(pgm: MigrationBuilder) {
  pgm.noTransaction();
  for (const [name] of indexes) pgm.sql(`drop index concurrently if exists ${name}`);
}
