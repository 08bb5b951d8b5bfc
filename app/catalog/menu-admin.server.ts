// The admin's menu editor for a shop whose menu lives here rather than in Square's catalog:
// categories, products, their variations (price, stock per location, low-stock threshold, sold out)
// and modifier lists. Every change is one transaction with its audit entry. The settings row
// `catalog.source` says where the menu is edited; while it is "square" only low-stock thresholds
// (which Square does not have) can be changed here.
import postgres, { type JSONValue, type TransactionSql } from "postgres";
import { z } from "zod";
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { sql } from "~/lib/db.server";
import { getCatalogSource } from "./catalog-source.server";
import { parseMoneyToCents } from "~/lib/money";
import { tagTransaction } from "~/lib/request-context.server";

type Tx = TransactionSql<{ bigint: number }>;
type Row = Record<string, JSONValue>;

// ---------------------------------------------------------------------------------------------
// Refusals: shaped like the database's own LR4xx errors, so routes show them with isShopError.

export class MenuRefusal extends Error {
  constructor(
    readonly code: "LR404" | "LR409" | "LR422",
    message: string,
    readonly column_name?: string,
  ) {
    super(message);
    this.name = "MenuRefusal";
  }
}

const SLUG_MESSAGE = "Use lowercase letters, digits and single hyphens, like beef-criolla.";

// What each catalog constraint means for the person filling in the form, and on which field.
const constraintRefusals: Record<string, [MenuRefusal["code"], string, string | undefined]> = {
  products_slug_key: ["LR409", "Another product already uses this slug.", "slug"],
  categories_slug_key: ["LR409", "Another category already uses this slug.", "slug"],
  variants_product_id_name_key: ["LR409", "This product already has a variation with that name.", "name"],
  products_name_check: ["LR422", "Enter a name.", "name"],
  categories_name_check: ["LR422", "Enter a name.", "name"],
  variants_name_check: ["LR422", "Enter a name.", "name"],
  modifier_lists_name_check: ["LR422", "Enter a name.", "name"],
  modifiers_name_check: ["LR422", "Enter a name.", "name"],
  products_slug_check: ["LR422", SLUG_MESSAGE, "slug"],
  categories_slug_check: ["LR422", SLUG_MESSAGE, "slug"],
  products_image_url_check: ["LR422", "Enter a web address starting with http:// or https://.", "imageUrl"],
  products_category_id_fkey: ["LR404", "Choose a category from the list.", "categoryId"],
  variants_price_cents_check: ["LR422", "Enter a price of zero or more.", "price"],
  modifiers_price_cents_check: ["LR422", "Enter a price of zero or more.", "price"],
  variants_low_stock_threshold_check: ["LR422", "Enter a whole number of zero or more, or leave it empty.", "lowStockThreshold"],
  modifier_lists_min_selected_check: ["LR422", "Enter a whole number from 0 to 100.", "minSelected"],
  modifier_lists_max_selected_check: ["LR422", "Enter a whole number from 1 to 100, or leave it empty for no limit.", "maxSelected"],
  modifier_lists_check: ["LR422", "The most a customer can choose can't be less than the least.", "maxSelected"],
  product_modifier_lists_modifier_list_id_fkey: ["LR404", "One of those modifier lists no longer exists; reload the page.", undefined],
};

function asRefusal(error: unknown): unknown {
  if (!(error instanceof postgres.PostgresError)) return error;
  const known = error.constraint_name ? constraintRefusals[error.constraint_name] : undefined;
  if (known) return new MenuRefusal(known[0], known[1], known[2]);
  if (error.code === "22003") return new MenuRefusal("LR422", "One of the numbers is too large.");
  return error;
}

/** Runs one change: a transaction tagged with the request, refused unless the admin may make it. */
async function change<T>(audit: AuditContext, options: { squareToo?: boolean }, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (audit.admin.role !== "owner") throw new MenuRefusal("LR409", "Only an owner can change the menu.");
  try {
    return (await sql.begin(async (tx) => {
      await tagTransaction(tx, audit.requestId);
      if (!options.squareToo && (await getCatalogSource(tx)) === "square") {
        throw new MenuRefusal("LR409", "The menu comes from Square's catalog: change it in Square, or switch the menu source to this admin first.");
      }
      return work(tx);
    })) as T;
  } catch (error) {
    throw asRefusal(error);
  }
}

