// The menu editor's front page: every category with its products (variation count, price range)
// and every modifier list.
import { sql } from "~/lib/db.server";
import { listCategories } from "./menu-admin-categories.server";
import { listModifierLists } from "./menu-admin-modifier-lists.server";

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
