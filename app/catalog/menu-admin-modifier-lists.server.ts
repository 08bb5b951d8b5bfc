// Modifier lists and their modifiers in the menu editor: the lists, one list with its modifiers and
// the products offering it, adding and changing lists and modifiers.
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { sql } from "~/lib/db.server";
import { change, notFound, sameJson, shopCurrency, type Row, type Tx } from "./menu-admin-change.server";
import type { ModifierInput, ModifierListInput } from "./menu-admin-forms.server";

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

export function listModifierLists() {
  return sql<ModifierListSummary[]>`
    select l.id, l.name, l.min_selected as "minSelected", l.max_selected as "maxSelected", l.sort_order as "sortOrder",
           l.is_active as "isActive",
           (select count(*)::int from modifiers m where m.modifier_list_id = l.id) as "modifierCount",
           (select count(*)::int from product_modifier_lists pml where pml.modifier_list_id = l.id) as "productCount"
      from modifier_lists l
     order by l.sort_order, l.name`;
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
