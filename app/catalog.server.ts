// Reading the menu: categories with their products and prices, and one product with its variations.
import { sql } from "./db.server";

export interface MenuProduct {
  id: number;
  name: string;
  slug: string;
  description: string;
  imageUrl: string | null;
  minPriceCents: number;
  maxPriceCents: number;
  currency: string;
  soldOut: boolean;
}

export interface MenuCategory {
  id: number;
  name: string;
  slug: string;
  description: string;
  products: MenuProduct[];
}

export async function getMenu(): Promise<MenuCategory[]> {
  const rows = await sql<(MenuProduct & { categoryId: number; categoryName: string; categorySlug: string; categoryDescription: string })[]>`
    select c.id as "categoryId", c.name as "categoryName", c.slug as "categorySlug",
           c.description as "categoryDescription",
           p.id, p.name, p.slug, p.description, p.image_url as "imageUrl",
           min(v.price_cents) as "minPriceCents", max(v.price_cents) as "maxPriceCents",
           min(v.currency) as currency,
           bool_and(v.sold_out or v.stock = 0) as "soldOut"
      from categories c
      join products p on p.category_id = c.id and p.is_active
      join variants v on v.product_id = p.id
     group by c.id, p.id
     order by c.sort_order, c.name, p.sort_order, p.name`;
  const categories: MenuCategory[] = [];
  for (const row of rows) {
    let category = categories.at(-1);
    if (!category || category.id !== row.categoryId) {
      category = { id: row.categoryId, name: row.categoryName, slug: row.categorySlug, description: row.categoryDescription, products: [] };
      categories.push(category);
    }
    const { categoryId: _id, categoryName: _name, categorySlug: _slug, categoryDescription: _description, ...product } = row;
    category.products.push(product);
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

export interface ProductDetail {
  id: number;
  name: string;
  slug: string;
  description: string;
  imageUrl: string | null;
  categoryName: string;
  variants: ProductVariant[];
}

export async function getProductBySlug(slug: string): Promise<ProductDetail | null> {
  const [product] = await sql<Omit<ProductDetail, "variants">[]>`
    select p.id, p.name, p.slug, p.description, p.image_url as "imageUrl", c.name as "categoryName"
      from products p join categories c on c.id = p.category_id
     where p.slug = ${slug} and p.is_active`;
  if (!product) return null;
  const variants = await sql<ProductVariant[]>`
    select id, name, price_cents as "priceCents", currency,
           not (sold_out or stock = 0) as available, stock
      from variants where product_id = ${product.id}
     order by sort_order, price_cents`;
  return { ...product, variants };
}
