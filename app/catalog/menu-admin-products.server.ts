// Products in the menu editor: one product with its variations and the modifier lists it may offer,
// adding one (with its first variation), changing one, and choosing its modifier lists.
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { sql } from "~/lib/db.server";
import { asRefusal, change, MenuRefusal, notFound, sameJson, type Row, type Tx } from "./menu-admin-change.server";
import type { ProductInput, VariantInput } from "./menu-admin-forms.server";
import { resizeImage, storeImage } from "./images.server";
import { insertVariant, variantRow, type VariantForEdit } from "./menu-admin-variations.server";

export interface ProductForEdit {
  id: number;
  categoryId: number;
  name: string;
  slug: string;
  description: string;
  imageUrl: string | null;
  sortOrder: number;
  isActive: boolean;
  shippable: boolean;
  allergens: string[];
  squareItemId: string | null;
  /** The uploaded photo's hash and widths, or null. */
  photo: { sha256: string; widths: number[]; width: number; height: number } | null;
}

export interface ProductModifierListOption {
  id: number;
  name: string;
  isActive: boolean;
  attached: boolean;
  sortOrder: number;
}

export async function getProductForEdit(id: number) {
  const [product] = await sql<ProductForEdit[]>`
    select id, category_id as "categoryId", name, slug, description, image_url as "imageUrl", sort_order as "sortOrder",
           is_active as "isActive", shippable, allergens, square_item_id as "squareItemId",
           (select json_build_object('sha256', i.sha256, 'width', i.width, 'height', i.height,
                     'widths', (select array_agg(distinct iv.width order by iv.width) from image_variants iv where iv.image_id = i.id))
              from images i where i.id = products.image_id) as photo
      from products where id = ${id}`;
  if (!product) return null;
  const [variants, modifierLists] = await Promise.all([
    sql<VariantForEdit[]>`
      select v.id, v.name, v.price_cents as "priceCents", v.currency, v.sort_order as "sortOrder", v.sold_out as "soldOut",
             v.low_stock_threshold as "lowStockThreshold", v.units_per_variation as "unitsPerVariation",
             coalesce((select jsonb_object_agg(i.location_id::text, i.quantity) from inventory_levels i where i.variant_id = v.id), '{}') as stock
        from variants v where v.product_id = ${id}
       order by v.sort_order, v.id`,
    sql<ProductModifierListOption[]>`
      select l.id, l.name, l.is_active as "isActive", pml.product_id is not null as attached,
             coalesce(pml.sort_order, 0) as "sortOrder"
        from modifier_lists l
        left join product_modifier_lists pml on pml.modifier_list_id = l.id and pml.product_id = ${id}
       order by pml.product_id is null, pml.sort_order, l.sort_order, l.name`,
  ]);
  return { product, variants, modifierLists };
}

async function productRow(tx: Tx, id: number, lock: boolean) {
  const [row] = await tx<{ row: Row }[]>`
    select to_jsonb(p) - 'created_at' - 'updated_at' as row from products p where id = ${id} ${lock ? tx`for update` : tx``}`;
  return row?.row;
}

export async function createProduct(
  input: { product: ProductInput; variant: Pick<VariantInput, "name" | "priceCents"> },
  audit: AuditContext,
): Promise<number> {
  return change(audit, {}, async (tx) => {
    const { product } = input;
    const [{ id }] = await tx<{ id: number }[]>`
      insert into products (category_id, name, slug, description, image_url, sort_order, is_active, shippable, allergens)
      values (${product.categoryId}, ${product.name}, ${product.slug}, ${product.description}, ${product.imageUrl},
              ${product.sortOrder}, ${product.isActive}, ${product.shippable}, ${product.allergens}::text[])
      returning id`;
    // The first variation's errors belong to the new-product form's own fields.
    let variantId: number;
    try {
      variantId = await insertVariant(tx, id, input.variant);
    } catch (error) {
      const refusal = asRefusal(error);
      if (refusal instanceof MenuRefusal && refusal.column_name === "name") throw new MenuRefusal(refusal.code, refusal.message, "variantName");
      throw refusal;
    }
    await recordAudit(tx, audit, {
      action: "menu.product.create",
      subjectType: "product",
      subjectId: id,
      after: { ...(await productRow(tx, id, false)), variants: [await variantRow(tx, variantId, false)] } as Row,
    });
    return id;
  });
}

export async function updateProduct(id: number, input: ProductInput, audit: AuditContext): Promise<void> {
  await change(audit, {}, async (tx) => {
    const before = await productRow(tx, id, true);
    if (!before) throw notFound("product");
    await tx`
      update products
         set category_id = ${input.categoryId}, name = ${input.name}, slug = ${input.slug}, description = ${input.description},
             image_url = ${input.imageUrl}, sort_order = ${input.sortOrder}, is_active = ${input.isActive},
             shippable = ${input.shippable}, allergens = ${input.allergens}::text[], updated_at = now()
       where id = ${id}`;
    const after = await productRow(tx, id, false);
    if (!sameJson(before, after)) {
      await recordAudit(tx, audit, { action: "menu.product.update", subjectType: "product", subjectId: id, before, after });
    }
  });
}

/** Replaces which modifier lists a product offers, and their order. */
export async function setProductModifierLists(
  productId: number,
  lists: { modifierListId: number; sortOrder: number }[],
  audit: AuditContext,
): Promise<void> {
  await change(audit, {}, async (tx) => {
    const [product] = await tx`select id from products where id = ${productId} for update`;
    if (!product) throw notFound("product");
    const attached = (tx: Tx) => tx<{ modifier_list_id: number; sort_order: number }[]>`
      select modifier_list_id, sort_order from product_modifier_lists where product_id = ${productId} order by modifier_list_id`;
    const before = await attached(tx);
    await tx`delete from product_modifier_lists where product_id = ${productId}`;
    for (const list of lists) {
      await tx`
        insert into product_modifier_lists (product_id, modifier_list_id, sort_order)
        values (${productId}, ${list.modifierListId}, ${list.sortOrder})`;
    }
    const after = await attached(tx);
    if (!sameJson(before, after)) {
      await recordAudit(tx, audit, {
        action: "menu.product.modifier_lists",
        subjectType: "product",
        subjectId: productId,
        before: before.map((row) => ({ ...row })),
        after: after.map((row) => ({ ...row })),
      });
    }
  });
}

/**
 * Uploads a product's photo (resized, kept by its hash) or, with null, removes it; a photo is the
 * shop's own even when the menu comes from Square (it is shown before Square's image). An unreadable
 * or oversize file is an ImageRefusal, before anything is written.
 */
export async function setProductPhoto(productId: number, file: Uint8Array | null, audit: AuditContext): Promise<void> {
  const resized = file ? await resizeImage(file) : null;
  await change(audit, { squareToo: true }, async (tx) => {
    const [before] = await tx<{ image_id: number | null }[]>`select image_id from products where id = ${productId} for update`;
    if (!before) throw notFound("product");
    const imageId = resized ? await storeImage(tx, resized) : null;
    if (before.image_id === imageId) return;
    await tx`update products set image_id = ${imageId}, updated_at = now() where id = ${productId}`;
    await recordAudit(tx, audit, {
      action: imageId ? "menu.product.photo" : "menu.product.photo_removed",
      subjectType: "product",
      subjectId: productId,
      before: { image_id: before.image_id },
      after: { image_id: imageId, sha256: resized?.sha256 ?? null },
    });
  });
}
