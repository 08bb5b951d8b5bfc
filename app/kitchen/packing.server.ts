// Packing's server side: recording a pickup nobody collected (record_no_show, with its audit row),
// and the packing list or delivery sheet as CSV, streamed from a cursor (never the whole day in
// memory). The page's rules are ./packing.ts; the day's orders are board.server.ts's boardOrders.
import { sql } from "~/lib/db.server";
import { csvLine } from "~/lib/csv";
import { tagTransaction } from "~/lib/request-context.server";
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import type { BoardLocation } from "./board";
import type { PackingKind } from "./packing";

export async function recordNoShow(orderId: number, audit: AuditContext): Promise<void> {
  await sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    await tx`select record_no_show(${orderId}, ${audit.admin.id})`;
    await recordAudit(tx, audit, { action: "order.no_show", subjectType: "order", subjectId: orderId });
  });
}

const HEADER = ["Order", "Customer", "Phone", "Time", "Zone", "Address", "Postal code", "Item", "Option", "Choices", "Quantity", "Allergens", "Note", "State"];

/** One line per item of the day's orders of one kind, in packing order (deliveries by zone and postal code). */
export function packingCsv(location: BoardLocation, day: string, kind: PackingKind): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = sql<{ cells: (string | number | null)[] }[]>`
    with bounds as (
      select (${day}::date::timestamp at time zone ${location.timezone}) as starts,
             ((${day}::date + 1)::timestamp at time zone ${location.timezone}) as ends
    )
    -- json, not text[]: postgres.js would read a null array element back as the text "NULL".
    select json_build_array(o.number, o.customer_name, o.customer_phone,
                 coalesce(to_char(promised_at(o) at time zone ${location.timezone}, 'YYYY-MM-DD HH24:MI'), o.ship_on::text),
                 z.name, concat_ws(', ', o.address_line1, o.address_line2, o.address_city, o.address_region), o.address_postal_code,
                 i.product_name, i.variant_name,
                 (select string_agg(m.modifier_list_name || ': ' || m.name, '; ' order by m.sort_order) from order_item_modifiers m where m.order_item_id = i.id),
                 i.quantity,
                 (select array_to_string(p.allergens, ', ') from variants v join products p on p.id = v.product_id where v.id = i.variant_id),
                 o.customer_note, replace(o.state, '_', ' ')) as cells
      from orders o cross join bounds b
      join order_items i on i.order_id = o.id
      left join delivery_zones z on z.id = o.delivery_zone_id
     where o.location_id = ${location.id} and o.fulfillment = ${kind}
       and (o.state not in ('pending_payment', 'cancelled', 'refunded') or (o.pay_at_pickup and o.state = 'pending_payment'))
       and ((o.pickup_at >= b.starts and o.pickup_at < b.ends) or (o.delivery_at >= b.starts and o.delivery_at < b.ends) or o.ship_on = ${day}::date)
     order by z.name nulls first, o.address_postal_code nulls first, coalesce(o.pickup_at, o.delivery_at), o.number, i.id`;
  const cursor = rows.cursor(200)[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvLine(HEADER)));
        return;
      }
      const next = await cursor.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(next.value.map((row) => csvLine(row.cells)).join("")));
    },
    async cancel() {
      await cursor.return?.();
    },
  });
}
