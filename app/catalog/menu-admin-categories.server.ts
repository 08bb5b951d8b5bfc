// Categories in the menu editor: the list, one category with its products, adding and changing one.
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { sql } from "~/lib/db.server";
import { change, notFound, sameJson, type Row, type Tx } from "./menu-admin-change.server";
import type { CategoryInput } from "./menu-admin-forms.server";

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

export async function getCategory(id: number) {
  const [category] = await sql<CategoryRow[]>`
    select id, name, slug, description, sort_order as "sortOrder", square_category_id as "squareCategoryId"
      from categories where id = ${id}`;
  if (!category) return null;
  const products = await sql<{ id: number; name: string; isActive: boolean }[]>`
    select id, name, is_active as "isActive" from products where category_id = ${id} order by sort_order, name`;
  return { ...category, products };
}

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
