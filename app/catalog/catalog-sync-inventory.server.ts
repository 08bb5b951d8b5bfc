// Stock from Square's inventory counts: for each variation tracked at a linked location, what Square
// counts there less what unpaid orders still hold, a page of counts per transaction.
import { sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";
import { SYNC_LOCK } from "./catalog-sync-context.server";
import { retrieveInventoryCountsPage, type InventoryCount } from "./square-catalog.server";

/** Square accepts up to 1,000 ids per BatchRetrieveInventoryCounts; smaller batches keep pages short. */
const INVENTORY_BATCH = 500;

/**
 * Sets stock from Square's IN_STOCK counts, in one transaction: for each variation tracked at a
 * linked location, what Square counts less what this shop's unpaid orders there still hold (they
 * took it from stock when placed; Square only learns of a sale when it is paid), never below 0.
 * A count older than the one applied last is ignored. Returns how many counts were applied.
 */
export async function applyInventoryCounts(counts: InventoryCount[], options: { runId?: number; requestId?: string } = {}): Promise<number> {
  const usable = counts.filter(
    (count) => count.state === "IN_STOCK" && count.catalogObjectId && count.locationId && count.calculatedAt && count.quantity != null,
  );
  return sql.begin(async (tx) => {
    await tagTransaction(tx, options.requestId);
    await tx`select pg_advisory_xact_lock(hashtext(${SYNC_LOCK}))`;
    let applied = 0;
    for (const count of usable) {
      // Locking the row first means an order placed meanwhile has committed its hold before it is counted.
      const [level] = await tx<{ variantId: number; locationId: number }[]>`
        select il.variant_id as "variantId", il.location_id as "locationId"
          from inventory_levels il
          join variants v on v.id = il.variant_id
          join locations l on l.id = il.location_id
         where v.square_variation_id = ${count.catalogObjectId!} and l.square_location_id = ${count.locationId!}
           and (il.square_calculated_at is null or il.square_calculated_at <= ${count.calculatedAt!}::timestamptz)
         for update of il`;
      if (!level) continue;
      const [{ held }] = await tx<{ held: number }[]>`
        select coalesce(sum(oi.quantity), 0)::int as held
          from order_items oi join orders o on o.id = oi.order_id
         where o.paid_at is null
           and (o.state = 'pending_payment' or (o.pay_at_pickup and o.state in ('preparing', 'ready')))
           and o.location_id = ${level.locationId} and oi.variant_id = ${level.variantId}`;
      const inStock = Math.floor(Number(count.quantity));
      const quantity = Math.max((Number.isFinite(inStock) ? inStock : 0) - held, 0);
      await tx`
        update inventory_levels
           set quantity = ${quantity}, square_calculated_at = ${count.calculatedAt!}::timestamptz, updated_at = now()
         where variant_id = ${level.variantId} and location_id = ${level.locationId}`;
      applied += 1;
    }
    if (options.runId !== undefined) {
      await tx`update catalog_sync_runs set inventory_counts_applied = inventory_counts_applied + ${applied} where id = ${options.runId}`;
    }
    return applied;
  });
}

/**
 * Re-reads Square's counts for tracked variations (all of them, or those named) at linked locations
 * and applies them, a page per transaction. Returns how many counts were applied.
 */
export async function refreshInventory(options: { variationIds?: string[]; runId?: number; requestId?: string } = {}): Promise<number> {
  const tracked = await sql<{ variationId: string; squareLocationId: string }[]>`
    select distinct v.square_variation_id as "variationId", l.square_location_id as "squareLocationId"
      from inventory_levels il
      join variants v on v.id = il.variant_id
      join locations l on l.id = il.location_id
     where v.square_variation_id is not null and l.square_location_id is not null
       and ${options.variationIds ? sql`v.square_variation_id = any(${options.variationIds}::text[])` : sql`true`}`;
  if (tracked.length === 0) return 0;
  const variationIds = [...new Set(tracked.map((row) => row.variationId))];
  const locationIds = [...new Set(tracked.map((row) => row.squareLocationId))];
  let applied = 0;
  for (let start = 0; start < variationIds.length; start += INVENTORY_BATCH) {
    const catalogObjectIds = variationIds.slice(start, start + INVENTORY_BATCH);
    let cursor: string | undefined;
    do {
      const page = await retrieveInventoryCountsPage({ catalogObjectIds, locationIds, cursor });
      applied += await applyInventoryCounts(page.counts, { runId: options.runId, requestId: options.requestId });
      cursor = page.cursor;
    } while (cursor);
  }
  return applied;
}
