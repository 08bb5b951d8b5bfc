// A product's variations in the menu editor: adding, changing (price, order, sold out, threshold,
// units per variation, stock per location) and removing one; a product keeps at least one.
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { change, MenuRefusal, notFound, sameJson, shopCurrency, type Row, type Tx } from "./menu-admin-change.server";
import type { VariantInput } from "./menu-admin-forms.server";
import { writeStock } from "./menu-admin-stock.server";

export interface VariantForEdit {
  id: number;
  name: string;
  priceCents: number;
  currency: string;
  sortOrder: number;
  soldOut: boolean;
  lowStockThreshold: number | null;
  unitsPerVariation: number;
  /** Quantity by location id; a location missing here does not count this variation. */
  stock: Record<string, number>;
}

export async function variantRow(tx: Tx, id: number, lock: boolean) {
  const [row] = await tx<{ row: Row }[]>`
    select to_jsonb(v) - 'created_at' - 'updated_at' - 'stock'
           || jsonb_build_object('inventory', coalesce((select jsonb_object_agg(i.location_id::text, i.quantity)
                                                           from inventory_levels i where i.variant_id = v.id), '{}'))
           as row
      from variants v where id = ${id} ${lock ? tx`for update` : tx``}`;
  return row?.row;
}

export async function insertVariant(tx: Tx, productId: number, variant: Pick<VariantInput, "name" | "priceCents"> & Partial<VariantInput>) {
  const [{ id }] = await tx<{ id: number }[]>`
    insert into variants (product_id, name, price_cents, currency, sort_order, sold_out, low_stock_threshold, units_per_variation)
    values (${productId}, ${variant.name}, ${variant.priceCents}, ${shopCurrency(tx)}, ${variant.sortOrder ?? 0},
            ${variant.soldOut ?? false}, ${variant.lowStockThreshold ?? null}, ${variant.unitsPerVariation ?? 1})
    returning id`;
  if (variant.stock) await writeStock(tx, id, variant.stock);
  return id;
}

export async function addVariant(productId: number, input: VariantInput, audit: AuditContext): Promise<number> {
  return change(audit, {}, async (tx) => {
    const [product] = await tx`select id from products where id = ${productId} for update`;
    if (!product) throw notFound("product");
    const id = await insertVariant(tx, productId, input);
    await recordAudit(tx, audit, { action: "menu.variant.create", subjectType: "variant", subjectId: id, after: await variantRow(tx, id, false) });
    return id;
  });
}

export async function updateVariant(variantId: number, input: VariantInput, audit: AuditContext): Promise<void> {
  await change(audit, {}, async (tx) => {
    const before = await variantRow(tx, variantId, true);
    if (!before) throw notFound("variation");
    await tx`
      update variants
         set name = ${input.name}, price_cents = ${input.priceCents}, sort_order = ${input.sortOrder}, sold_out = ${input.soldOut},
             low_stock_threshold = ${input.lowStockThreshold},
             units_per_variation = coalesce(${input.unitsPerVariation ?? null}::integer, units_per_variation), updated_at = now()
       where id = ${variantId}`;
    await writeStock(tx, variantId, input.stock);
    const after = await variantRow(tx, variantId, false);
    if (!sameJson(before, after)) {
      await recordAudit(tx, audit, { action: "menu.variant.update", subjectType: "variant", subjectId: variantId, before, after });
    }
  });
}

/** Removes a variation; orders keep their copy of its name and price. A product keeps at least one. */
export async function removeVariant(variantId: number, audit: AuditContext): Promise<void> {
  await change(audit, {}, async (tx) => {
    const [owner] = await tx<{ productId: number }[]>`select product_id as "productId" from variants where id = ${variantId}`;
    if (!owner) throw notFound("variation");
    // Lock the product first, so two removals cannot each leave the other's variation as the last.
    await tx`select id from products where id = ${owner.productId} for update`;
    const before = await variantRow(tx, variantId, true);
    const [{ count }] = await tx<{ count: number }[]>`select count(*)::int as count from variants where product_id = ${owner.productId}`;
    if (count <= 1) {
      throw new MenuRefusal("LR409", "A product needs at least one variation. Add another first, or make the product inactive instead.");
    }
    await tx`delete from variants where id = ${variantId}`;
    await recordAudit(tx, audit, { action: "menu.variant.remove", subjectType: "variant", subjectId: variantId, before });
  });
}