function notFound(what: string): MenuRefusal {
  return new MenuRefusal("LR404", `That ${what} does not exist (any more).`);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------------------------
// Where the menu comes from.

export { getCatalogSource, setCatalogSource } from "./catalog-source.server";

// ---------------------------------------------------------------------------------------------
// Form schemas (the routes parse with these; the database's constraints check again).

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}

const nameField = z.string().trim().min(1, "Enter a name.").max(120, "Use at most 120 characters.");
const descriptionField = z.string().trim().max(2000, "Use at most 2,000 characters.").default("");
const slugField = z
  .string()
  .trim()
  .toLowerCase()
  .max(80, "Use at most 80 characters.")
  .refine((text) => text === "" || SLUG.test(text), SLUG_MESSAGE)
  .default("");
const sortOrderField = z
  .string()
  .trim()
  .refine((text) => text === "" || /^-?\d{1,6}$/.test(text), "Enter a whole number, like 10 (lower comes first).")
  .transform((text) => (text === "" ? 0 : Number(text)))
  .default("");
const checkboxField = z
  .string()
  .optional()
  .transform((value) => value !== undefined);
const priceField = z
  .string({ required_error: "Enter a price, like 4.50." })
  .refine((text) => parseMoneyToCents(text) !== null, "Enter a price in dollars and cents of zero or more, like 4.50.")
  .transform((text) => parseMoneyToCents(text) as number);
/** A whole number in [min, max], or null when left empty. */
const optionalCount = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .refine((text) => text === "" || (/^\d{1,7}$/.test(text) && Number(text) >= min && Number(text) <= max), message)
    .transform((text) => (text === "" ? null : Number(text)))
    .default("");
const idField = (message: string) =>
  z
    .string({ required_error: message })
    .regex(/^\d{1,18}$/, message)
    .transform(Number);

export function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && !/\s/.test(text);
  } catch {
    return false;
  }
}

const imageUrlField = z
  .string()
  .trim()
  .max(2048, "Use a shorter address (at most 2,048 characters).")
  .refine((text) => text === "" || isWebAddress(text), "Enter a web address starting with http:// or https://.")
  .transform((text) => (text === "" ? null : text))
  .default("");

export const categorySchema = z
  .object({ name: nameField, slug: slugField, description: descriptionField, sortOrder: sortOrderField })
  .transform((category) => ({ ...category, slug: category.slug || slugify(category.name) }));
export type CategoryInput = z.infer<typeof categorySchema>;

const productFields = {
  name: nameField,
  slug: slugField,
  description: descriptionField,
  categoryId: idField("Choose a category."),
  imageUrl: imageUrlField,
  sortOrder: sortOrderField,
  isActive: checkboxField,
  shippable: checkboxField,
};

export const productSchema = z
  .object(productFields)
  .transform((product) => ({ ...product, slug: product.slug || slugify(product.name) }));
export type ProductInput = z.infer<typeof productSchema>;

/** A new product comes with its first variation, so it can be ordered as soon as it is active. */
export const newProductSchema = z
  .object({ ...productFields, variantName: nameField, price: priceField })
  .transform(({ variantName, price, ...product }) => ({
    product: { ...product, slug: product.slug || slugify(product.name) },
    variant: { name: variantName, priceCents: price },
  }));

const stockField = optionalCount(0, 1_000_000, "Enter how many there are (zero or more), or leave it empty if you don't count them.");
const thresholdField = optionalCount(0, 1_000_000, "Enter a whole number of zero or more, or leave it empty.");

export interface VariantInput {
  name: string;
  priceCents: number;
  sortOrder: number;
  soldOut: boolean;
  lowStockThreshold: number | null;
  /** Quantity per location; null: not counted (made to order) there. */
  stock: { locationId: number; quantity: number | null }[];
}

const variantFields = z.object({
  name: nameField,
  price: priceField,
  sortOrder: sortOrderField,
  soldOut: checkboxField,
  lowStockThreshold: thresholdField,
});

