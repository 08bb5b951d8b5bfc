// Reading the menu: categories with their products and prices, and one product with its variations,
// each with what its daily item limits leave (daily_limit_notes).
import { sql } from "~/lib/db.server";
import { SLUG } from "./slug";
import type { DailyLimitNote } from "./daily-limit-words";
import type { ShownImage } from "./images";
import { PRODUCT_IMAGE_COLUMNS, PRODUCT_IMAGE_JOINS, productImage, type ProductImageColumns as ImageColumns } from "./images.server";

export interface MenuProduct {
  id: number;
  name: string;
  slug: string;
  description: string;
  /** The uploaded photo, else the image address, else Square's catalog image; null for none. */
  image: ShownImage | null;
  minPriceCents: number;
  maxPriceCents: number;
  currency: string;
  soldOut: boolean;
  /** Allergen and dietary tags ("dairy", "vegan"), as the shop entered them. */
  allergens: string[];
  limitNotes: DailyLimitNote[];
}

export interface MenuCategory {
  id: number;
  name: string;
  slug: string;
  description: string;
  products: MenuProduct[];
}

/** What the daily item limits leave at the shop's location, by product id: every product's, or one product's by its slug. */
async function dailyLimitNotes(only: { slug?: string } = {}): Promise<Map<number, DailyLimitNote[]>> {
  const slug = only.slug ?? null;
  const rows = await sql<(DailyLimitNote & { productId: number })[]>`
    select n.product_id as "productId", v.name as "variantName", n.day::text as day, n.items_left as "itemsLeft",
           n.next_day::text as "nextDay"
      from daily_limit_notes(shop_location_id()) n left join variants v on v.id = n.variant_id
     where ${slug}::text is null or n.product_id = (select id from products where slug = ${slug}::text)
     order by n.product_id, v.sort_order nulls first, v.id`;
  const notes = new Map<number, DailyLimitNote[]>();
  for (const { productId: id, ...note } of rows) notes.set(id, [...(notes.get(id) ?? []), note]);
  return notes;
}

export async function getMenu(): Promise<MenuCategory[]> {
  // Both at once, awaited together: a query started and awaited later would be an unhandled
  // rejection (the process's end) if the other failed first.
  const [limitNotes, rows] = await Promise.all([dailyLimitNotes(), sql<(Omit<MenuProduct, "limitNotes" | "image"> & ImageColumns & { categoryId: number; categoryName: string; categorySlug: string; categoryDescription: string })[]>`
    select c.id as "categoryId", c.name as "categoryName", c.slug as "categorySlug",
           c.description as "categoryDescription",
           p.id, p.name, p.slug, p.description, p.allergens, ${sql.unsafe(PRODUCT_IMAGE_COLUMNS)},
           min(v.price_cents) as "minPriceCents", max(v.price_cents) as "maxPriceCents",
           min(v.currency) as currency,
           bool_and(v.sold_out or coalesce(stock.quantity > 0, true) = false) as "soldOut"
      from categories c
      join products p on p.category_id = c.id and p.is_active
      join variants v on v.product_id = p.id
      left join inventory_levels stock on stock.variant_id = v.id and stock.location_id = shop_location_id()
      ${sql.unsafe(PRODUCT_IMAGE_JOINS)}
     group by c.id, p.id, img.id, square_image.square_image_id
     order by c.sort_order, c.name, p.sort_order, p.name`]);
  const categories: MenuCategory[] = [];
  for (const row of rows) {
    let category = categories.at(-1);
    if (!category || category.id !== row.categoryId) {
      category = { id: row.categoryId, name: row.categoryName, slug: row.categorySlug, description: row.categoryDescription, products: [] };
      categories.push(category);
    }
    const { categoryId: _id, categoryName: _name, categorySlug: _slug, categoryDescription: _description, storedImage, imageUrl, squareImageUrl, ...product } = row;
    category.products.push({ ...product, image: productImage({ storedImage, imageUrl, squareImageUrl }), limitNotes: limitNotes.get(product.id) ?? [] });
  }
  return categories;
}

export interface ProductVariant {
  id: number;
  name: string;
  priceCents: number;
  currency: string;
  available: boolean;
  stock: number | null;
}

export interface ProductModifier {
  id: number;
  name: string;
  priceCents: number;
}

export interface ProductModifierList {
  id: number;
  name: string;
  minSelected: number;
  maxSelected: number | null;
  modifiers: ProductModifier[];
}

export interface ProductDetail {
  id: number;
  name: string;
  slug: string;
  description: string;
  image: ShownImage | null;
  categoryName: string;
  shippable: boolean;
  allergens: string[];
  variants: ProductVariant[];
  modifierLists: ProductModifierList[];
  limitNotes: DailyLimitNote[];
}

export async function getProductBySlug(slug: string): Promise<ProductDetail | null> {
  // Only a slug can name a product; anything else (a NUL byte, 5,000 characters) is simply not one.
  if (!SLUG.test(slug) || slug.length > 200) return null;
  // The product with its variations and modifier lists in one statement, its daily limits beside it
  // (each statement costs the app ~0.5 ms of CPU: this page and the add to cart were 4 each, issue 15).
  const [[row], notes] = await Promise.all([
    sql<(Omit<ProductDetail, "modifierLists" | "limitNotes" | "image"> & ImageColumns & { modifierLists: ProductModifierList[] })[]>`
      select p.id, p.name, p.slug, p.description, c.name as "categoryName", p.shippable, p.allergens, ${sql.unsafe(PRODUCT_IMAGE_COLUMNS)},
             coalesce((
               select json_agg(json_build_object(
                        'id', v.id, 'name', v.name, 'priceCents', v.price_cents, 'currency', v.currency,
                        'available', not (v.sold_out or coalesce(stock.quantity = 0, false)), 'stock', stock.quantity)
                      order by v.sort_order, v.price_cents)
                 from variants v
                 left join inventory_levels stock on stock.variant_id = v.id and stock.location_id = shop_location_id()
                where v.product_id = p.id), '[]') as variants,
             coalesce((
               select json_agg(json_build_object('id', l.id, 'name', l.name, 'minSelected', l.min_selected,
                                                 'maxSelected', l.max_selected, 'modifiers', l.modifiers)
                               order by l.sort_order, l.id)
                 from (select ml.id, ml.name, pml.sort_order,
                              coalesce(pml.min_selected, ml.min_selected) as min_selected,
                              coalesce(pml.max_selected, ml.max_selected) as max_selected,
                              coalesce(json_agg(json_build_object('id', m.id, 'name', m.name, 'priceCents', m.price_cents)
                                                order by m.sort_order, m.id) filter (where m.id is not null), '[]') as modifiers
                         from product_modifier_lists pml
                         join modifier_lists ml on ml.id = pml.modifier_list_id and ml.is_active
                         left join modifiers m on m.modifier_list_id = ml.id and m.is_active
                        where pml.product_id = p.id
                        group by ml.id, pml.sort_order, pml.min_selected, pml.max_selected) l), '[]') as "modifierLists"
        from products p join categories c on c.id = p.category_id
        ${sql.unsafe(PRODUCT_IMAGE_JOINS)}
       where p.slug = ${slug} and p.is_active`,
    dailyLimitNotes({ slug }),
  ]);
  if (!row) return null;
  const { storedImage, imageUrl, squareImageUrl, ...product } = row;
  return { ...product, image: productImage({ storedImage, imageUrl, squareImageUrl }), limitNotes: notes.get(product.id) ?? [] };
}
