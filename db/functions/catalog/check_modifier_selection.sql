-- Checks a set of modifier choices for a variant against its product's lists and returns it
-- ascending and without repeats. Errors name the list's form field, modifierList<list id>.
create or replace function private.check_modifier_selection(p_variant_id bigint, p_modifier_ids bigint[]) returns bigint[]
language plpgsql stable as $$
declare
  chosen bigint[] := array(select distinct m from unnest(coalesce(p_modifier_ids, '{}')) m order by m);
  list record;
begin
  if exists (
    select 1 from unnest(chosen) c
     where not exists (
       select 1 from modifiers m
         join modifier_lists ml on ml.id = m.modifier_list_id and ml.is_active
         join product_modifier_lists pml on pml.modifier_list_id = ml.id
         join variants v on v.product_id = pml.product_id
        where m.id = c and m.is_active and v.id = p_variant_id)) then
    raise exception 'One of the choices is not offered for this item. Please choose again.'
      using errcode = 'LR422', column = 'modifiers';
  end if;
  -- A product may override its list's limits (Square's per-item modifier_list_info).
  for list in
    select ml.id, ml.name, coalesce(pml.min_selected, ml.min_selected) as min_selected,
           coalesce(pml.max_selected, ml.max_selected) as max_selected,
           (select count(*) from modifiers m where m.modifier_list_id = ml.id and m.id = any (chosen)) as picked
      from modifier_lists ml
      join product_modifier_lists pml on pml.modifier_list_id = ml.id
      join variants v on v.product_id = pml.product_id
     where v.id = p_variant_id and ml.is_active
     order by pml.sort_order, ml.id
  loop
    if list.picked < list.min_selected then
      raise exception '%: choose %.', list.name,
        case when list.max_selected = list.min_selected then list.min_selected::text
             when list.max_selected is null then 'at least ' || list.min_selected
             else list.min_selected || ' to ' || list.max_selected end
        using errcode = 'LR422', column = 'modifierList' || list.id;
    end if;
    if list.max_selected is not null and list.picked > list.max_selected then
      raise exception '%: choose at most %.', list.name, list.max_selected
        using errcode = 'LR422', column = 'modifierList' || list.id;
    end if;
  end loop;
  return chosen;
end
$$;