/** A variation's fields, with one stock field (`stock-<locationId>`) per location. */
export function variantSchema(locationIds: readonly number[]) {
  const stockFields: Record<string, typeof stockField> = {};
  for (const id of locationIds) stockFields[`stock-${id}`] = stockField;
  return variantFields.extend(stockFields).transform((parsed): VariantInput => {
    const fields = parsed as unknown as z.infer<typeof variantFields>;
    const stock = parsed as unknown as Record<string, number | null>;
    return {
      name: fields.name,
      priceCents: fields.price,
      sortOrder: fields.sortOrder,
      soldOut: fields.soldOut,
      lowStockThreshold: fields.lowStockThreshold,
      stock: locationIds.map((locationId) => ({ locationId, quantity: stock[`stock-${locationId}`] ?? null })),
    };
  });
}

export const thresholdSchema = z.object({ lowStockThreshold: thresholdField });

/** Which modifier lists a product offers (`list-<id>` ticked) and in what order (`listSort-<id>`). */
export function productModifierListsSchema(listIds: readonly number[]) {
  const fields: Record<string, z.ZodTypeAny> = {};
  for (const id of listIds) {
    fields[`list-${id}`] = checkboxField;
    fields[`listSort-${id}`] = sortOrderField;
  }
  return z.object(fields).transform((values) =>
    listIds
      .filter((id) => values[`list-${id}`] === true)
      .map((modifierListId) => ({ modifierListId, sortOrder: values[`listSort-${modifierListId}`] as number })),
  );
}

export const modifierListSchema = z
  .object({
    name: nameField,
    minSelected: optionalCount(0, 100, "Enter a whole number from 0 to 100.").transform((value) => value ?? 0),
    maxSelected: optionalCount(1, 100, "Enter a whole number from 1 to 100, or leave it empty for no limit."),
    sortOrder: sortOrderField,
    isActive: checkboxField,
  })
  .refine((list) => list.maxSelected === null || list.maxSelected >= list.minSelected, {
    message: "The most a customer can choose can't be less than the least.",
    path: ["maxSelected"],
  });
export type ModifierListInput = z.infer<typeof modifierListSchema>;

export const modifierSchema = z
  .object({ name: nameField, price: priceField, sortOrder: sortOrderField, isActive: checkboxField })
  .transform(({ price, ...modifier }) => ({ ...modifier, priceCents: price }));
export type ModifierInput = z.infer<typeof modifierSchema>;

// ---------------------------------------------------------------------------------------------
// Reading the menu for the editor.

export interface LocationOption {
  id: number;
  name: string;
  isActive: boolean;
}

export function listLocations() {
  return sql<LocationOption[]>`select id, name, is_active as "isActive" from locations order by id`;
}

export interface CategoryRow {
  id: number;
  name: string;
  slug: string;
  description: string;
  sortOrder: number;
  squareCategoryId: string | null;
}

export function listCategories() {
  return sql<CategoryRow[]>`
    select id, name, slug, description, sort_order as "sortOrder", square_category_id as "squareCategoryId"
      from categories order by sort_order, name`;
}

export interface ProductSummary {
  id: number;
  categoryId: number;
  name: string;
  slug: string;
  sortOrder: number;
  isActive: boolean;
  variantCount: number;
  minPriceCents: number | null;
  maxPriceCents: number | null;
  currency: string;
}

export interface ModifierListSummary {
  id: number;
  name: string;
  minSelected: number;
  maxSelected: number | null;
  sortOrder: number;
  isActive: boolean;
  modifierCount: number;
  productCount: number;
}

export async function getMenuOverview() {
  const [categories, products, modifierLists] = await Promise.all([
    listCategories(),
    sql<ProductSummary[]>`
      select p.id, p.category_id as "categoryId", p.name, p.slug, p.sort_order as "sortOrder", p.is_active as "isActive",
             count(v.id)::int as "variantCount", min(v.price_cents) as "minPriceCents", max(v.price_cents) as "maxPriceCents",
             coalesce(min(v.currency), 'USD') as currency
        from products p left join variants v on v.product_id = p.id
       group by p.id
       order by p.sort_order, p.name`,
    listModifierLists(),
  ]);
  return {
    categories: categories.map((category) => ({ ...category, products: products.filter((product) => product.categoryId === category.id) })),
    modifierLists,
  };
}

