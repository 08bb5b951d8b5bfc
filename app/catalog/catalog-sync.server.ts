// Keeps the menu in step with Square's catalog and stock, for a shop whose `catalog.source` is "square".
//
// A full sync lists every category, image, modifier list (with its modifiers) and item (with its
// variations) with ListCatalog, type by type so that what an object refers to is already here, then
// takes off the menu whatever Square no longer has. An incremental sync asks SearchCatalogObjects for
// what changed after the `latest_time` Square gave last time (stored as Square wrote it; never our
// clock), deleted objects included. Each page Square answers is applied in one transaction; a row
// only changes when Square's `version` is newer than the one it has, so applying a page twice, or an
// older page after a newer one, changes nothing. Stock comes from BatchRetrieveInventoryCounts.
//
// What Square deletes or no longer lists is never deleted here (orders refer to it): a product goes
// inactive (off the menu), a variation is marked sold out (it cannot be ordered, and the product page
// still explains why), a modifier or modifier list goes inactive.
import type { TransactionSql } from "postgres";
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { getCatalogSource } from "./catalog-source.server";
import { sql } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { tagTransaction } from "~/lib/request-context.server";
import {
  listCatalogPage,
  retrieveInventoryCountsPage,
  searchCatalogPage,
  type CatalogObject,
  type InventoryCount,
} from "./square-catalog.server";

type Tx = TransactionSql<{ bigint: number }>;
/** A catalog object of one type, with its id (Square always sends one; the SDK's CATEGORY type leaves it optional). */
type Of<Type extends CatalogObject["type"]> = Extract<CatalogObject, { type: Type }> & { id: string };

export type SyncMode = "full" | "incremental";
export type SyncTrigger = "cron" | "webhook" | "admin";

/** Every page and stock update takes this lock, so two of them never interleave their writes. */
const SYNC_LOCK = "larder.catalog_sync";

/** Type passes of a full sync (ListCatalog), in the order objects refer to each other. */
const FULL_SYNC_PASSES = ["CATEGORY", "IMAGE", "MODIFIER_LIST", "ITEM"] as const;
/** Type passes of an incremental sync (SearchCatalogObjects): nested types come on their own too. */
const INCREMENTAL_PASSES = ["CATEGORY", "IMAGE", "MODIFIER_LIST", "MODIFIER", "ITEM", "ITEM_VARIATION"] as const;
const APPLY_ORDER: Record<string, number> = Object.fromEntries(INCREMENTAL_PASSES.map((type, index) => [type, index]));

/** Square accepts up to 1,000 ids per BatchRetrieveInventoryCounts; smaller batches keep pages short. */
const INVENTORY_BATCH = 500;

/** The ids a full sync saw, so what Square no longer has can be taken off the menu afterwards. */
export interface SeenIds {
  categories: Set<string>;
  images: Set<string>;
  modifierLists: Set<string>;
  modifiers: Set<string>;
  items: Set<string>;
  variations: Set<string>;
}

export function emptySeenIds(): SeenIds {
  return { categories: new Set(), images: new Set(), modifierLists: new Set(), modifiers: new Set(), items: new Set(), variations: new Set() };
}

export interface PageOutcome {
  /** Objects Square sent on the page, nested variations and modifiers included. */
  received: number;
  /** Of those, the ones that changed something here. */
  applied: number;
}

interface PageContext {
  tx: Tx;
  /** The shop's Square location: its overrides (price, sold out) and item presence count. */
  squareLocationId: string;
  /** Larder locations linked to a Square location, where stock is kept. */
  linkedLocations: { id: number; squareLocationId: string }[];
  uncategorizedId?: number;
  seen?: SeenIds;
  outcome: PageOutcome;
}

const idsOf = (objects: CatalogObject[]) => objects.flatMap((object) => (object.id ? [object.id] : []));

const version = (object: CatalogObject) => Number(object.version ?? 0);

/** A row changes only for a newer version than the one it has; a row Square never sent has none. */
const isNewer = (row: { squareVersion: number | null } | undefined, object: CatalogObject) =>
  !row || row.squareVersion === null || version(object) > row.squareVersion;

function cleanName(name: string | null | undefined, fallback: string): string {
  const trimmed = (name ?? "").trim();
  return trimmed.length > 0 ? trimmed : fallback;
}

