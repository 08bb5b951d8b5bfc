// Square's modifier lists (with the modifiers nested in them) and modifiers sent on their own,
// applied to the menu: names, prices, limits, order and whether customers see them.
import { noteSeen, type Of, type PageContext } from "./catalog-sync-context.server";
import { cents, cleanName, idsOf, isNewer, setCount, smallInt, version } from "./catalog-sync-values";

function listLimits(data: NonNullable<(Of<"MODIFIER_LIST">)["modifierListData"]>) {
  const single = data.selectionType === "SINGLE";
  const min = Math.min(setCount(data.minSelectedModifiers) ?? 0, 100);
  let max = setCount(data.maxSelectedModifiers) ?? (single ? 1 : null);
  if (max !== null) max = Math.min(Math.max(max, 1, min), 100);
  return { min, max };
}

export async function applyModifierList(ctx: PageContext, object: Of<"MODIFIER_LIST">): Promise<void> {
  const { tx } = ctx;
  noteSeen(ctx, "modifierLists", object);
  const data = object.modifierListData ?? {};
  const [row] = await tx<{ id: number; squareVersion: number | null }[]>`
    select id, square_version as "squareVersion" from modifier_lists where square_modifier_list_id = ${object.id} for update`;
  const newer = isNewer(row, object);
  let listId = row?.id;
  if (newer && object.isDeleted) {
    if (!row) return;
    await tx`update modifier_lists set is_active = false, square_version = ${version(object)}, updated_at = now() where id = ${row.id}`;
    await tx`update modifiers set is_active = false, updated_at = now() where modifier_list_id = ${row.id} and is_active`;
    await tx`delete from product_modifier_lists where modifier_list_id = ${row.id}`;
    ctx.outcome.applied += 1;
    return;
  }
  if (newer) {
    const name = cleanName(data.name, "Options");
    const { min, max } = listLimits(data);
    const active = data.hiddenFromCustomer !== true;
    const sortOrder = smallInt(data.ordinal);
    if (row) {
      await tx`
        update modifier_lists
           set name = ${name}, min_selected = ${min}, max_selected = ${max}, sort_order = ${sortOrder},
               is_active = ${active}, square_version = ${version(object)}, updated_at = now()
         where id = ${row.id}`;
    } else {
      [{ id: listId }] = await tx<{ id: number }[]>`
        insert into modifier_lists (name, min_selected, max_selected, sort_order, is_active, square_modifier_list_id, square_version)
        values (${name}, ${min}, ${max}, ${sortOrder}, ${active}, ${object.id}, ${version(object)})
        returning id`;
    }
    ctx.outcome.applied += 1;
  }
  if (listId === undefined) return;
  const modifiers = data.modifiers ?? [];
  for (const modifier of modifiers) {
    ctx.outcome.received += 1;
    if (modifier.type === "MODIFIER" && modifier.id) await applyModifier(ctx, modifier, listId);
  }
  // The list's newer version is the whole list: modifiers it no longer has are no longer offered.
  if (newer && !object.isDeleted) {
    await tx`
      update modifiers set is_active = false, updated_at = now()
       where modifier_list_id = ${listId} and is_active
         and (square_modifier_id is null or square_modifier_id <> all(${idsOf(modifiers)}::text[]))`;
  }
}

export async function applyModifier(ctx: PageContext, object: Of<"MODIFIER">, knownListId?: number): Promise<void> {
  const { tx } = ctx;
  noteSeen(ctx, "modifiers", object);
  const data = object.modifierData ?? {};
  const listId =
    knownListId ??
    (await tx<{ id: number }[]>`select id from modifier_lists where square_modifier_list_id = ${data.modifierListId ?? ""}`)[0]?.id;
  const [row] = await tx<{ id: number; squareVersion: number | null }[]>`
    select id, square_version as "squareVersion" from modifiers where square_modifier_id = ${object.id} for update`;
  if (!isNewer(row, object)) return;
  if (object.isDeleted) {
    if (!row) return;
    await tx`update modifiers set is_active = false, square_version = ${version(object)}, updated_at = now() where id = ${row.id}`;
    ctx.outcome.applied += 1;
    return;
  }
  // A modifier of a list not here yet comes again, nested in its list, when the list does.
  if (listId === undefined) return;
  const name = cleanName(data.name, "Option");
  const price = cents(data.priceMoney?.amount);
  const currency = data.priceMoney?.currency ?? "USD";
  const active = data.hiddenOnline !== true;
  const sortOrder = smallInt(data.ordinal);
  if (row) {
    await tx`
      update modifiers
         set modifier_list_id = ${listId}, name = ${name}, price_cents = ${price}, currency = ${currency},
             sort_order = ${sortOrder}, is_active = ${active}, square_version = ${version(object)}, updated_at = now()
       where id = ${row.id}`;
  } else {
    await tx`
      insert into modifiers (modifier_list_id, name, price_cents, currency, sort_order, is_active, square_modifier_id, square_version)
      values (${listId}, ${name}, ${price}, ${currency}, ${sortOrder}, ${active}, ${object.id}, ${version(object)})`;
  }
  ctx.outcome.applied += 1;
}