export function listModifierLists() {
  return sql<ModifierListSummary[]>`
    select l.id, l.name, l.min_selected as "minSelected", l.max_selected as "maxSelected", l.sort_order as "sortOrder",
           l.is_active as "isActive",
           (select count(*)::int from modifiers m where m.modifier_list_id = l.id) as "modifierCount",
           (select count(*)::int from product_modifier_lists pml where pml.modifier_list_id = l.id) as "productCount"
      from modifier_lists l
     order by l.sort_order, l.name`;
}

export async function getCategory(id: number) {
  const [category] = await sql<CategoryRow[]>`
    select id, name, slug, description, sort_order as "sortOrder", square_category_id as "squareCategoryId"
      from categories where id = ${id}`;
  if (!category) return null;
  const products = await sql<{ id: number; name: string; isActive: boolean }[]>`
    select id, name, is_active as "isActive" from products where category_id = ${id} order by sort_order, name`;
  return { ...category, products };
}

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
  squareItemId: string | null;
}

export interface VariantForEdit {
  id: number;
  name: string;
  priceCents: number;
  currency: string;
  sortOrder: number;
  soldOut: boolean;
  lowStockThreshold: number | null;
  /** Quantity by location id; a location missing here does not count this variation. */
  stock: Record<string, number>;
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
           is_active as "isActive", shippable, square_item_id as "squareItemId"
      from products where id = ${id}`;
  if (!product) return null;
  const [variants, modifierLists] = await Promise.all([
    sql<VariantForEdit[]>`
      select v.id, v.name, v.price_cents as "priceCents", v.currency, v.sort_order as "sortOrder", v.sold_out as "soldOut",
             v.low_stock_threshold as "lowStockThreshold",
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

export interface ModifierRow {
  id: number;
  name: string;
  priceCents: number;
  currency: string;
  sortOrder: number;
  isActive: boolean;
}

export async function getModifierList(id: number) {
  const [list] = await sql<(Omit<ModifierListSummary, "modifierCount" | "productCount">)[]>`
    select id, name, min_selected as "minSelected", max_selected as "maxSelected", sort_order as "sortOrder", is_active as "isActive"
      from modifier_lists where id = ${id}`;
  if (!list) return null;
  const [modifiers, products] = await Promise.all([
    sql<ModifierRow[]>`
      select id, name, price_cents as "priceCents", currency, sort_order as "sortOrder", is_active as "isActive"
        from modifiers where modifier_list_id = ${id} order by sort_order, id`,
    sql<{ id: number; name: string }[]>`
      select p.id, p.name from product_modifier_lists pml join products p on p.id = pml.product_id
       where pml.modifier_list_id = ${id} order by p.name`,
  ]);
  return { ...list, modifiers, products };
}

// ---------------------------------------------------------------------------------------------
// Changes. Audit entries carry the row as it was and as it became (its columns, as stored).

const shopCurrency = (tx: Tx) => tx`(select coalesce((select currency from locations order by id limit 1), 'USD'))`;

async function categoryRow(tx: Tx, id: number, lock: boolean) {
  const [row] = await tx<{ row: Row }[]>`
    select to_jsonb(c) - 'created_at' as row from categories c where id = ${id} ${lock ? tx`for update` : tx``}`;
  return row?.row;
}

export async function createCategory(input: CategoryInput, audit: AuditContext): Promise<number> {
  return change(audit, {}, async (tx) => {
    const [{ id }] = await tx<{ id: number }[]>`
      insert into categories (name, slug, description, sort_order)
      values (${input.name}, ${input.slug}, ${input.description}, ${input.sortOrder})
      returning id`;
    await recordAudit(tx, audit, { action: "menu.category.create", subjectType: "category", subjectId: id, after: await categoryRow(tx, id, false) });
    return id;
  });
}

export async function updateCategory(id: number, input: CategoryInput, audit: AuditContext): Promise<void> {
  await change(audit, {}, async (tx) => {
    const before = await categoryRow(tx, id, true);
    if (!before) throw notFound("category");
    await tx`
      update categories set name = ${input.name}, slug = ${input.slug}, description = ${input.description}, sort_order = ${input.sortOrder}
       where id = ${id}`;
    const after = await categoryRow(tx, id, false);
    if (!sameJson(before, after)) {
      await recordAudit(tx, audit, { action: "menu.category.update", subjectType: "category", subjectId: id, before, after });
    }
  });
}

async function productRow(tx: Tx, id: number, lock: boolean) {
  const [row] = await tx<{ row: Row }[]>`
    select to_jsonb(p) - 'created_at' - 'updated_at' as row from products p where id = ${id} ${lock ? tx`for update` : tx``}`;
  return row?.row;
}

async function variantRow(tx: Tx, id: number, lock: boolean) {
  const [row] = await tx<{ row: Row }[]>`
    select to_jsonb(v) - 'created_at' - 'updated_at' - 'stock'
           || jsonb_build_object('inventory', coalesce((select jsonb_object_agg(i.location_id::text, i.quantity)
                                                           from inventory_levels i where i.variant_id = v.id), '{}'))
           as row
      from variants v where id = ${id} ${lock ? tx`for update` : tx``}`;
  return row?.row;
}

async function insertVariant(tx: Tx, productId: number, variant: Pick<VariantInput, "name" | "priceCents"> & Partial<VariantInput>) {
  const [{ id }] = await tx<{ id: number }[]>`
    insert into variants (product_id, name, price_cents, currency, sort_order, sold_out, low_stock_threshold)
    values (${productId}, ${variant.name}, ${variant.priceCents}, ${shopCurrency(tx)}, ${variant.sortOrder ?? 0},
            ${variant.soldOut ?? false}, ${variant.lowStockThreshold ?? null})
    returning id`;
  if (variant.stock) await writeStock(tx, id, variant.stock);
  return id;
}

/** Sets what is counted per location: a quantity keeps (or starts) counting there, null stops it. */
async function writeStock(tx: Tx, variantId: number, stock: VariantInput["stock"]) {
  for (const { locationId, quantity } of stock) {
    try {
      if (quantity === null) {
        await tx`delete from inventory_levels where variant_id = ${variantId} and location_id = ${locationId}`;
      } else {
        await tx`
          insert into inventory_levels (variant_id, location_id, quantity) values (${variantId}, ${locationId}, ${quantity})
          on conflict (variant_id, location_id) do update set quantity = excluded.quantity, updated_at = now()
           where inventory_levels.quantity is distinct from excluded.quantity`;
      }
    } catch (error) {
      if (error instanceof postgres.PostgresError && error.constraint_name === "inventory_levels_quantity_check") {
        throw new MenuRefusal("LR422", "Enter how many there are (zero or more), or leave it empty if you don't count them.", `stock-${locationId}`);
      }
      if (error instanceof postgres.PostgresError && error.constraint_name === "inventory_levels_location_id_fkey") {
        throw new MenuRefusal("LR404", "One of the locations no longer exists; reload the page.");
      }
      throw error;
    }
  }
}

export async function createProduct(
  input: { product: ProductInput; variant: Pick<VariantInput, "name" | "priceCents"> },
  audit: AuditContext,
): Promise<number> {
  return change(audit, {}, async (tx) => {
    const { product } = input;
    const [{ id }] = await tx<{ id: number }[]>`
      insert into products (category_id, name, slug, description, image_url, sort_order, is_active, shippable)
      values (${product.categoryId}, ${product.name}, ${product.slug}, ${product.description}, ${product.imageUrl},
              ${product.sortOrder}, ${product.isActive}, ${product.shippable})
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
             shippable = ${input.shippable}, updated_at = now()
       where id = ${id}`;
    const after = await productRow(tx, id, false);
    if (!sameJson(before, after)) {
      await recordAudit(tx, audit, { action: "menu.product.update", subjectType: "product", subjectId: id, before, after });
    }
  });
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
             low_stock_threshold = ${input.lowStockThreshold}, updated_at = now()
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

/** The low-stock threshold is the shop's own, so it can be changed whichever catalog the menu comes from. */
export async function setLowStockThreshold(variantId: number, threshold: number | null, audit: AuditContext): Promise<void> {
  await change(audit, { squareToo: true }, async (tx) => {
    const [before] = await tx<{ threshold: number | null }[]>`
      select low_stock_threshold as threshold from variants where id = ${variantId} for update`;
    if (!before) throw notFound("variation");
    if (before.threshold === threshold) return;
    await tx`update variants set low_stock_threshold = ${threshold}, updated_at = now() where id = ${variantId}`;
    await recordAudit(tx, audit, {
      action: "menu.variant.low_stock_threshold",
      subjectType: "variant",
      subjectId: variantId,
      before: { low_stock_threshold: before.threshold },
      after: { low_stock_threshold: threshold },
    });
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

async function modifierListRow(tx: Tx, id: number, lock: boolean) {
  const [row] = await tx<{ row: Row }[]>`
    select to_jsonb(l) - 'created_at' - 'updated_at' as row from modifier_lists l where id = ${id} ${lock ? tx`for update` : tx``}`;
  return row?.row;
}

export async function createModifierList(input: ModifierListInput, audit: AuditContext): Promise<number> {
  return change(audit, {}, async (tx) => {
    const [{ id }] = await tx<{ id: number }[]>`
      insert into modifier_lists (name, min_selected, max_selected, sort_order, is_active)
      values (${input.name}, ${input.minSelected}, ${input.maxSelected}, ${input.sortOrder}, ${input.isActive})
      returning id`;
    await recordAudit(tx, audit, { action: "menu.modifier_list.create", subjectType: "modifier_list", subjectId: id, after: await modifierListRow(tx, id, false) });
    return id;
  });
}

export async function updateModifierList(id: number, input: ModifierListInput, audit: AuditContext): Promise<void> {
  await change(audit, {}, async (tx) => {
    const before = await modifierListRow(tx, id, true);
    if (!before) throw notFound("modifier list");
    await tx`
      update modifier_lists
         set name = ${input.name}, min_selected = ${input.minSelected}, max_selected = ${input.maxSelected},
             sort_order = ${input.sortOrder}, is_active = ${input.isActive}, updated_at = now()
       where id = ${id}`;
    const after = await modifierListRow(tx, id, false);
    if (!sameJson(before, after)) {
      await recordAudit(tx, audit, { action: "menu.modifier_list.update", subjectType: "modifier_list", subjectId: id, before, after });
    }
  });
}

async function modifierRow(tx: Tx, id: number, lock: boolean) {
  const [row] = await tx<{ row: Row }[]>`
    select to_jsonb(m) - 'created_at' - 'updated_at' as row from modifiers m where id = ${id} ${lock ? tx`for update` : tx``}`;
  return row?.row;
}

export async function addModifier(modifierListId: number, input: ModifierInput, audit: AuditContext): Promise<number> {
  return change(audit, {}, async (tx) => {
    const [list] = await tx`select id from modifier_lists where id = ${modifierListId} for update`;
    if (!list) throw notFound("modifier list");
    const [{ id }] = await tx<{ id: number }[]>`
      insert into modifiers (modifier_list_id, name, price_cents, currency, sort_order, is_active)
      values (${modifierListId}, ${input.name}, ${input.priceCents}, ${shopCurrency(tx)}, ${input.sortOrder}, ${input.isActive})
      returning id`;
    await recordAudit(tx, audit, { action: "menu.modifier.create", subjectType: "modifier", subjectId: id, after: await modifierRow(tx, id, false) });
    return id;
  });
}

export async function updateModifier(modifierId: number, input: ModifierInput, audit: AuditContext): Promise<void> {
  await change(audit, {}, async (tx) => {
    const before = await modifierRow(tx, modifierId, true);
    if (!before) throw notFound("modifier");
    await tx`
      update modifiers
         set name = ${input.name}, price_cents = ${input.priceCents}, sort_order = ${input.sortOrder},
             is_active = ${input.isActive}, updated_at = now()
       where id = ${modifierId}`;
    const after = await modifierRow(tx, modifierId, false);
    if (!sameJson(before, after)) {
      await recordAudit(tx, audit, { action: "menu.modifier.update", subjectType: "modifier", subjectId: modifierId, before, after });
    }
  });
}
