// Square's items (with their variations and modifier lists) and variations sent on their own,
// applied to the menu as products and variants: category, image, price and sold-out state at the
// shop's Square location, and which linked locations keep stock for a variation.
import { noteSeen, type Of, type PageContext, type Tx } from "./catalog-sync-context.server";
import { uncategorized, uniqueSlug } from "./catalog-sync-categories.server";
import { cents, cleanName, idsOf, isNewer, presentAt, setCount, smallInt, version } from "./catalog-sync-values";

/** A variation that cannot be sold any more: sold out, and no stock kept for it. */
export async function retireVariants(tx: Tx, variantIds: number[]): Promise<void> {
  if (variantIds.length === 0) return;
  await tx`update variants set sold_out = true, updated_at = now() where id = any(${variantIds}::bigint[]) and not sold_out`;
  await tx`delete from inventory_levels where variant_id = any(${variantIds}::bigint[])`;
}

export async function applyItem(ctx: PageContext, object: Of<"ITEM">): Promise<void> {
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

export async function applyVariation(ctx: PageContext, object: Of<"ITEM_VARIATION">, knownProductId?: number): Promise<void> {
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
