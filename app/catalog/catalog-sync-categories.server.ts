// Square's categories and images applied to the menu: a category row per Square category (a new one
// gets a free slug), the "Uncategorized" category for products without a known one, and an image's
// URL on the products that show it.
import { noteSeen, type Of, type PageContext, type Tx } from "./catalog-sync-context.server";
import { cleanName, isNewer, version } from "./catalog-sync-values";
import { slugify } from "./slug";

/** A slug for a new row that no other row of the table has: the name's, or the name's with -2, -3, … */
export async function uniqueSlug(tx: Tx, table: "products" | "categories", name: string): Promise<string> {
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
export async function uncategorized(ctx: PageContext): Promise<number> {
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

export async function applyCategory(ctx: PageContext, object: Of<"CATEGORY">): Promise<void> {
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

export async function applyImage(ctx: PageContext, object: Of<"IMAGE">): Promise<void> {
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