function cents(amount: bigint | number | null | undefined): number {
  return Math.max(Number(amount ?? 0), 0);
}

function smallInt(value: bigint | number | null | undefined): number {
  const number = Number(value ?? 0);
  return Number.isFinite(number) ? Math.max(Math.min(Math.trunc(number), 1_000_000), -1_000_000) : 0;
}

/** Whether an object is sold at a Square location (Square's default is everywhere). */
function presentAt(object: CatalogObject, locationId: string): boolean {
  if (object.absentAtLocationIds?.includes(locationId)) return false;
  if (object.presentAtAllLocations === false) return object.presentAtLocationIds?.includes(locationId) ?? false;
  return true;
}

/** "Spinach & Cheese Empanada" → "spinach-cheese-empanada". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return slug || "item";
}

/** A slug for a new row that no other row of the table has: the name's, or the name's with -2, -3, … */
async function uniqueSlug(tx: Tx, table: "products" | "categories", name: string): Promise<string> {
  const base = slugify(name);
  const taken = await tx<{ slug: string }[]>`
    select slug from ${tx(table)} where slug = ${base} or slug ~ ${`^${base}-[0-9]+$`}`;
  if (!taken.some((row) => row.slug === base)) return base;
  const used = new Set(taken.map((row) => row.slug));
  let n = 2;
  while (used.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

/** Where products without a (known) category go. */
async function uncategorized(ctx: PageContext): Promise<number> {
  if (ctx.uncategorizedId) return ctx.uncategorizedId;
  const [found] = await ctx.tx<{ id: number }[]>`select id from categories where slug = 'uncategorized'`;
  const id =
    found?.id ??
    (
      await ctx.tx<{ id: number }[]>`
        insert into categories (name, slug, sort_order) values ('Uncategorized', 'uncategorized', 1000) returning id`
    )[0].id;
  ctx.uncategorizedId = id;
  return id;
}

function noteSeen(ctx: PageContext, key: keyof SeenIds, object: CatalogObject & { id: string }) {
  if (!object.isDeleted) ctx.seen?.[key].add(object.id);
}

async function applyCategory(ctx: PageContext, object: Of<"CATEGORY">): Promise<void> {
  const { tx } = ctx;
  noteSeen(ctx, "categories", object);
  const [row] = await tx<{ id: number; squareVersion: number | null }[]>`
    select id, square_version as "squareVersion" from categories where square_category_id = ${object.id} for update`;
  if (!isNewer(row, object)) return;
  if (object.isDeleted) {
    if (!row) return;
    await tx`update categories set square_version = ${version(object)} where id = ${row.id}`;
    // Square takes a deleted category off its items too; until those items come, their products wait here.
    await tx`update products set category_id = ${await uncategorized(ctx)}, updated_at = now() where category_id = ${row.id}`;
  } else {
    const name = cleanName(object.categoryData?.name, "Category");
    if (row) {
      await tx`update categories set name = ${name}, square_version = ${version(object)} where id = ${row.id}`;
    } else {
      await tx`
        insert into categories (name, slug, square_category_id, square_version)
        values (${name}, ${await uniqueSlug(tx, "categories", name)}, ${object.id}, ${version(object)})`;
    }
  }
  ctx.outcome.applied += 1;
}

async function applyImage(ctx: PageContext, object: Of<"IMAGE">): Promise<void> {
  const { tx } = ctx;
  noteSeen(ctx, "images", object);
  const url = object.imageData?.url ?? null;
  const deleted = object.isDeleted === true || !url;
  const changed = await tx`
    insert into catalog_images (square_image_id, url, square_version, is_deleted)
    values (${object.id}, ${url}, ${version(object)}, ${deleted})
    on conflict (square_image_id) do update
       set url = coalesce(excluded.url, catalog_images.url), square_version = excluded.square_version,
           is_deleted = excluded.is_deleted, updated_at = now()
     where catalog_images.square_version < excluded.square_version
    returning square_image_id`;
  if (changed.length === 0) return;
  await tx`
    update products set image_url = ${deleted ? null : url}, updated_at = now()
     where square_image_id = ${object.id} and image_url is distinct from ${deleted ? null : url}`;
  ctx.outcome.applied += 1;
}

/** Square's -1 (or nothing) means "not set". */
function setCount(value: bigint | number | null | undefined): number | null {
  const number = value === null || value === undefined ? -1 : Number(value);
  return number >= 0 ? number : null;
}

function listLimits(data: NonNullable<(Of<"MODIFIER_LIST">)["modifierListData"]>) {
  const single = data.selectionType === "SINGLE";
  const min = Math.min(setCount(data.minSelectedModifiers) ?? 0, 100);
  let max = setCount(data.maxSelectedModifiers) ?? (single ? 1 : null);
  if (max !== null) max = Math.min(Math.max(max, 1, min), 100);
  return { min, max };
}

async function applyModifierList(ctx: PageContext, object: Of<"MODIFIER_LIST">): Promise<void> {
  const { tx } = ctx;
  noteSeen(ctx, "modifierLists", object);
  const data = object.modifierListData ?? {};
  const [row] = await tx<{ id: number; squareVersion: number | null }[]>`
    select id, square_version as "squareVersion" from modifier_lists where square_modifier_list_id = ${object.id} for update`;
  const newer = isNewer(row, object);
  let listId = row?.id;
  if (newer && object.isDeleted) {
    if (!row) return;
    await tx`update modifier_lists set is_active = false, square_version = ${version(object)}, updated_at = now() where id = ${row.id}`;
    await tx`update modifiers set is_active = false, updated_at = now() where modifier_list_id = ${row.id} and is_active`;
    await tx`delete from product_modifier_lists where modifier_list_id = ${row.id}`;
    ctx.outcome.applied += 1;
    return;
  }
  if (newer) {
    const name = cleanName(data.name, "Options");
    const { min, max } = listLimits(data);
    const active = data.hiddenFromCustomer !== true;
    const sortOrder = smallInt(data.ordinal);
    if (row) {
      await tx`
        update modifier_lists
           set name = ${name}, min_selected = ${min}, max_selected = ${max}, sort_order = ${sortOrder},
               is_active = ${active}, square_version = ${version(object)}, updated_at = now()
         where id = ${row.id}`;
    } else {
      [{ id: listId }] = await tx<{ id: number }[]>`
        insert into modifier_lists (name, min_selected, max_selected, sort_order, is_active, square_modifier_list_id, square_version)
        values (${name}, ${min}, ${max}, ${sortOrder}, ${active}, ${object.id}, ${version(object)})
        returning id`;
    }
    ctx.outcome.applied += 1;
  }
  if (listId === undefined) return;
  const modifiers = data.modifiers ?? [];
  for (const modifier of modifiers) {
    ctx.outcome.received += 1;
    if (modifier.type === "MODIFIER" && modifier.id) await applyModifier(ctx, modifier, listId);
  }
  // The list's newer version is the whole list: modifiers it no longer has are no longer offered.
  if (newer && !object.isDeleted) {
    await tx`
      update modifiers set is_active = false, updated_at = now()
       where modifier_list_id = ${listId} and is_active
         and (square_modifier_id is null or square_modifier_id <> all(${idsOf(modifiers)}::text[]))`;
  }
}

async function applyModifier(ctx: PageContext, object: Of<"MODIFIER">, knownListId?: number): Promise<void> {
  const { tx } = ctx;
  noteSeen(ctx, "modifiers", object);
  const data = object.modifierData ?? {};
  const listId =
    knownListId ??
    (await tx<{ id: number }[]>`select id from modifier_lists where square_modifier_list_id = ${data.modifierListId ?? ""}`)[0]?.id;
  const [row] = await tx<{ id: number; squareVersion: number | null }[]>`
    select id, square_version as "squareVersion" from modifiers where square_modifier_id = ${object.id} for update`;
  if (!isNewer(row, object)) return;
  if (object.isDeleted) {
    if (!row) return;
    await tx`update modifiers set is_active = false, square_version = ${version(object)}, updated_at = now() where id = ${row.id}`;
    ctx.outcome.applied += 1;
    return;
  }
  // A modifier of a list not here yet comes again, nested in its list, when the list does.
  if (listId === undefined) return;
  const name = cleanName(data.name, "Option");
  const price = cents(data.priceMoney?.amount);
  const currency = data.priceMoney?.currency ?? "USD";
  const active = data.hiddenOnline !== true;
  const sortOrder = smallInt(data.ordinal);
  if (row) {
    await tx`
      update modifiers
         set modifier_list_id = ${listId}, name = ${name}, price_cents = ${price}, currency = ${currency},
             sort_order = ${sortOrder}, is_active = ${active}, square_version = ${version(object)}, updated_at = now()
       where id = ${row.id}`;
  } else {
    await tx`
      insert into modifiers (modifier_list_id, name, price_cents, currency, sort_order, is_active, square_modifier_id, square_version)
      values (${listId}, ${name}, ${price}, ${currency}, ${sortOrder}, ${active}, ${object.id}, ${version(object)})`;
  }
  ctx.outcome.applied += 1;
}

/** A variation that cannot be sold any more: sold out, and no stock kept for it. */
async function retireVariants(tx: Tx, variantIds: number[]): Promise<void> {
  if (variantIds.length === 0) return;
  await tx`update variants set sold_out = true, updated_at = now() where id = any(${variantIds}::bigint[]) and not sold_out`;
  await tx`delete from inventory_levels where variant_id = any(${variantIds}::bigint[])`;
}

async function applyItem(ctx: PageContext, object: Of<"ITEM">): Promise<void> {
  const { tx } = ctx;
  noteSeen(ctx, "items", object);
  const data = object.itemData ?? {};
  const [row] = await tx<{ id: number; squareVersion: number | null }[]>`
    select id, square_version as "squareVersion" from products where square_item_id = ${object.id} for update`;
  const newer = isNewer(row, object);
  let productId = row?.id;
  if (newer && object.isDeleted) {
    if (!row) return;
    await tx`update products set is_active = false, square_version = ${version(object)}, updated_at = now() where id = ${row.id}`;
    const variants = await tx<{ id: number }[]>`select id from variants where product_id = ${row.id}`;
    await retireVariants(tx, variants.map((variant) => variant.id));
    ctx.outcome.applied += 1;
    return;
  }
  if (newer) {
    const categoryRefs = [...(data.categories ?? []).map((category) => category.id), data.categoryId, data.reportingCategory?.id].filter(
      (id): id is string => Boolean(id),
    );
    const [category] = categoryRefs.length
      ? await tx<{ id: number }[]>`
          select id from categories where square_category_id = any(${categoryRefs}::text[])
           order by array_position(${categoryRefs}::text[], square_category_id) limit 1`
      : [];
    const categoryId = category?.id ?? (await uncategorized(ctx));
    const sortOrder = smallInt(data.categories?.[0]?.ordinal);
    const name = cleanName(data.name, "Item");
    const description = (data.descriptionPlaintext ?? data.description ?? "").trim();
    const imageId = data.imageIds?.[0] ?? null;
    const [image] = imageId
      ? await tx<{ url: string }[]>`select url from catalog_images where square_image_id = ${imageId} and not is_deleted`
      : [];
    const active = data.isArchived !== true && presentAt(object, ctx.squareLocationId);
    if (row) {
      await tx`
        update products
           set category_id = ${categoryId}, name = ${name}, description = ${description}, image_url = ${image?.url ?? null},
               square_image_id = ${imageId}, sort_order = ${sortOrder}, is_active = ${active},
               square_version = ${version(object)}, updated_at = now()
         where id = ${row.id}`;
    } else {
      [{ id: productId }] = await tx<{ id: number }[]>`
        insert into products (category_id, name, slug, description, image_url, square_image_id, sort_order, is_active,
                              square_item_id, square_version)
        values (${categoryId}, ${name}, ${await uniqueSlug(tx, "products", name)}, ${description}, ${image?.url ?? null},
                ${imageId}, ${sortOrder}, ${active}, ${object.id}, ${version(object)})
        returning id`;
    }
    await applyItemModifierLists(tx, productId!, data.modifierListInfo ?? []);
    ctx.outcome.applied += 1;
  }
  if (productId === undefined) return;
  const variations = data.variations ?? [];
  for (const variation of variations) {
    ctx.outcome.received += 1;
    if (variation.type === "ITEM_VARIATION" && variation.id) await applyVariation(ctx, variation, productId);
  }
  // The item's newer version is the whole item: variations it no longer has cannot be ordered.
  if (newer && !object.isDeleted) {
    const gone = await tx<{ id: number }[]>`
      select id from variants
       where product_id = ${productId}
         and (square_variation_id is null or square_variation_id <> all(${idsOf(variations)}::text[]))`;
    await retireVariants(tx, gone.map((variant) => variant.id));
  }
}

/** The item's enabled modifier lists, in its order, with its own min/max where it overrides the list's. */
async function applyItemModifierLists(
  tx: Tx,
  productId: number,
  infos: NonNullable<NonNullable<(Of<"ITEM">)["itemData"]>["modifierListInfo"]>,
): Promise<void> {
  const enabled = infos.filter((info) => info.enabled !== false);
  const lists = enabled.length
    ? await tx<{ id: number; squareId: string }[]>`
        select id, square_modifier_list_id as "squareId" from modifier_lists
         where square_modifier_list_id = any(${enabled.map((info) => info.modifierListId)}::text[])`
    : [];
  const keep: number[] = [];
  for (const [index, info] of enabled.entries()) {
    const list = lists.find((candidate) => candidate.squareId === info.modifierListId);
    if (!list) continue;
    keep.push(list.id);
    const min = setCount(info.minSelectedModifiers);
    const max = setCount(info.maxSelectedModifiers);
    await tx`
      insert into product_modifier_lists (product_id, modifier_list_id, sort_order, min_selected, max_selected)
      values (${productId}, ${list.id}, ${smallInt(info.ordinal ?? index)}, ${min === null ? null : Math.min(min, 100)},
              ${max === null || max < 1 ? null : Math.min(max, 100)})
      on conflict (product_id, modifier_list_id) do update
         set sort_order = excluded.sort_order, min_selected = excluded.min_selected, max_selected = excluded.max_selected`;
  }
  await tx`delete from product_modifier_lists where product_id = ${productId} and modifier_list_id <> all(${keep}::bigint[])`;
}

async function applyVariation(ctx: PageContext, object: Of<"ITEM_VARIATION">, knownProductId?: number): Promise<void> {
  const { tx } = ctx;
  noteSeen(ctx, "variations", object);
  const data = object.itemVariationData ?? {};
  const [row] = await tx<{ id: number; squareVersion: number | null }[]>`
    select id, square_version as "squareVersion" from variants where square_variation_id = ${object.id} for update`;
  if (!isNewer(row, object)) return;
  if (object.isDeleted) {
    if (!row) return;
    await tx`update variants set square_version = ${version(object)} where id = ${row.id}`;
    await retireVariants(tx, [row.id]);
    ctx.outcome.applied += 1;
    return;
  }
  const productId =
    knownProductId ?? (await tx<{ id: number }[]>`select id from products where square_item_id = ${data.itemId ?? ""}`)[0]?.id;
  // A variation of an item not here yet comes again, nested in its item, when the item does.
  if (productId === undefined) return;

  const override = data.locationOverrides?.find((candidate) => candidate.locationId === ctx.squareLocationId);
  const price = override?.priceMoney ?? data.priceMoney;
  const name = cleanName(data.name, "Regular");
  const soldOut =
    override?.soldOut === true || price?.amount === undefined || price?.amount === null || data.sellable === false || !presentAt(object, ctx.squareLocationId);
  const alertType = override?.inventoryAlertType ?? data.inventoryAlertType;
  const threshold = alertType === "LOW_QUANTITY" ? Math.max(smallInt(override?.inventoryAlertThreshold ?? data.inventoryAlertThreshold), 0) : null;
  const fields = {
    product_id: productId,
    name,
    price_cents: cents(price?.amount),
    currency: price?.currency ?? "USD",
    sold_out: soldOut,
    sort_order: smallInt(data.ordinal),
    low_stock_threshold: threshold,
    square_version: version(object),
  };
  // Names are unique per product: another variant holding this name (one Square retired, or one about
  // to be renamed by this same item) gives it up.
  await tx`
    update variants set name = name || ' (' || id || ')', updated_at = now()
     where product_id = ${productId} and name = ${name} and square_variation_id is distinct from ${object.id}`;
  let variantId = row?.id;
  if (row) {
    await tx`update variants set ${tx(fields)}, updated_at = now() where id = ${row.id}`;
  } else {
    [{ id: variantId }] = await tx<{ id: number }[]>`
      insert into variants ${tx({ ...fields, square_variation_id: object.id })} returning id`;
  }
  for (const location of ctx.linkedLocations) {
    const locationOverride = data.locationOverrides?.find((candidate) => candidate.locationId === location.squareLocationId);
    const tracked = (locationOverride?.trackInventory ?? data.trackInventory) === true;
    if (tracked) {
      // Stock comes from Square's counts; until one arrives, none is known to be there.
      await tx`
        insert into inventory_levels (variant_id, location_id, quantity) values (${variantId!}, ${location.id}, 0)
        on conflict (variant_id, location_id) do nothing`;
    } else {
      await tx`delete from inventory_levels where variant_id = ${variantId!} and location_id = ${location.id}`;
    }
  }
  ctx.outcome.applied += 1;
}

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
async function removeUnlisted(tx: Tx, seen: SeenIds): Promise<number> {
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
         where o.state = 'pending_payment' and o.location_id = ${level.locationId} and oi.variant_id = ${level.variantId}`;
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

export interface SyncResult {
  status: "skipped" | "succeeded";
  runId?: number;
  kind?: SyncMode;
}

/**
 * One sync run (the sync_catalog task): recorded in catalog_sync_runs, every page in its own
 * transaction, the new latest_time stored only once the whole run has succeeded. Does nothing when
 * the menu's source is not Square. An incremental sync with no stored latest_time is a full one.
 */
export async function runCatalogSync(request: { mode: SyncMode; trigger: SyncTrigger; requestId?: string }): Promise<SyncResult> {
  const log = logger.child({ catalogSync: { mode: request.mode, trigger: request.trigger }, requestId: request.requestId });
  if ((await getCatalogSource()) !== "square") {
    log.info("catalog sync skipped: the menu's source is not Square");
    return { status: "skipped" };
  }
  const [state] = await sql<{ latestTime: string | null }[]>`select latest_time as "latestTime" from catalog_sync_state`;
  const beginTime = request.mode === "incremental" ? (state?.latestTime ?? null) : null;
  const kind: SyncMode = beginTime ? "incremental" : "full";
  const runId = await sql.begin(async (tx) => {
    // A shop with a single location sells at the Square location it is configured with
    // (SQUARE_LOCATION_ID): link them, so its stock follows Square's counts there.
    const linked = await tx`
      update locations set square_location_id = ${env.square.locationId}
       where square_location_id is null and (select count(*) from locations) = 1
      returning id`;
    if (linked.length > 0) log.info({ squareLocationId: env.square.locationId }, "linked the shop's only location to its Square location");
    // Sync jobs share one queue and never overlap: a run still marked running was cut short.
    await tx`
      update catalog_sync_runs set status = 'failed', error = 'Interrupted: the worker stopped during this sync.', finished_at = now()
       where status = 'running'`;
    const [run] = await tx<{ id: number }[]>`
      insert into catalog_sync_runs (kind, trigger, begin_time, request_id)
      values (${kind}, ${request.trigger}, ${beginTime}, ${request.requestId ?? null}) returning id`;
    return run.id;
  });
  log.info({ runId, kind, beginTime }, "catalog sync started");
  try {
    let latestTime: string | null = null;
    let deactivated = 0;
    if (kind === "full") {
      // Read before listing, so that anything changed while the listing runs is newer than it and
      // the next incremental sync fetches it again.
      latestTime = (await searchCatalogPage({ objectTypes: ["CATEGORY"], limit: 1 })).latestTime;
      const seen = emptySeenIds();
      for (const type of FULL_SYNC_PASSES) {
        let cursor: string | undefined;
        do {
          const page = await listCatalogPage(type, cursor);
          await applyCatalogPage(page.objects, { runId, seen, requestId: request.requestId });
          cursor = page.cursor;
        } while (cursor);
      }
      deactivated = await sql.begin(async (tx) => {
        await tagTransaction(tx, request.requestId);
        await tx`select pg_advisory_xact_lock(hashtext(${SYNC_LOCK}))`;
        return removeUnlisted(tx, seen);
      });
    } else {
      for (const type of INCREMENTAL_PASSES) {
        let cursor: string | undefined;
        do {
          const page = await searchCatalogPage({ objectTypes: [type], beginTime: beginTime!, includeDeletedObjects: true, cursor });
          // The first answer's latest_time: whatever changes after it is found next time.
          latestTime ??= page.latestTime;
          await applyCatalogPage(page.objects, { runId, requestId: request.requestId });
          cursor = page.cursor;
        } while (cursor);
      }
    }
    const inventory = await refreshInventory({ runId, requestId: request.requestId });
    await sql.begin(async (tx) => {
      await tx`
        update catalog_sync_runs
           set status = 'succeeded', latest_time = ${latestTime}, products_deactivated = ${deactivated}, finished_at = now()
         where id = ${runId}`;
      if (latestTime) {
        // Never backwards: both values are Square's, so they compare.
        await tx`
          insert into catalog_sync_state (id, latest_time) values (true, ${latestTime})
          on conflict (id) do update set latest_time = excluded.latest_time, updated_at = now()
           where catalog_sync_state.latest_time is null
              or catalog_sync_state.latest_time::timestamptz <= excluded.latest_time::timestamptz`;
      }
    });
    log.info({ runId, kind, latestTime, inventory, deactivated }, "catalog sync finished");
    return { status: "succeeded", runId, kind };
  } catch (error) {
    await sql`
      update catalog_sync_runs set status = 'failed', error = ${error instanceof Error ? error.message : String(error)}, finished_at = now()
       where id = ${runId}`;
    log.error({ err: error, runId }, "catalog sync failed");
    throw error;
  }
}

/** What catalog.version.updated does: queue an incremental sync (coalesced with one already waiting). */
export async function requestCatalogSync(mode: SyncMode, trigger: SyncTrigger, requestId?: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tagTransaction(tx, requestId);
    await tx`select request_catalog_sync(${mode}, ${trigger})`;
  });
}

export interface CatalogSyncRun {
  id: number;
  kind: SyncMode;
  trigger: SyncTrigger;
  status: "running" | "succeeded" | "failed";
  beginTime: string | null;
  latestTime: string | null;
  pages: number;
  objectsReceived: number;
  objectsApplied: number;
  productsDeactivated: number;
  inventoryCountsApplied: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface CatalogSyncStatus {
  source: "square" | "local";
  /** The stored latest_time the next incremental sync starts from (Square's clock). */
  latestTime: string | null;
  /** Newest first. */
  runs: CatalogSyncRun[];
  lastSucceededAt: Date | null;
  /** Sync jobs waiting or running. */
  queuedJobs: number;
  /** Larder locations linked to a Square location (stock is kept only for those). */
  linkedLocations: number;
}

export async function getCatalogSyncStatus(recentRuns = 20): Promise<CatalogSyncStatus> {
  const [source, [state], runs, [counts]] = await Promise.all([
    getCatalogSource(),
    sql<{ latestTime: string | null }[]>`select latest_time as "latestTime" from catalog_sync_state`,
    sql<CatalogSyncRun[]>`
      select id, kind, trigger, status, begin_time as "beginTime", latest_time as "latestTime", pages,
             objects_received as "objectsReceived", objects_applied as "objectsApplied",
             products_deactivated as "productsDeactivated", inventory_counts_applied as "inventoryCountsApplied",
             error, started_at as "startedAt", finished_at as "finishedAt"
        from catalog_sync_runs order by started_at desc, id desc limit ${recentRuns}`,
    sql<{ lastSucceededAt: Date | null; queuedJobs: number; linkedLocations: number }[]>`
      select (select max(finished_at) from catalog_sync_runs where status = 'succeeded') as "lastSucceededAt",
             (select count(*)::int from graphile_worker.jobs
               where task_identifier = 'sync_catalog' and attempts < max_attempts) as "queuedJobs",
             (select count(*)::int from locations where square_location_id is not null) as "linkedLocations"`,
  ]);
  return { source, latestTime: state?.latestTime ?? null, runs, ...counts };
}

/**
 * An owner's "Sync now": queues the sync and records who asked, in one transaction. False (nothing
 * queued) while the menu's source is not Square.
 */
export async function requestCatalogSyncByAdmin(mode: SyncMode, audit: AuditContext): Promise<boolean> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    if ((await getCatalogSource(tx)) !== "square") return false;
    await tx`select request_catalog_sync(${mode}, 'admin')`;
    await recordAudit(tx, audit, { action: "catalog.sync", subjectType: "catalog", subjectId: "square", after: { mode } });
    return true;
  });
}
