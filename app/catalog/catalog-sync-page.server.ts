// One page of Square's catalog applied in one transaction, referenced types first (categories and
// lists before the items that name them); and, after a full sync, what Square no longer lists taken
// off the menu. Rows compare Square's version, so a page applied twice changes nothing.
import { sql } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { tagTransaction } from "~/lib/request-context.server";
import { applyCategory, applyImage } from "./catalog-sync-categories.server";
import { INCREMENTAL_PASSES, SYNC_LOCK, type PageContext, type PageOutcome, type SeenIds, type Tx } from "./catalog-sync-context.server";
import { applyItem, applyVariation, retireVariants } from "./catalog-sync-items.server";
import { applyModifier, applyModifierList } from "./catalog-sync-modifiers.server";
import type { CatalogObject } from "./square-catalog.server";

/** Referenced types first: the incremental passes are in the order objects refer to each other. */
const APPLY_ORDER: Record<string, number> = Object.fromEntries(INCREMENTAL_PASSES.map((type, index) => [type, index]));

async function applyObject(ctx: PageContext, object: CatalogObject): Promise<void> {
  ctx.outcome.received += 1;
  if (!object.id) return;
  switch (object.type) {
    case "CATEGORY":
      return applyCategory(ctx, { ...object, id: object.id });
    case "IMAGE":
      return applyImage(ctx, object);
    case "MODIFIER_LIST":
      return applyModifierList(ctx, object);
    case "MODIFIER":
      return applyModifier(ctx, object);
    case "ITEM":
      return applyItem(ctx, object);
    case "ITEM_VARIATION":
      return applyVariation(ctx, object);
    default:
      // Taxes, discounts and the rest are not part of the menu.
      return;
  }
}

/**
 * Applies one page of catalog objects in one transaction, referenced types first. Idempotent: every
 * row compares Square's version, so the same page again (or an older one) changes nothing.
 */
export async function applyCatalogPage(
  objects: CatalogObject[],
  options: { runId?: number; seen?: SeenIds; requestId?: string } = {},
): Promise<PageOutcome> {
  const ordered = [...objects].sort((a, b) => (APPLY_ORDER[a.type] ?? 99) - (APPLY_ORDER[b.type] ?? 99));
  return sql.begin(async (tx) => {
    await tagTransaction(tx, options.requestId);
    await tx`select pg_advisory_xact_lock(hashtext(${SYNC_LOCK}))`;
    const linkedLocations = await tx<{ id: number; squareLocationId: string }[]>`
      select id, square_location_id as "squareLocationId" from locations where square_location_id is not null`;
    const ctx: PageContext = {
      tx,
      squareLocationId: env.square.locationId,
      linkedLocations,
      seen: options.seen,
      outcome: { received: 0, applied: 0 },
    };
    for (const object of ordered) await applyObject(ctx, object);
    if (options.runId !== undefined) {
      await tx`
        update catalog_sync_runs
           set pages = pages + 1, objects_received = objects_received + ${ctx.outcome.received},
               objects_applied = objects_applied + ${ctx.outcome.applied}
         where id = ${options.runId}`;
    }
    return ctx.outcome;
  });
}

/**
 * After a complete full sync: what Square did not list is off the menu, rows Larder made itself
 * included (the menu is Square's now). ListCatalog lists everything Square has that is not deleted,
 * archived items included, so an object missing from it was deleted at Square. Sync runs never
 * overlap, so nothing was added here meanwhile. Returns how many products were taken off.
 */
export async function removeUnlisted(tx: Tx, seen: SeenIds): Promise<number> {
  const ids = (set: Set<string>) => [...set];
  const products = await tx<{ id: number }[]>`
    update products set is_active = false, updated_at = now()
     where is_active and (square_item_id is null or square_item_id <> all(${ids(seen.items)}::text[]))
    returning id`;
  const variants = await tx<{ id: number }[]>`
    select id from variants
     where square_variation_id is not null and square_variation_id <> all(${ids(seen.variations)}::text[])`;
  await retireVariants(tx, variants.map((variant) => variant.id));
  await tx`
    update modifiers set is_active = false, updated_at = now()
     where is_active and (square_modifier_id is null or square_modifier_id <> all(${ids(seen.modifiers)}::text[]))`;
  const lists = await tx<{ id: number }[]>`
    update modifier_lists set is_active = false, updated_at = now()
     where is_active and (square_modifier_list_id is null or square_modifier_list_id <> all(${ids(seen.modifierLists)}::text[]))
    returning id`;
  await tx`delete from product_modifier_lists where modifier_list_id = any(${lists.map((list) => list.id)}::bigint[])`;
  const images = await tx<{ squareImageId: string }[]>`
    update catalog_images set is_deleted = true, updated_at = now()
     where not is_deleted and square_image_id <> all(${ids(seen.images)}::text[])
    returning square_image_id as "squareImageId"`;
  await tx`
    update products set image_url = null, updated_at = now()
     where square_image_id = any(${images.map((image) => image.squareImageId)}::text[]) and image_url is not null`;
  return products.length;
}
